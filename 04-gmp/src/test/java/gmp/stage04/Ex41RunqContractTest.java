package gmp.stage04;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 4.1: the whole contract kit, with your ring in every P (65,536 slots: it never overflows). */
@Exercise(id = "4.1", title = "the lock-free ring and runnext")
class Ex41RunqContractTest extends GMPContractTest {
    @Override
    protected Config config() {
        return super.config().runqCapacity(Config.MAX_RUNQ_CAPACITY);
    }

    @Override
    protected Scheduler newScheduler(Config config) {
        return LearnersCode.withRunqs(config);
    }
}
