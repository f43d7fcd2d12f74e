package gmp.core;

import gmp.core.spi.GoRuntime;
import gmp.core.spi.AbstractScheduler;
import gmp.core.spi.G;
import gmp.core.spi.RuntimeMutex;
import gmp.core.spi.Safepoint;
import gmp.core.spi.Sudog;
import gmp.core.spi.WaitQ;


/**
 * Go's {@code sync.Mutex} for goroutines: a goroutine that finds it locked parks (its M runs
 * other goroutines), and {@link #unlock} hands it straight to the longest waiter, as Go's
 * mutex does in starvation mode. A {@code synchronized} block or a {@code ReentrantLock}
 * would block the M's thread instead: on an N:1 scheduler, a deadlock. Only goroutines may
 * use it (a plain thread is refused, as for {@link Chan}); unlock never hands it to a waiter
 * whose run is over.
 *
 * <p>Invariant: {@code locked} and {@code waiters} are guarded by {@code state}, a lock held
 * only for a few instructions and never across a switch.
 */
public final class GoMutex {
    private final RuntimeMutex state = new RuntimeMutex();
    private final Runnable unlockAfterPark = state::unlock;
    /** What a waiter that failed to park gives back, lock still held (see {@link AbstractScheduler#gopark}). */
    private final java.util.function.Consumer<Sudog> unqueue = s -> {
        this.waiters.remove(s);
        state.unlock();
    };
    private boolean locked;
    private final WaitQ waiters = new WaitQ();

    public void lock() {
        Safepoint.entry();      // a preemption point (Go's sync functions have the prologue check)
        G g = GoRuntime.requireLiveG("GoMutex.lock");
        state.lock();
        if (!locked) {
            locked = true;
            state.unlock();
            return;
        }
        Sudog mine;
        try {
            mine = new Sudog(g, this, null, false, 0);
        } catch (VirtualMachineError e) {   // out of memory with the lock held: let go of it first
            state.unlock();
            throw e;
        }
        waiters.enqueue(mine);
        GoRuntime.gopark(mine, unlockAfterPark, unqueue, "sync.Mutex.Lock");
        // unlock() handed the mutex to us: it is still marked locked
    }

    public boolean tryLock() {
        GoRuntime.requireLiveG("GoMutex.tryLock");
        state.lock();
        try {
            if (locked) {
                return false;
            }
            locked = true;
            return true;
        } finally {
            state.unlock();
        }
    }

    public void unlock() {
        GoRuntime.requireLiveG("GoMutex.unlock");
        state.lock();
        if (!locked) {
            state.unlock();
            throw new GoPanic("sync: unlock of unlocked mutex");
        }
        Sudog next = waiters.dequeue();
        if (next == null) {
            locked = false;
        }
        state.unlock();
        if (next != null) {
            GoRuntime.goready(next.g);
        }
    }
}
