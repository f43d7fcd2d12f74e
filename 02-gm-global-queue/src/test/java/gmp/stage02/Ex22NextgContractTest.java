package gmp.stage02;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 2.2: the contract kit on 02-gm with your nextgandunlock. */
@Exercise(id = "2.2", title = "nextgandunlock")
class Ex22NextgContractTest extends GMContractTest {
    @Override
    protected Scheduler newScheduler(Config config) {
        return LearnersCode.withNextgandunlock(config);
    }
}
