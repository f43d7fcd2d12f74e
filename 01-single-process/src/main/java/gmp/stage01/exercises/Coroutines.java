package gmp.stage01.exercises;

/**
 * Round-robin coroutines on one thread: the smallest N:1 scheduler there is. Exercise 1.1 writes
 * one ({@link TinyCoroutines}) on a bare {@code jdk.internal.vm.Continuation}; the stage's tests
 * hold it to the same rules as 01-n1 (which they also check, through an adapter).
 */
public interface Coroutines {

    /**
     * Queues a new coroutine that will run {@code body}. Called before {@link #runAll} or from
     * inside a running coroutine; either way it goes to the back of the queue.
     */
    void go(Runnable body);

    /**
     * From inside a coroutine: lets the others run; this one goes to the back of the queue and
     * continues from here later. Outside a coroutine: {@link IllegalStateException}.
     */
    void yield();

    /**
     * Runs the queued coroutines, in round-robin order, until every one (those they start too)
     * has finished. An exception thrown by a coroutine ends {@code runAll} with it; the others
     * are dropped, and the object can be used again.
     */
    void runAll();
}
