package gmp.stage04;

import gmp.core.exercises.Exercise;

/** Exercise 4.2: what your full ring does with one more G. */
@Exercise(id = "4.2", title = "runqputslow")
class Ex42RunqOverflowTest extends RunqOverflowTest {
    @Override
    protected LocalRunQueue.Factory runqs() {
        return LearnersCode.runqs();
    }
}
