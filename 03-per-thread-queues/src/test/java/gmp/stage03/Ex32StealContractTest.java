package gmp.stage03;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 3.2: the contract kit on 03-perm with your steal. */
@Exercise(id = "3.2", title = "work stealing across every M")
class Ex32StealContractTest extends PerMContractTest {
    @Override
    protected Scheduler newScheduler(Config config) {
        return LearnersCode.withSteal(config);
    }
}
