package gmp.core;

import gmp.core.spi.GoRuntime;
import gmp.core.spi.AbstractScheduler;
import gmp.core.spi.G;
import gmp.core.spi.RuntimeMutex;
import gmp.core.spi.Safepoint;
import gmp.core.spi.Sudog;
import gmp.core.spi.WaitQ;


/**
 * Go's {@code sync.WaitGroup}: {@link #add}, {@link #done}, and {@link #await} (Go's
 * {@code Wait}; {@code wait} is taken by {@link Object}). Waiting parks the goroutine, never
 * its thread. Only goroutines may use it (a plain thread is refused, as for {@link Chan}).
 * Invariant: {@code counter} and {@code waiters} are guarded by {@code lock}.
 */
public final class WaitGroup {
    private final RuntimeMutex lock = new RuntimeMutex();
    private final Runnable unlockAfterPark = lock::unlock;
    /** What a waiter that failed to park gives back, lock still held (see {@link AbstractScheduler#gopark}). */
    private final java.util.function.Consumer<Sudog> unqueue = s -> {
        this.waiters.remove(s);
        lock.unlock();
    };
    private long counter;
    private final WaitQ waiters = new WaitQ();

    /** Adds {@code delta} (may be negative); reaching zero releases every waiter. */
    public void add(int delta) {
        add(delta, "WaitGroup.add");
    }

    private void add(int delta, String what) {
        Safepoint.entry();      // a preemption point (Go's sync functions have the prologue check)
        GoRuntime.requireLiveG(what);
        lock.lock();
        counter += delta;
        if (counter < 0) {
            lock.unlock();
            throw new GoPanic("sync: negative WaitGroup counter");
        }
        if (counter > 0) {
            lock.unlock();
            return;
        }
        Sudog woken = null;
        for (Sudog s; (s = waiters.dequeue()) != null; ) {
            s.next = woken;
            woken = s;
        }
        lock.unlock();
        while (woken != null) {
            Sudog next = woken.next;
            GoRuntime.goready(woken.g);
            woken = next;
        }
    }

    public void done() {
        add(-1, "WaitGroup.done");
    }

    /** Blocks the goroutine until the counter is zero. */
    public void await() {
        Safepoint.entry();
        G g = GoRuntime.requireLiveG("WaitGroup.await");
        lock.lock();
        if (counter == 0) {
            lock.unlock();
            return;
        }
        Sudog mine;
        try {
            mine = new Sudog(g, this, null, false, 0);
        } catch (VirtualMachineError e) {   // out of memory with the lock held: let go of it first
            lock.unlock();
            throw e;
        }
        waiters.enqueue(mine);
        GoRuntime.gopark(mine, unlockAfterPark, unqueue, "sync.WaitGroup.Wait");
    }
}
