package gmp.stage05.instrument;

import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassHierarchyResolver;
import java.lang.classfile.ClassModel;
import java.lang.classfile.ClassTransform;
import java.lang.classfile.CodeBuilder;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeTransform;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.TypeKind;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.lang.classfile.instruction.LookupSwitchInstruction;
import java.lang.classfile.instruction.SwitchCase;
import java.lang.classfile.instruction.TableSwitchInstruction;
import java.lang.constant.ClassDesc;
import java.lang.constant.ConstantDescs;
import java.lang.constant.MethodTypeDesc;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Inserts preemption polls into a class file with the JDK's Class-File API
 * ({@code java.lang.classfile}), so that goroutine code compiled by javac can be stopped by
 * sysmon, as Go's compiler makes Go code stoppable:
 * <ul>
 *   <li>at every method entry, {@code invokestatic gmp/core/spi/Safepoint.entry()V}: Go's
 *       function prologue, whose stack-bound check sysmon turns into a preemption check (Go 1.2);</li>
 *   <li>before every backward jump (a {@code goto}, {@code if*} or switch whose target is a
 *       label already seen, i.e. the end of a loop iteration),
 *       {@code invokestatic gmp/core/spi/Safepoint.backedge()V}: where a loop without calls can
 *       be stopped, our stand-in for Go 1.14's asynchronous safe points. Strip-mined, as
 *       HotSpot does its own safepoint polls: a counter in a new local counts the back-edges
 *       down from {@link #STRIDE} (1,024; {@code -Dgmp.preempt.stride=1} polls every
 *       iteration) and only then calls the poll, which costs a loop with a real body ~1%
 *       instead of ~10% (measured in {@code PollCostBenchmark}) and delays a preemption by at
 *       most 1,024 iterations.</li>
 * </ul>
 * Both polls take no arguments and return nothing, so they leave the operand stack as they
 * found it; the stack map frames are recomputed by the Class-File API.
 *
 * <p>Never instrumented, whatever the caller asks: static initialisers ({@code <clinit>}: a
 * goroutine cannot leave its thread while a class initialiser is on its stack, so a poll there
 * could only be refused) and constructors ({@code <init>}: a poll before {@code super()} would
 * suspend a frame holding an uninitialised object). Which classes are instrumented at all is
 * {@link Scope}'s decision.
 *
 * <p>Go rejected back-edge polls for Go 1.14 (a 7.8% geomean slowdown) and chose signals
 * instead; a JVM thread cannot be interrupted at an arbitrary instruction, so polls are the
 * only choice here. Their cost is measured in {@code benchmarks} ({@code PollCostBenchmark}).
 */
public final class PollInserter {
    private PollInserter() {
    }

    /** Which polls to insert. */
    public enum Polls {
        /** None: the class is only parsed and written back (the baseline of the cost benchmark). */
        NONE,
        /** Method entries only: cooperative preemption, Go 1.2-1.13. */
        ENTRY,
        /** Method entries and loop back-edges: what 05-async needs (the default). */
        ENTRY_AND_BACKEDGE
    }

    static final ClassDesc SAFEPOINT = ClassDesc.of("gmp.core.spi.Safepoint");
    /** Back-edges per back-edge poll (1: every iteration). */
    static final int STRIDE = Integer.getInteger("gmp.preempt.stride", 1024);
    static final MethodTypeDesc NO_ARGS = MethodTypeDesc.of(ConstantDescs.CD_void);

    /** A poll to call: a static method with no arguments and no result. */
    public record Poll(ClassDesc owner, String method) {
        /** The method-entry poll, {@code Safepoint.entry()}. */
        public static final Poll ENTRY = new Poll(SAFEPOINT, "entry");
        /** The back-edge poll, {@code Safepoint.backedge()}. */
        public static final Poll BACKEDGE = new Poll(SAFEPOINT, "backedge");

        /** Emits the call: {@code invokestatic owner.method()V}. It leaves the operand stack as it found it. */
        public void call(CodeBuilder b) {
            b.invokestatic(owner, method, NO_ARGS);
        }
    }

    /**
     * Where back-edge polls go, as a transform of one method's code: the reference is
     * {@link #REFERENCE}; exercises 5.2 and 5.3 write another. Each method must make a fresh,
     * stateful transform ({@code CodeTransform.ofStateful}: it remembers the labels of that method)
     * and call {@code counted.run()} once per poll it puts in.
     */
    public interface BackedgePlacement {
        /** A call to {@code poll} just before every backward jump (a branch or switch to a label already seen). */
        CodeTransform everyBackedge(Poll poll, Runnable counted);

        /** The same, strip-mined: a counter in a new local counts back-edges down from {@code stride}; {@code poll} is called only when it reaches 0. */
        CodeTransform stripMined(Poll poll, int stride, Runnable counted);
    }

    /** How loop back-edges get their polls: who places them, how often a poll calls, and what it calls. */
    public record Backedges(BackedgePlacement placement, int stride, Poll poll) {
        /** The workbook's own: {@link #REFERENCE}, strided by {@code -Dgmp.preempt.stride} (1,024), calling {@code Safepoint.backedge()}. */
        public static final Backedges DEFAULT = new Backedges(REFERENCE, STRIDE, Poll.BACKEDGE);

