package gmp.stage02;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 2.2: 02-gm's behaviour tests with your nextgandunlock. */
@Exercise(id = "2.2", title = "nextgandunlock")
class Ex22GMBehaviourTest extends GMBehaviourTest {
    @Override
    protected Scheduler gm(Config config) {
        return LearnersCode.withNextgandunlock(config);
    }
}
