package gmp.stage03;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 3.2: 03-perm's behaviour tests (steal half; blocked Ms' queues; scans) with your steal. */
@Exercise(id = "3.2", title = "work stealing across every M")
class Ex32PerMBehaviourTest extends PerMBehaviourTest {
    @Override
    protected Scheduler perm(Config config) {
        return LearnersCode.withSteal(config);
    }
}