        CodeTransform transform(Runnable counted) {
            return stride <= 1 ? placement.everyBackedge(poll, counted) : placement.stripMined(poll, stride, counted);
        }
    }

    /** What was done to one class: its name and how many polls of each kind went in. */
    public record Result(String className, byte[] bytes, int methods, int entryPolls, int backedgePolls) {
        @Override
        public String toString() {
            return className + ": " + methods + " methods, " + entryPolls + " entry polls, "
                    + backedgePolls + " back-edge polls";
        }
    }

    /**
     * Returns {@code classBytes} with polls inserted. {@code loader} is where the class's
     * supertypes can be found as resources (for the stack map frames); it is only read, never
     * asked to load a class, so this is safe inside a {@code ClassFileTransformer}.
     */
    public static Result instrument(byte[] classBytes, Polls polls, ClassLoader loader) {
        return instrument(classBytes, polls, loader, Backedges.DEFAULT);
    }

    /** {@link #instrument(byte[], Polls, ClassLoader)} with the back-edge polls placed by {@code backedges}. */
    public static Result instrument(byte[] classBytes, Polls polls, ClassLoader loader, Backedges backedges) {
        ClassHierarchyResolver hierarchy = ClassHierarchyResolver.defaultResolver()
                .orElse(ClassHierarchyResolver.ofResourceParsing(loader != null ? loader : ClassLoader.getSystemClassLoader()))
                .cached();
        ClassFile cf = ClassFile.of(ClassFile.ClassHierarchyResolverOption.of(hierarchy));
        ClassModel model = cf.parse(classBytes);
        AtomicInteger methods = new AtomicInteger();
        AtomicInteger entries = new AtomicInteger();
        AtomicInteger backedgeCount = new AtomicInteger();
        CodeTransform transform = switch (polls) {
            case NONE -> CodeTransform.ACCEPT_ALL;
            case ENTRY -> entryPoll(entries);
            case ENTRY_AND_BACKEDGE -> backedges.transform(backedgeCount::incrementAndGet)
                    .andThen(entryPoll(entries));   // so the entry poll comes out first
        };
        byte[] out = cf.transformClass(model, ClassTransform.transformingMethodBodies(
                m -> {
                    boolean yes = wantsPolls(m);
                    if (yes) {
                        methods.incrementAndGet();
                    }
                    return yes;
                }, transform));
        return new Result(model.thisClass().asInternalName(), out, methods.get(), entries.get(), backedgeCount.get());
    }

    /** Methods that get polls: every method with code except initialisers. */
    static boolean wantsPolls(MethodModel m) {
        String name = m.methodName().stringValue();
        return !name.equals(ConstantDescs.CLASS_INIT_NAME) && !name.equals(ConstantDescs.INIT_NAME);
    }

    /** The method-entry poll: one call before the first instruction. */
    private static CodeTransform entryPoll(AtomicInteger count) {
        return new CodeTransform() {
            @Override
            public void atStart(CodeBuilder b) {
                Poll.ENTRY.call(b);
                count.incrementAndGet();
            }

            @Override
            public void accept(CodeBuilder b, CodeElement e) {
                b.with(e);
            }
        };
    }

    /**
     * The workbook's back-edge polls. Stateful (one instance per method): it remembers every label
     * it has passed; a jump to one of them goes backwards, so the poll goes just before the jump.
     */
    public static final BackedgePlacement REFERENCE = new BackedgePlacement() {
        @Override
        public CodeTransform everyBackedge(Poll poll, Runnable counted) {
            return backedgePolls(poll, 1, counted);
        }

        @Override
        public CodeTransform stripMined(Poll poll, int stride, Runnable counted) {
            return backedgePolls(poll, stride, counted);
        }
    };

    private static CodeTransform backedgePolls(Poll poll, int stride, Runnable counted) {
        return CodeTransform.ofStateful(() -> new CodeTransform() {
            private final Set<Label> seen = new HashSet<>();
            private int budget = -1;

            @Override
            public void atStart(CodeBuilder b) {
                if (stride > 1) {
                    budget = b.allocateLocal(TypeKind.INT);     // a slot above the method's own locals
                    b.loadConstant(stride);
                    b.istore(budget);
                }
            }

            @Override
            public void accept(CodeBuilder b, CodeElement e) {
                switch (e) {
                    case LabelTarget t -> seen.add(t.label());
                    case BranchInstruction br when seen.contains(br.target()) -> poll(b);
                    case TableSwitchInstruction ts when jumpsBack(ts.defaultTarget(), ts.cases()) -> poll(b);
                    case LookupSwitchInstruction ls when jumpsBack(ls.defaultTarget(), ls.cases()) -> poll(b);
                    default -> { }
                }
                b.with(e);
            }

            private boolean jumpsBack(Label dflt, List<SwitchCase> cases) {
                return seen.contains(dflt) || cases.stream().anyMatch(c -> seen.contains(c.target()));
            }

            private void poll(CodeBuilder b) {
                counted.run();
                if (stride <= 1) {
                    poll.call(b);
                    return;
                }
                // strip-mined: poll once every stride iterations (HotSpot polls its safepoints the same way)
                Label skip = b.newLabel();
                b.iinc(budget, -1);
                b.iload(budget);
                b.ifgt(skip);
                poll.call(b);
                b.loadConstant(stride);
                b.istore(budget);
                b.labelBinding(skip);
            }
        });
    }
}
