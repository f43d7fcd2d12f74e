package gmp.stage03;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 3.1: 03-perm's behaviour tests with your queue in every M. */
@Exercise(id = "3.1", title = "a run queue per M")
class Ex31PerMBehaviourTest extends PerMBehaviourTest {
    @Override
    protected Scheduler perm(Config config) {
        return LearnersCode.withRunQueues(config);
    }
}
