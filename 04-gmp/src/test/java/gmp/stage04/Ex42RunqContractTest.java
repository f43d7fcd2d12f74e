package gmp.stage04;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 4.2: the contract kit with your ring in every P, 4 slots: it overflows all the time. */
@Exercise(id = "4.2", title = "runqputslow")
class Ex42RunqContractTest extends GMPContractTest {
    @Override
    protected Config config() {
        return super.config().runqCapacity(4);
    }

    @Override
    protected Scheduler newScheduler(Config config) {
        return LearnersCode.withRunqs(config);
    }
}
