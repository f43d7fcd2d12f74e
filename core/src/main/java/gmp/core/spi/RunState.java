package gmp.core.spi;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One execution of a Go program. Counters here are per run, so a goroutine left over
 * from an earlier run (still finishing its time slice) cannot disturb the next one.
 *
 * <p>Invariants: the outcome (result or failure) is set once, by whoever calls {@link #finish}
 * first; {@code notWaiting} counts the run's Gs that are runnable, running or in a syscall, and
 * reaches zero with no wake-up pending only when nothing can ever wake anyone (Go's
 * {@code checkdead}, in {@link AbstractScheduler}).
 */
public final class RunState {
    /** The run of {@link G#detached} goroutines: no scheduler, never over. */
    static final RunState DETACHED = new RunState(null);

    public final AbstractScheduler sched;
    final AtomicLong goidgen = new AtomicLong();
    /** Live goroutines ({@code runtime.NumGoroutine}). */
    final AtomicInteger live = new AtomicInteger();
    /** Goroutines runnable, running or in a syscall: checkdead's count. */
    final AtomicInteger notWaiting = new AtomicInteger();
    /** Timers and poll waits that will ready a G: while any is pending, nobody is deadlocked. */
    final AtomicInteger wakeupsPending = new AtomicInteger();
    final CountDownLatch done = new CountDownLatch(1);
    private volatile boolean over;
    Object result;
    RuntimeException failure;
    volatile G main;
    volatile G lastParked;
    /** For stages where main's return does not end the run (01-serial's batch): main's result. */
    volatile boolean mainExited;
    volatile Object mainResult;

    RunState(AbstractScheduler sched) {
        this.sched = sched;
    }

    /** True once main returned or the run failed: its Gs are discarded, never resumed. */
    public boolean isOver() {
        return over;
    }

    public int liveGoroutines() {
        return live.get();
    }

    /** True when main has returned but the stage keeps the run going ({@link #runEndsWithMain()} false). */
    public boolean mainExited() {
        return mainExited;
    }

    /**
     * Something outside the goroutines (a timer, the network poller) has promised to ready
     * a G of this run: until {@link #wakeupDone()}, the run is not deadlocked.
     */
    public void wakeupPending() {
        wakeupsPending.incrementAndGet();
    }

    /** The promise of {@link #wakeupPending()} is kept (call after the goready) or dropped. */
    public void wakeupDone() {
        if (wakeupsPending.decrementAndGet() == 0) {
            sched.checkdead(this);
        }
    }

    /** Ends the run with main's result (for stages whose run outlives main). */
    public boolean finishWithMainResult() {
        return finish(mainResult, null);
    }

    /** Ends the run with a result or a failure; the first call wins. */
    public synchronized boolean finish(Object result, RuntimeException failure) {
        if (over) {
            return false;
        }
        this.result = result;
        this.failure = failure;
        over = true;
        done.countDown();
        return true;
    }
}
