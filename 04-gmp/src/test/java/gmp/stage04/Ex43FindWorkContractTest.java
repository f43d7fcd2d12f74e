package gmp.stage04;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 4.3: the contract kit on 04-gmp with your findWork. */
@Exercise(id = "4.3", title = "findRunnable's order and the 61-tick rule")
class Ex43FindWorkContractTest extends GMPContractTest {
    @Override
    protected Scheduler newScheduler(Config config) {
        return LearnersCode.withFindWork(config);
    }
}
