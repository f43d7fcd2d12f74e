package gmp.stage04;

import gmp.core.Config;
import gmp.core.exercises.Exercise;

/** Exercise 4.4: 04-gmp's behaviour tests (a syscall at procs=1 must not stall the others) with your handoffp. */
@Exercise(id = "4.4", title = "handoffp")
class Ex44GMPBehaviourTest extends GMPBehaviourTest {
    @Override
    protected GMPScheduler gmp(Config config) {
        return LearnersCode.withHandoffp(config);
    }
}
