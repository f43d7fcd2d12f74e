package gmp.stage04;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 4.3: Go's proc_test.go ports (TestTimerFairness needs your timers step) with your findWork. */
@Exercise(id = "4.3", title = "findRunnable's order and the 61-tick rule")
class Ex43GoProcTestsPortedTest extends GoProcTestsPortedTest {
    @Override
    protected Scheduler gmp(Config config) {
        return LearnersCode.withFindWork(config);
    }
}
