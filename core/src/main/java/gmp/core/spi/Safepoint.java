package gmp.core.spi;

import gmp.core.Stat;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The polls that preemptible goroutine code calls, and the requests they answer (stage 05).
 *
 * <p>A JVM thread cannot be stopped at an arbitrary instruction from outside
 * ({@code Continuation.tryPreempt} is not implemented in JDK 25), so a goroutine is preempted
 * only where its own code asks "should I stop?". Stage 05's instrumenter inserts those
 * questions into user classes:
 * <ul>
 *   <li>{@link #entry()} at the start of every method: Go's function-prologue stack check,
 *       which sysmon makes fail by setting {@code stackguard0 = stackPreempt} (cooperative
 *       preemption, Go 1.2+). It honours the G's {@code preempt} flag.</li>
 *   <li>{@link #backedge()} before every backward jump: our stand-in for Go 1.14's asynchronous
 *       safe points. It honours the flag only if sysmon also "signalled" the M
 *       ({@link M#preemptSignal}, Go's {@code preemptM} + SIGURG). Without the signal (05-coop)
 *       a back-edge is not a safe point, so {@code for (;;) { x++; }} runs on, as in Go 1.13.</li>
 * </ul>
 * The goroutine API's own entry points ({@code Chan.send/recv}, {@code Select.run}, {@code Go.go},
 * {@code WaitGroup}, {@code GoMutex.lock}) call {@link #entry()} too, before taking any lock:
 * Go's runtime functions ({@code chansend}, {@code selectgo}, {@code newproc}...) have the
 * same prologue check, so a goroutine that computes and then sends is preempted at the send.
 * A preempted G goes back to the run queue through {@link AbstractScheduler#gopreempt} (in
 * stage 04 and later: the global queue, as Go's {@code gopreempt_m}).
 *
 * <p>The fast path of a poll is one read of {@link #requests}, the number of outstanding
 * requests in the whole JVM (like HotSpot's global safepoint poll word); only when it is
 * non-zero does a poll look for its G. Go's check is free because the prologue compares the
 * stack pointer anyway; ours costs a load and a branch (measured in the benchmarks module).
 *
 * <p>Invariants: {@code g.preempt} changes only by compare-and-set here; every false-to-true
 * adds one to {@code requests} and every true-to-false removes one, so {@code requests} is
 * exactly the number of Gs with the flag set. A request is made only for the G an M is running
 * and is cleared when that slice ends ({@link #sliceEnded}): sysmon sets the flag and then
 * re-reads {@code m.curg}; the M clears {@code curg} and then the flag; whichever comes second
 * withdraws it, so no flag outlives its slice.
 */
public final class Safepoint {
    private Safepoint() {
    }

    private static volatile int requests;

    private static final VarHandle REQUESTS;
    private static final VarHandle PREEMPT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            REQUESTS = l.findStaticVarHandle(Safepoint.class, "requests", int.class);
            PREEMPT = MethodHandles.privateLookupIn(G.class, l).findVarHandle(G.class, "preempt", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The poll at a method entry (Go's prologue check of {@code stackguard0}). */
    public static void entry() {
        if (requests != 0) {
            honour(false);
        }
    }

    /** The poll before a loop's backward jump (Go 1.14's asynchronous safe point). */
    public static void backedge() {
        if (requests != 0) {
            honour(true);
        }
    }

    private static void honour(boolean backedge) {
        G g = G.current();
        if (g == null || !g.preempt || g.status != GStatus.RUNNING) {
            return;     // not a goroutine, not asked, or inside Go.syscall (not Go code in Go terms)
        }
        M m = g.m;
        if (m == null || (backedge && !m.preemptSignal)) {
            return;     // no signal: a back-edge is not a safe point for cooperative preemption
        }
        if (!withdraw(g)) {
            return;
        }
        m.preemptSignal = false;
        GoRuntime.gopreempt(m, backedge);
    }

    /**
     * Go's {@code preemptone} (+ {@code preemptM} when {@code signal}): asks the G running on
     * {@code mp} to stop at its next poll. Best effort, as in Go: if the slice ends meanwhile
     * the request is withdrawn; it may reach a G that has only just started. Returns whether
     * a new request was made.
     */
    public static boolean request(M mp, boolean signal) {
        G gp = mp.curg;
        if (gp == null || gp.status != GStatus.RUNNING) {
            return false;
        }
        boolean made = PREEMPT.compareAndSet(gp, false, true);
        if (made) {
            REQUESTS.getAndAdd(1);
        }
        if (mp.curg != gp) {
            withdraw(gp);       // the slice ended while we asked: nobody is left to answer
            return false;
        }
        if (signal) {
            mp.preemptSignal = true;
        }
        return made;
    }

    /** Called by the M after a slice of {@code g} ended, however it ended. */
    static void sliceEnded(G g, M m) {
        if (g.preempt) {
            withdraw(g);
        }
        if (m.preemptSignal) {
            m.preemptSignal = false;    // written only when set: a volatile write costs a fence per switch
        }
    }

    private static boolean withdraw(G g) {
        if (PREEMPT.compareAndSet(g, true, false)) {
            REQUESTS.getAndAdd(-1);
            return true;
        }
        return false;
    }

    /** Outstanding requests in this JVM (for tests: zero whenever no G is asked to stop). */
    public static int outstanding() {
        return requests;
    }

    /** Counted by the M once a preempted G is off its stack. */
    static Stat stat(boolean async) {
        return async ? Stat.PREEMPTIONS_ASYNC : Stat.PREEMPTIONS_COOPERATIVE;
    }
}
