package gmp.stage04;

import gmp.core.exercises.Exercise;

/** Exercise 4.1: Go's own run-queue tests and runnext, on your ring. */
@Exercise(id = "4.1", title = "the lock-free ring and runnext")
class Ex41RunqTest extends RunQueueTest {
    @Override
    protected LocalRunQueue.Factory runqs() {
        return LearnersCode.runqs();
    }
}
