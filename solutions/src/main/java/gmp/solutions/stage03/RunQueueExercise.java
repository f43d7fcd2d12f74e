package gmp.solutions.stage03;

import gmp.core.spi.G;
import gmp.stage03.RunQueue;

import java.util.concurrent.locks.ReentrantLock;

/** Solution of exercise 3.1 (the skeleton is {@code gmp.stage03.exercises.RunQueueExercise}). */
public final class RunQueueExercise implements RunQueue {
    private final ReentrantLock lock = new ReentrantLock();
    private final G[] ring;
    private final int mask;
    private long head;
    private long tail;
    private volatile int size;

    public RunQueueExercise(int capacity) {
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
    public G get() {
        if (size == 0) {
            return null;                    // the common idle case costs no lock
        }
        lock.lock();
        try {
            return head == tail ? null : takeOldest();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public G[] takeHalfForOverflow() {
        lock.lock();
        try {
            return takeOldest((int) (tail - head) / 2);
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
            batch = takeOldest(n - n / 2);
        } finally {
            lock.unlock();                  // before touching the thief's queue: one lock at a time
        }
        for (G g : batch) {
            into.put(g);                    // the thief's queue was empty and is as large: it fits
        }
        return batch.length;
    }

    /** Lock held. */
    private G[] takeOldest(int n) {
        G[] out = new G[n];
        for (int k = 0; k < n; k++) {
            out[k] = takeOldest();
        }
        return out;
    }

    /** Lock held, queue not empty. */
    private G takeOldest() {
        int i = (int) (head++ & mask);
        G g = ring[i];
        ring[i] = null;                     // a dead goroutine must not stay reachable from here
        size = (int) (tail - head);
        return g;
    }

    @Override
    public int free() {
        return ring.length - size;
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
