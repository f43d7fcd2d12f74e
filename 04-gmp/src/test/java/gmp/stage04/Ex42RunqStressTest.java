package gmp.stage04;

import gmp.core.exercises.Exercise;

/** Exercise 4.2: an owner and two thieves on your ring; every G must come out exactly once. */
@Exercise(id = "4.2", title = "runqputslow")
class Ex42RunqStressTest extends RunQueueStressTest {
    @Override
    protected LocalRunQueue.Factory runqs() {
        return LearnersCode.runqs();
    }
}
