package gmp.core;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A mutex that counts what it costs: every acquisition, the contended ones (a {@code tryLock}
 * that failed first) and the nanoseconds spent waiting. Stages use it for their global
 * scheduler lock, Go's {@code sched.lock}, so the price of one global lock can be read off
 * {@link SchedStats} instead of guessed from a profile (profilers only see waits long enough
 * to park a thread and undercount short ones by orders of magnitude).
 *
 * <p>Invariant: the three counters are written only by the thread holding the lock (they are
 * updated right after acquiring), so they need no atomics; readers may see them slightly stale.
 * Never hold this lock across a goroutine switch: it belongs to the M's thread.
 */
public final class ContendedLock {
    private final ReentrantLock lock = new ReentrantLock();
    private final String name;
    private long acquisitions;
    private long contended;
    private long waitNanos;

    public ContendedLock(String name) {
        this.name = name;
    }

    public void lock() {
        if (lock.tryLock()) {
            acquisitions++;
            return;
        }
        long t0 = System.nanoTime();
        lock.lock();
        acquisitions++;
        contended++;
        waitNanos += System.nanoTime() - t0;
    }

    public void unlock() {
        lock.unlock();
    }

    public boolean isHeldByCurrentThread() {
        return lock.isHeldByCurrentThread();
    }

    /**
     * A condition of this lock, for Ms that sleep until work arrives (Go's {@code notesleep}).
     * Re-acquiring the lock after a wait is not counted as an acquisition.
     */
    public Condition newCondition() {
        return lock.newCondition();
    }

    public long acquisitions() { return acquisitions; }
    public long contended() { return contended; }
    public long waitNanos() { return waitNanos; }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + "{acquisitions=" + acquisitions + ", contended=" + contended + ", waitNs=" + waitNanos + "}";
    }
}
