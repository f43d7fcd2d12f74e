package gmp.stage03;

import gmp.core.spi.G;

/**
 * One M's run queue in the distributed scheduler: a bounded FIFO its owner fills and drains and
 * other Ms steal half of. The reference is {@link LockedRunq} (a ring with a small lock of its
 * own); exercise 3.1 writes another ({@code exercises/RunQueueExercise}), which
 * {@link PerMScheduler} takes through its constructor.
 *
 * <p>The contract: any thread may call any method; no G is ever lost or handed out twice;
 * {@link #put} is called only by the owner, so {@link #free()} is exact for the owner.
 */
public interface RunQueue {

    /** Appends {@code g}; false if the queue is full (the caller sends it to the global queue). */
    boolean put(G g);

    /** Takes the oldest G, or null. */
    G get();

    /**
     * The queue is full: takes its older half out, oldest first, so the caller can move it and
     * the new G to the global queue in one batch (Go's {@code runqputslow}).
     */
    G[] takeHalfForOverflow();

    /**
     * Moves the older half, rounded up ({@code n - n/2}), of this queue into {@code into},
     * which is empty and belongs to the calling thief. Returns how many moved.
     */
    int stealHalfInto(RunQueue into);

    /** Free slots (exact for the owner, who is the only one adding). */
    int free();

    /** Queued Gs (may be stale for anyone but a holder of the queue's lock: a hint). */
    int size();

    /** Drops every G (the run ended). */
    void clear();
}
