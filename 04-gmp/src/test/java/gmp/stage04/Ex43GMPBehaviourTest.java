package gmp.stage04;

import gmp.core.Config;
import gmp.core.exercises.Exercise;

/** Exercise 4.3: 04-gmp's behaviour tests (lock traffic, stealing, lost wake-ups) with your findWork. */
@Exercise(id = "4.3", title = "findRunnable's order and the 61-tick rule")
class Ex43GMPBehaviourTest extends GMPBehaviourTest {
    @Override
    protected GMPScheduler gmp(Config config) {
        return LearnersCode.withFindWork(config);
    }
}
