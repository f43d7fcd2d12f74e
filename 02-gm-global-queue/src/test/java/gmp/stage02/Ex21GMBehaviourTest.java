package gmp.stage02;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 2.1: 02-gm's behaviour tests with your matchmg. */
@Exercise(id = "2.1", title = "matchmg")
class Ex21GMBehaviourTest extends GMBehaviourTest {
    @Override
    protected Scheduler gm(Config config) {
        return LearnersCode.withMatchmg(config);
    }
}
