package gmp.stage03;

import gmp.core.spi.G;

import java.util.concurrent.locks.ReentrantLock;

/**
 * One M's run queue ({@link RunQueue}): a bounded FIFO ring that its owner fills and drains,
 * and that other Ms may steal half of when they run dry.
 *
 * <p>Each queue has its own small lock, never shared with another queue and never the global
 * one, so Ms that stay busy on their own queue never meet. (Stage 04 removes even this lock:
 * its ring is lock-free, with only the owner writing the tail.)
 *
 * <p>Invariant: {@code head <= tail}, {@code tail - head <= capacity}, slots {@code [head, tail)}
 * hold the queued Gs in order; all fields are guarded by {@code lock}, except {@code size()}
 * which may read a stale value (a hint for thieves and schedtrace).
 */
final class LockedRunq implements RunQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final G[] ring;
    private final int mask;
    private long head;
    private long tail;
    private volatile int size;

    LockedRunq(int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("run queue capacity must be a power of two");
        }
        ring = new G[capacity];
        mask = capacity - 1;
    }

    @Override
    public boolean put(G g) {
        lock.lock();
        try {
            if (tail - head == ring.length) {
                return false;
            }
            ring[(int) (tail++ & mask)] = g;
            size = (int) (tail - head);
            return true;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public G[] takeHalfForOverflow() {
        lock.lock();
        try {
            int n = (int) (tail - head) / 2;
            G[] batch = new G[n];
            for (int k = 0; k < n; k++) {
                int i = (int) (head++ & mask);
                batch[k] = ring[i];
                ring[i] = null;
            }
            size = (int) (tail - head);
            return batch;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int free() {
        return ring.length - size;
    }

    @Override
    public G get() {
        if (size == 0) {
            return null;
        }
        lock.lock();
        try {
            if (head == tail) {
                return null;
            }
            int i = (int) (head++ & mask);
            G g = ring[i];
            ring[i] = null;
            size = (int) (tail - head);
            return g;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int stealHalfInto(RunQueue into) {
        if (size == 0) {
            return 0;
        }
        G[] batch;
        lock.lock();
        try {
            int n = (int) (tail - head);
            n = n - n / 2;
            batch = new G[n];
            for (int k = 0; k < n; k++) {
                int i = (int) (head++ & mask);
                batch[k] = ring[i];
                ring[i] = null;
            }
            size = (int) (tail - head);
        } finally {
            lock.unlock();
        }
        for (G g : batch) {
            into.put(g);    // cannot fail: the thief's queue was empty and is as large
        }
        return batch.length;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public void clear() {
        lock.lock();
        try {
            while (head != tail) {
                ring[(int) (head++ & mask)] = null;
            }
            size = 0;
        } finally {
            lock.unlock();
        }
    }
}
