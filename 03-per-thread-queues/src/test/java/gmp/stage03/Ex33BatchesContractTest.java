package gmp.stage03;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 3.3: the contract kit on 03-perm with your batches, 4-slot queues: they overflow all the time. */
@Exercise(id = "3.3", title = "the global queue, in batches")
class Ex33BatchesContractTest extends PerMContractTest {
    @Override
    protected Config config() {
        return super.config().runqCapacity(4);
    }

    @Override
    protected Scheduler newScheduler(Config config) {
        return LearnersCode.withBatches(config);
    }
}
