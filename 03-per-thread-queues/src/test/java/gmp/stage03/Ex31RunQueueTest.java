package gmp.stage03;

import gmp.core.exercises.Exercise;

/** Exercise 3.1: your queue on its own. */
@Exercise(id = "3.1", title = "a run queue per M")
class Ex31RunQueueTest extends LockedRunqTest {
    @Override
    protected RunQueue newRunq(int capacity) {
        return LearnersCode.runq(capacity);
    }
}
