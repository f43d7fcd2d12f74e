package gmp.stage05.instrument;

import gmp.stage05.programs.Loops;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.lang.classfile.ClassFile;
import java.lang.classfile.ClassModel;
import java.lang.classfile.CodeElement;
import java.lang.classfile.CodeModel;
import java.lang.classfile.Instruction;
import java.lang.classfile.Label;
import java.lang.classfile.MethodModel;
import java.lang.classfile.instruction.BranchInstruction;
import java.lang.classfile.instruction.InvokeInstruction;
import java.lang.classfile.instruction.LabelTarget;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What {@link PollInserter} does to a class, read back from the bytecode it writes: which
 * methods got an entry poll, where the back-edge polls sit, that the result verifies and
 * computes what the original did.
 */
class PollInserterTest {

    /** Who places the back-edge polls: the workbook's own here, the learner's in exercises 5.2 and 5.3. */
    protected PollInserter.Backedges backedges() {
        return PollInserter.Backedges.DEFAULT;
    }

    private PollInserter.Result instrument(Class<?> c, PollInserter.Polls polls) throws IOException {
        return PollInserter.instrument(original(c), polls, getClass().getClassLoader(), backedges());
    }

    static byte[] original(Class<?> c) throws IOException {
        try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
            return in.readAllBytes();     // the class file as javac wrote it, not as the agent loaded it
        }
    }

    /**
     * Instructions a back-edge poll takes before its jump: with the default stride, {@code iinc
     * budget -1; iload; ifgt skip; invokestatic backedge; sipush; istore} (a poll every 1,024
     * iterations); with {@code -Dgmp.preempt.stride=1}, just the call.
     */
    static final int POLL_SEQUENCE = 6;

    /**
     * Per method: [entry poll as the very first instruction (0/1), back-edge polls, backward
     * jumps, backward jumps with a back-edge poll among the instructions just before them].
     */
    static Map<String, int[]> polls(byte[] bytes) {
        ClassModel cm = ClassFile.of().parse(bytes);
        Map<String, int[]> out = new LinkedHashMap<>();
        for (MethodModel m : cm.methods()) {
            CodeModel code = m.code().orElse(null);
            if (code == null) {
                continue;
            }
            List<CodeElement> els = new ArrayList<>(code.elementList());
            List<Instruction> ins = els.stream().filter(e -> e instanceof Instruction).map(e -> (Instruction) e).toList();
            int entry = isPoll(ins.getFirst(), "entry") ? 1 : 0;
            int backedgePolls = 0;
            int backJumps = 0;
            int polledJumps = 0;
            Set<Label> seen = new HashSet<>();
            java.util.ArrayDeque<Instruction> recent = new java.util.ArrayDeque<>();
            for (CodeElement e : els) {
                if (e instanceof LabelTarget t) {
                    seen.add(t.label());
                }
                if (e instanceof BranchInstruction br && seen.contains(br.target())) {
                    backJumps++;
                    if (recent.stream().anyMatch(i -> isPoll(i, "backedge"))) {
                        polledJumps++;
                    }
                }
                if (e instanceof Instruction i) {
                    if (isPoll(i, "backedge")) {
                        backedgePolls++;
                    }
                    recent.addLast(i);
                    if (recent.size() > POLL_SEQUENCE) {
                        recent.removeFirst();
                    }
                }
            }
            out.put(m.methodName().stringValue(), new int[] {entry, backedgePolls, backJumps, polledJumps});
        }
        return out;
    }

    static boolean isPoll(Instruction i, String which) {
        return i instanceof InvokeInstruction inv
                && inv.owner().asInternalName().equals("gmp/core/spi/Safepoint")
                && inv.name().stringValue().equals(which);
    }

    @Test
    void entryAndBackEdgePolls_whereTheLoopsAre() throws IOException {
        PollInserter.Result r = instrument(Loops.class, PollInserter.Polls.ENTRY_AND_BACKEDGE);
        Map<String, int[]> p = polls(r.bytes());
        // {entry poll, back-edge polls}
        assertThat(p.get("noLoop")).startsWith(1, 0);
        assertThat(p.get("sum")).startsWith(1, 1);
        assertThat(p.get("nested")).startsWith(1, 2);
        assertThat(p.get("collatzSteps")).startsWith(1, 1);
        assertThat(p.get("parseAll")).startsWith(1, 1);
        assertThat(p.get("<init>")).as("constructors get no polls").startsWith(0, 0);
        assertThat(p.get("<clinit>")).as("static initialisers get no polls, though this one loops").startsWith(0, 0);
        assertThat(p).allSatisfy((name, v) -> {
            if (!name.startsWith("<")) {
                assertThat(v[3]).as("backward jumps of %s with a poll right before them", name).isEqualTo(v[2]);
            }
        });
        assertThat(r.entryPolls()).isEqualTo(5);
        assertThat(r.backedgePolls()).isEqualTo(5);
        System.out.println(r);
    }

    @Test
    void entryOnly_leavesTheLoopsAlone() throws IOException {
        PollInserter.Result r = instrument(Loops.class, PollInserter.Polls.ENTRY);
        Map<String, int[]> p = polls(r.bytes());
        assertThat(p.get("nested")).containsExactly(1, 0, 2, 0);
        assertThat(r.backedgePolls()).isZero();
    }

    @Test
    void none_addsNothing() throws IOException {
        PollInserter.Result r = instrument(Loops.class, PollInserter.Polls.NONE);
        assertThat(polls(r.bytes()).values()).allSatisfy(v -> assertThat(v).startsWith(0, 0));
    }

    @ParameterizedTest
    @EnumSource(PollInserter.Polls.class)
    void theRewrittenClassVerifiesAndComputesTheSame(PollInserter.Polls polls) throws Exception {
        byte[] bytes = instrument(Loops.class, polls).bytes();
        assertThat(ClassFile.of().verify(bytes)).as("verification errors").isEmpty();

        ClassLoader l = new InstrumentingClassLoader(Scope.parse("gmp.stage05.programs.Loops"), polls, backedges(),
                getClass().getClassLoader());
        Class<?> c = l.loadClass(Loops.class.getName());
        assertThat(c).isNotSameAs(Loops.class);
        assertThat(c.getClassLoader()).isSameAs(l);
        assertThat(c.getMethod("sum", int.class).invoke(null, 100)).isEqualTo(Loops.sum(100));
        assertThat(c.getMethod("nested", int.class).invoke(null, 30)).isEqualTo(Loops.nested(30));
        assertThat(c.getMethod("collatzSteps", long.class).invoke(null, 27L)).isEqualTo(Loops.collatzSteps(27));
        assertThat(c.getMethod("parseAll", String[].class).invoke(null, (Object) new String[] {"1", "x", "3", "y"}))
                .isEqualTo(2);
        assertThat(c.getField("SEED").get(null)).isEqualTo(Loops.SEED);
    }

    @Test
    void theJdkAndTheRuntimeAreNeverInScope_evenWhenIncluded() {
        Scope everything = Scope.parse("java.,jdk.,gmp.");
        assertThat(everything.instruments("java/util/ArrayList")).isFalse();
        assertThat(everything.instruments("jdk/internal/vm/Continuation")).isFalse();
        assertThat(everything.instruments("gmp/core/Chan")).isFalse();
        assertThat(everything.instruments("gmp/core/spi/Safepoint")).isFalse();
        assertThat(everything.instruments("gmp/stage04/GMPScheduler")).isFalse();
        assertThat(everything.instruments("gmp/stage05/PreemptiveScheduler")).isFalse();
        assertThat(everything.instruments("gmp/stage05/instrument/PollInserter")).isFalse();
        // user packages below the runtime's are user code
        assertThat(everything.instruments("gmp/core/contract/SchedulerContract")).isTrue();
        assertThat(everything.instruments("gmp/stage05/programs/Spinner")).isTrue();
        assertThat(Scope.parse("com.example.").instruments("com/example/Main")).isTrue();
        assertThat(Scope.parse("com.example.").instruments("com/examples/Main")).isFalse();
    }
}
