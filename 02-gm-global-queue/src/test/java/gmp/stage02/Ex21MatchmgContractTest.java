package gmp.stage02;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 2.1: the contract kit on 02-gm with your matchmg. */
@Exercise(id = "2.1", title = "matchmg")
class Ex21MatchmgContractTest extends GMContractTest {
    @Override
    protected Scheduler newScheduler(Config config) {
        return LearnersCode.withMatchmg(config);
    }
}
