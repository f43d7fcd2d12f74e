package gmp.core.spi;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A goroutine: Go's {@code g} (runtime2.go), whose stack is a real user-mode stack, a
 * {@link Continuation}. Switching to a G is {@code cont.run()} on an M's thread; switching
 * away is {@code Continuation.yield} back to that M (Go's {@code gogo} and {@code mcall}).
 *
 * <p>Invariants (who writes what):
 * <ul>
 *   <li>{@code status} is written by the G itself while it runs, by its M around a switch,
 *       and by a waker in {@link AbstractScheduler#goready}; it is volatile so tests and
 *       {@code schedtrace} can read it from anywhere.</li>
 *   <li>{@code m} is set by the M that runs the G, only while it runs it.</li>
 *   <li>{@code param} and {@code waitReason} are written by the G before it parks, or by the
 *       waker under the lock of the object the G waits on (a channel's lock, like Go's
 *       {@code hchan.lock}); the park/unlock handshake in {@code M.execute} orders them.</li>
 *   <li>{@code schedlink} and {@code sched*} fields belong to whoever holds the G's queue.</li>
 * </ul>
 *
 * <p>Model difference: a Go stack starts at 2 KB and is copied when it grows (up to 1 GB); a
 * Continuation's frames live on the carrier thread's stack while mounted and are copied to the
 * heap (a few hundred bytes for a shallow stack) when it yields. So the M's thread stack
 * ({@code Config.stackSize}) bounds the frames a G pushes between two switches, and a park
 * saves them only if the JVM can (core's README, "Limits").
 */
public final class G {

    /** The one scope every goroutine yields to: "back to my M" (Go's g0). */
    public static final ContinuationScope SCOPE = new ContinuationScope("goroutine");

    /** Goroutine id ({@code goid}); 1 is the main goroutine of a run. */
    public final long goid;
    /** The run this G belongs to: a G of a finished run is discarded, never resumed. */
    public final RunState run;
    /** The M that created this G (-1 for the main goroutine); lets stages count locality. */
    public final int creatorM;
    final Continuation cont;

    public volatile GStatus status = GStatus.IDLE;
    /** Why the G is waiting ("chan receive", "sleep", ...): Go's {@code waitreason}. */
    public volatile String waitReason;
    /** The M running this G, or null (Go's {@code g.m}). */
    public volatile M m;
    /** Data handed over by a waker: the {@link Sudog} that fired in a select (Go's {@code g.param}). */
    public Object param;
    /**
     * Set once by the waker that wins a select (Go's {@code g.selectDone}); a plain field with
     * a VarHandle rather than an AtomicBoolean, which would cost every goroutine 16 more bytes.
     */
    private volatile boolean selectDone;
    private static final VarHandle SELECT_DONE;

    static {
        try {
            SELECT_DONE = MethodHandles.lookup().findVarHandle(G.class, "selectDone", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A select is about to wait: no case has fired yet. */
    public void selectStart() {
        selectDone = false;
    }

    /** A waker tries to be the one that completes this G's select; true for exactly one. */
    public boolean selectWin() {
        return SELECT_DONE.compareAndSet(this, false, true);
    }
    /** An uncaught exception of the G's body: the run ends with a GoroutinePanic. */
    Throwable panic;
    /** The main goroutine's return value. */
    Object result;

    /**
     * Go's {@code gp.preempt}: sysmon asked this G to give up its CPU at its next poll (Go also
     * sets {@code stackguard0 = stackPreempt} so the next function prologue notices). Changed
     * only through {@link Safepoint} (compare-and-set, so its request count stays exact);
     * cleared when the slice ends, whatever ended it.
     */
    volatile boolean preempt;

    /**
     * The G's interrupt status while it is off its M (a goroutine that left its thread interrupted
     * and then switched away): set by its M after the switch, given back to the thread that runs it next.
     */
    boolean interrupted;

    /** Time slices this G has started (written by the M running it). */
    public long slices;

    /** Intrusive link for queues owned by a stage (Go's {@code schedlink}). */
    public G schedlink;
    /**
     * The M this G is wired to for life, or null (Go's {@code g.lockedm}, set by
     * {@code LockOSThread}): in 01's 1:1 model every G has its own M. Written before the M starts.
     */
    public volatile M lockedm;

    private final Runnable fn;
    private final java.util.concurrent.Callable<?> mainFn;

    G(long goid, RunState run, int creatorM, Runnable fn, java.util.concurrent.Callable<?> mainFn) {
        this.goid = goid;
        this.run = run;
        this.creatorM = creatorM;
        this.fn = fn;
        this.mainFn = mainFn;
        this.cont = new GoContinuation(this, this::body);
    }

    /** The goroutine's whole life: its function, with an uncaught exception kept as its panic. */
    private void body() {
        try {
            if (fn != null) {
                fn.run();
            } else {
                result = mainFn.call();
            }
        } catch (Throwable t) {
            panic = t;
        }
    }

    /**
     * A G that belongs to no run and never runs: for run-queue tests and exercises, where only
     * its identity matters.
     */
    public static G detached(long goid) {
        return new G(goid, RunState.DETACHED, -1, () -> { }, null);
    }

    /** Switches from the running G back to its M (the switch half of Go's {@code mcall}). */
    static void yieldToM() {
        Continuation.yield(SCOPE);
    }

    /**
     * The G running on the current thread, or null outside goroutines (Go's {@code getg()}).
     *
     * <p>Found through the mounted continuation, not through {@code Thread.currentThread()}:
     * C2 may treat {@code Thread.currentThread()} as a constant within a compiled method, which
     * is wrong for a continuation that yielded on one thread and resumed on another. The
     * continuation lookup goes through the carrier thread, which C2 re-reads every time.
     */
    public static G current() {
        return Continuation.getCurrentContinuation(SCOPE) instanceof GoContinuation c ? c.g : null;
    }

    /** True once the G's body has returned or thrown. */
    public boolean isDone() {
        return cont.isDone();
    }

    @Override
    public String toString() {
        String reason = status == GStatus.WAITING && waitReason != null ? ", " + waitReason : "";
        return "goroutine " + goid + " [" + status.name().toLowerCase() + reason + "]";
    }

    /**
     * A Continuation that turns the JDK's "Pinned: NATIVE" into an error that says which
     * goroutine could not park and why. A pinned continuation cannot be unmounted, so the
     * G cannot leave its M: in Go terms, this is a goroutine locked to a C frame.
     */
    private static final class GoContinuation extends Continuation {
        private final G g;

        GoContinuation(G g, Runnable body) {
            super(SCOPE, body);
            this.g = g;
        }

        @Override
        protected void onPinned(Continuation.Pinned reason) {
            String why = switch (reason) {
                case NATIVE -> "a native frame or a class initializer (<clinit>) is on its stack";
                case MONITOR -> "it holds a monitor (a synchronized block) the JVM cannot move";
                case CRITICAL_SECTION -> "it is inside a critical section (Continuation.pin())";
                default -> "the JVM reports " + reason;
            };
            throw new PinnedGoroutineException("goroutine " + g.goid + " cannot park: it is pinned to its thread ("
                    + reason + "): " + why + ". Move the blocking call out of that frame.");
        }
    }

    /** Thrown inside a goroutine that tried to park or yield while pinned. */
    public static final class PinnedGoroutineException extends IllegalStateException {
        PinnedGoroutineException(String message) {
            super(message);
        }
    }
}
