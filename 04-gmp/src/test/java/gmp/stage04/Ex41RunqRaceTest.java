package gmp.stage04;

import gmp.core.exercises.Exercise;

/** Exercise 4.1: the ring's races (an owner and two thieves, no overflow), on your ring. */
@Exercise(id = "4.1", title = "the lock-free ring and runnext")
class Ex41RunqRaceTest extends RunQueueRaceTest {
    @Override
    protected LocalRunQueue.Factory runqs() {
        return LearnersCode.runqs();
    }
}
