package gmp.stage04;

import gmp.core.Config;
import gmp.core.exercises.Exercise;

/** Exercise 4.3: your findWork's order, on scripted sources. */
@Exercise(id = "4.3", title = "findRunnable's order and the 61-tick rule")
class Ex43FindWorkOrderTest extends FindWorkOrderTest {
    @Override
    protected GMPScheduler scheduler(Config config) {
        return LearnersCode.withFindWork(config);
    }
}
