package gmp.stage03;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 3.1: the contract kit on 03-perm with your queue in every M. */
@Exercise(id = "3.1", title = "a run queue per M")
class Ex31PerMContractTest extends PerMContractTest {
    @Override
    protected Scheduler newScheduler(Config config) {
        return LearnersCode.withRunQueues(config);
    }
}
