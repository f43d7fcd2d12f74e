package gmp.core;

import gmp.core.spi.RuntimeMutex;

/**
 * A mutex that counts what it costs: every acquisition, the contended ones (those that
 * found it held) and the nanoseconds spent waiting. It is a {@link RuntimeMutex} (spin,
 * yield, nap; no owner), like the lock it models. Stages use it for their global
 * scheduler lock, Go's {@code sched.lock}, so the price of one global lock can be read off
 * {@link SchedStats} instead of guessed from a profile (profilers only see waits long enough
 * to park a thread and undercount short ones by orders of magnitude).
 *
 * <p>Invariant: the three counters are written only by the holder of the lock (they are
 * updated right after acquiring), so they need no atomics; readers may see them slightly stale.
 * An M that must sleep releases the lock first and parks its own thread (Go's
 * {@code notesleep}); nobody sleeps holding it.
 */
public final class ContendedLock {
    private final RuntimeMutex lock = new RuntimeMutex();
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

    public boolean tryLock() {
        if (lock.tryLock()) {
            acquisitions++;
            return true;
        }
        return false;
    }

    public void unlock() {
        lock.unlock();
    }

    public boolean isLocked() {
        return lock.isLocked();
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
