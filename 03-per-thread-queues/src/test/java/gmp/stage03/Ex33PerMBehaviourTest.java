package gmp.stage03;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 3.3: 03-perm's behaviour tests (lock traffic; exact batch counts) with your batches. */
@Exercise(id = "3.3", title = "the global queue, in batches")
class Ex33PerMBehaviourTest extends PerMBehaviourTest {
    @Override
    protected Scheduler perm(Config config) {
        return LearnersCode.withBatches(config);
    }
}
