package gmp.core.spi;

import gmp.core.Stat;
import gmp.core.SyscallException;

import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * What a goroutine may call: the runtime functions that Go's goroutines reach from their own
 * stack, as static methods that find the current M ({@link M#current()}) and G ({@code m.curg}).
 * proc.go's {@code gopark}, {@code goready}, {@code Gosched}, {@code mcall},
 * {@code entersyscall}/{@code exitsyscall}; time.go's {@code Sleep}; netpoll.go's
 * {@code poll_runtime_pollWait}. Channels, select, WaitGroup, GoMutex, sleep and the network
 * calls ({@code gmp.core}) are written once on top of these, so they work on every stage; each
 * entry point calls the stage's hook in {@link AbstractScheduler} where the stages differ.
 *
 * <p>Invariants: a G parks only from its own stack, and its M runs {@code unlockf} only after
 * the switch, so a waker never sees a G as waiting before it has stopped; a park that fails
 * gives back what it took ({@code undo}) before the error reaches the goroutine. Every entry
 * point but {@link #goready} and {@link #markRunnable} refuses a caller that is not a goroutine
 * ({@link #requireM}), naming the operation.
 */
public final class GoRuntime {

    private GoRuntime() {
    }

    private static final Consumer<G> PARK_M = GoRuntime::parkM;
    static final Consumer<G> GOSCHED_M = GoRuntime::goschedM;
    private static final Consumer<G> GOPREEMPT_COOP = g -> gopreemptM(g, false);
    private static final Consumer<G> GOPREEMPT_ASYNC = g -> gopreemptM(g, true);


    /**
     * Parks the current goroutine (Go's {@code gopark}) when it took nothing that a failed park
     * must give back (a sleep, a poll wait, a select with no cases): see
     * {@link #gopark(Runnable, Consumer, Object, String)}.
     */
    public static void gopark(Runnable unlockf, String reason) {
        gopark(unlockf, null, null, reason);
    }

    /**
     * Parks the current goroutine (Go's {@code gopark}). After it is off its stack, its M runs
     * {@code unlockf} (e.g. releases the channel lock the G still holds), so a waker can never
     * see the G as waiting before it has really stopped. Returns when {@link #goready} woke it.
     *
     * <p>If the G cannot leave its thread, nothing was switched and {@code unlockf} does not
     * run: {@code undo.accept(waiter)} runs instead, with everything the caller holds still held,
     * and must give back what the caller took to be woken (dequeue its {@link Sudog}, then
     * unlock), so that no waker finds a waiter that is not waiting; then the error is thrown in
     * the goroutine, which panics with it unless it catches it. That happens when the G is
     * pinned ({@link G.PinnedGoroutineException}) or when the JVM cannot save its stack: a
     * {@code StackOverflowError} ("Stack overflow while freezing") for a goroutine some
     * thousands of frames deep (see {@code Config.stackSize}), an {@code OutOfMemoryError}
     * when the heap is full. ({@code undo} is a function of {@code waiter}, not a lambda made
     * per park, so a channel can keep one.)
     */
    public static <T> void gopark(Runnable unlockf, Consumer<? super T> undo, T waiter, String reason) {
        park(requireM("a blocking operation"), unlockf, undo, waiter, reason);
    }

    /**
     * {@link #gopark} for the current G queued as {@code mine} on a channel, mutex or wait
     * group: {@code mine.g} is the running G, so its M is known without looking it up again.
     */
    public static void gopark(Sudog mine, Runnable unlockf, Consumer<Sudog> undo, String reason) {
        park(mine.g.m, unlockf, undo, mine, reason);
    }

    private static <T> void park(M m, Runnable unlockf, Consumer<? super T> undo, T waiter, String reason) {
        G g = m.curg;
        g.waitReason = reason;
        m.waitunlockf = unlockf;
        try {
            M.mcall(m, PARK_M);
        } catch (Throwable e) {
            m.waitunlockf = null;
            if (undo != null) {
                undo.accept(waiter);
            }
            throw e;
        }
    }

    /**
     * A sudog for {@code g}, the current G, waiting on {@code chan} with {@code elem} (Go's
     * {@code acquireSudog}): from the M's cache when it has one, else a new one.
     */
    public static Sudog acquireSudog(G g, Object chan, Object elem) {
        M m = g.m;
        Sudog s = m.nsudog > 0 ? m.sudogcache[--m.nsudog] : null;
        if (s == null) {
            return new Sudog(g, chan, elem, false, 0);
        }
        m.sudogcache[m.nsudog] = null;
        s.g = g;
        s.chan = chan;
        s.elem = elem;
        return s;
    }

    /**
     * Gives back a sudog of the current G after its wait ended (Go's {@code releaseSudog}, with
     * its checks): it must be off every queue, which the waker's dequeue saw to.
     */
    public static void releaseSudog(Sudog s) {
        if (s.queued || s.isSelect) {
            throw new IllegalStateException("runtime: sudog still queued or part of a select (releaseSudog)");
        }
        G g = s.g;
        if (g.param == s) {
            g.param = null;                 // as Go's releaseSudog insists: no G keeps pointing at a cached sudog
        }
        M m = g.m;
        s.g = null;
        s.chan = null;
        s.elem = null;
        s.success = false;
        if (m != null && m.nsudog < m.sudogcache.length) {
            m.sudogcache[m.nsudog++] = s;
        }
    }

    /** Go's {@code park_m}, on the M after the switch. */
    private static void parkM(G g) {
        M m = M.current();
        g.status = GStatus.WAITING;
        m.stats.inc(Stat.PARKS);
        RunState r = g.run;
        r.lastParked = g;
        Runnable unlockf = m.waitunlockf;
        m.waitunlockf = null;
        if (unlockf != null) {
            unlockf.run();
        }
        r.sched.parked(g, m);
        if (r.notWaiting.decrementAndGet() == 0) {
            r.sched.checkdead(r);
        }
    }


    /**
     * Makes a parked goroutine runnable (Go's {@code goready}). Call it at most once per park,
     * from a running goroutine, the timer thread or a poller. A G of a finished run is ignored.
     */
    public static void goready(G g) {
        RunState r = g.run;
        if (r.isOver()) {
            return;
        }
        r.notWaiting.incrementAndGet();
        g.status = GStatus.RUNNABLE;
        r.sched.ready(g);
    }

    /**
     * Marks a parked G runnable without queueing it, for a stage that queues it itself (Go's
     * {@code injectglist} after {@code netpoll}). False if its run is over: drop the G.
     */
    public static boolean markRunnable(G g) {
        RunState r = g.run;
        if (r.isOver()) {
            return false;
        }
        r.notWaiting.incrementAndGet();
        g.status = GStatus.RUNNABLE;
        return true;
    }


    /** The scheduler of the current goroutine, for {@code GoNet}. */
    public static AbstractScheduler currentScheduler(String what) {
        return requireM(what).sched;
    }

    /**
     * Parks the current G until {@code ch} is ready for {@code ops} (Go's
     * {@code poll_runtime_pollWait}), on the poller of its stage: only where
     * {@link AbstractScheduler#netpoller()} has one; {@code GoNet} checks first.
     */
    public static void netpollWait(SelectableChannel ch, int ops, PollDesc pd) {
        M m = requireM("a network call");
        Netpoller poller = m.sched.netpoller();
        if (poller == null) {
            throw new UnsupportedOperationException(m.sched.id() + " has no network poller");
        }
        poller.pollWait(m.curg, ch, ops, pd);
    }

    /** {@code runtime.Gosched}: the current G goes back to the run queue and another may run. */
    public static void gosched() {
        M m = requireM("Go.yield");
        M.mcall(m, GOSCHED_M);
    }

    private static void goschedM(G g) {
        M m = M.current();
        g.status = GStatus.RUNNABLE;
        m.stats.inc(Stat.YIELDS);
        g.run.sched.gosched(g, m);
    }

    /** Why a G switched to its M, from what it asked the M to do (for the trace). */
    static String switchNote(Consumer<G> fn, G g) {
        if (fn == PARK_M) {
            return "blocked: " + g.waitReason;
        }
        if (fn == GOSCHED_M) {
            return "yielded";
        }
        if (fn == GOPREEMPT_COOP) {
            return "preempted (cooperative)";
        }
        if (fn == GOPREEMPT_ASYNC) {
            return "preempted (async)";
        }
        return "syscall returned, no P: queued";
    }

    /**
     * The current G answers a preemption request at a poll ({@link Safepoint}): it switches to
     * its M, which puts it back on a run queue ({@link AbstractScheduler#gopreempt(G, M)}). If the G cannot leave
     * its thread here (a native frame or a class initializer is on its stack: in Go terms, not
     * an async safe point), it runs on and sysmon asks again on a later tick.
     */
    static void gopreempt(M m, boolean async) {
        try {
            M.mcall(m, async ? GOPREEMPT_ASYNC : GOPREEMPT_COOP);
        } catch (G.PinnedGoroutineException | StackOverflowError notASafePoint) {
            // pinned, or too deep for the JVM to save its stack: the G did not ask to switch,
            // so it runs on rather than fail
            m.stats.inc(Stat.PREEMPTIONS_REFUSED);
        }
    }

    /** Go's {@code gopreempt_m}, on the M after the switch: counted before the G can run again. */
    private static void gopreemptM(G g, boolean async) {
        M m = M.current();
        g.status = GStatus.RUNNABLE;
        m.stats.inc(Safepoint.stat(async));
        g.run.sched.gopreempt(g, m);
    }


    /**
     * Go's {@code mcall(fn)}, for stages: switches the current G off its M, then runs
     * {@code fn(g)} on the M (e.g. 02's {@code exitsyscall0}: queue the G, free the M).
     */
    public static void mcall(Consumer<G> fn) {
        M.mcall(requireM("mcall"), fn);
    }

    /** {@code time.Sleep(d)} for the current goroutine. */
    public static void sleepCurrent(Duration d) {
        M m = requireM("Go.sleep");
        if (d.isNegative() || d.isZero()) {
            return;
        }
        m.sched.sleep(m.curg, d);
    }

    /**
     * A blocking system call made by the current goroutine: {@code entersyscall}, the call on
     * the M's own thread, {@code exitsyscall}. The G counts as not waiting throughout (Go does
     * not report a deadlock while a goroutine is in a syscall).
     */
    public static <T> T syscall(Callable<T> call) {
        M m = requireM("Go.syscall");
        G g = m.curg;
        AbstractScheduler s = m.sched;
        m.stats.inc(Stat.SYSCALLS);
        g.status = GStatus.SYSCALL;
        if (s.tracer != null) {
            s.traceG(gmp.core.Trace.Kind.SYSCALL_ENTER, m, g.goid, null);
        }
        s.entersyscall(g, m);
        try {
            return call.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new SyscallException(e);
        } finally {
            s.exitsyscall(g, m);
            g.status = GStatus.RUNNING;
            if (s.tracer != null) {
                M now = M.current();        // the G may have come back on another M
                s.traceG(gmp.core.Trace.Kind.SYSCALL_EXIT, now, g.goid, null);
            }
        }
    }

    /**
     * The goroutine calling {@code what}, an operation on a channel, a select, a WaitGroup or a
     * GoMutex: only a goroutine of a run in progress may use them (core/README.md, "Who may use
     * a channel"). A plain thread is refused: a value it sends could go to a goroutine that is
     * gone, and a goroutine waiting for it would be reported as deadlocked. So is a goroutine of
     * a run that is over (discarded, still finishing a slice or a syscall): it must not hand a
     * value to the next run.
     */
    public static G requireLiveG(String what) {
        G g = G.current();
        if (g == null) {
            throw new IllegalStateException(what + " must be called from a goroutine (inside Scheduler.run):"
                    + " a plain thread can neither wait for goroutines nor wake them");
        }
        if (g.run.isOver()) {
            throw new IllegalStateException(what + " was called by goroutine " + g.goid + " of a run that is over"
                    + " (its goroutines are discarded)");
        }
        return g;
    }

    /** The current M, or a clear error when called outside any goroutine. */
    public static M requireM(String what) {
        M m = M.current();
        if (m == null || m.curg == null) {
            throw new IllegalStateException(what + " must be called from a goroutine (inside Scheduler.run)");
        }
        return m;
    }

    /** Go's {@code runtime.NumGoroutine} for the run in progress. */
    public static int numGoroutine() {
        return requireM("Go.numGoroutine").curg.run.live.get();
    }
}
