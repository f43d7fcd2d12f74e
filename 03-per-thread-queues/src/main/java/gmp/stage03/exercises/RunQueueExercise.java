package gmp.stage03.exercises;

import gmp.core.spi.ExerciseNotDone;
import gmp.core.spi.G;
import gmp.stage03.RunQueue;

import java.util.concurrent.locks.ReentrantLock;

/**
 * <b>Exercise 3.1: a run queue per M.</b> Stage 02 kept every runnable goroutine in one global
 * queue under one lock; stage 03 gives each M a queue of its own, so an M that stays busy never
 * touches a shared lock. Write that queue: a bounded FIFO ring guarded by a small lock of its own
 * ({@code lock}: never the global one, never shared with another queue).
 * <ul>
 *   <li>{@link #put}: append at the tail; false (and keep nothing) when the ring is full — the
 *       caller then sends half of it to the global queue in one batch;</li>
 *   <li>{@link #get}: take the oldest G, or null;</li>
 *   <li>{@link #takeHalfForOverflow}: the older half, oldest first, out of a full ring;</li>
 *   <li>{@link #stealHalfInto}: a thief (another M) takes the older half <em>rounded up</em>,
 *       {@code n - n/2}, into its own empty queue: rounded up, so a queue holding a single G
 *       can be robbed of it.</li>
 * </ul>
 * Slots {@code [head, tail)} hold the Gs ({@code head} and {@code tail} only grow; the slot of
 * index {@code i} is {@code ring[(int) (i & mask)]}); null a slot when you take its G, so the
 * queue does not keep dead goroutines reachable. Keep {@code size} up to date (it is volatile so
 * a thief can peek at it without the lock before deciding to take it).
 *
 * <p>Hint, and the trap of this exercise: in {@code stealHalfInto} hold only the victim's lock.
 * Copy the Gs out under it, unlock, then put them into your own queue. Holding two queue locks at
 * once deadlocks the day M1 steals from M2 while M2 steals from M1.
 *
 * <p>Check: {@code ./mvnw -pl 03-per-thread-queues test -Pexercises -Dtest='Ex31*'} — the queue
 * alone (FIFO, bounds, halves, an owner racing two thieves), then 03-perm with your queue in
 * every M: the contract kit and the behaviour tests (lock traffic, stealing, blocked Ms).
 * (The reference is {@code gmp.stage03.LockedRunq}.)
 */
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
        throw new ExerciseNotDone("3.1", "put: under the lock, false if tail - head == capacity, else ring[tail & mask] = g,"
                + " tail++, update size");
    }

    @Override
    public G get() {
        throw new ExerciseNotDone("3.1", "get: under the lock, null if empty, else take (and null) the slot at head, head++");
    }

    @Override
    public G[] takeHalfForOverflow() {
        throw new ExerciseNotDone("3.1", "takeHalfForOverflow: under the lock, take the (tail - head) / 2 oldest Gs, in order");
    }

    @Override
    public int stealHalfInto(RunQueue into) {
        throw new ExerciseNotDone("3.1", "stealHalfInto: under this queue's lock only, take the n - n/2 oldest;"
                + " unlock; then into.put each of them; return how many");
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
