package gmp.stage04;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 4.4: Go's proc_test.go ports (200 goroutines x 20 short syscalls) with your handoffp. */
@Exercise(id = "4.4", title = "handoffp")
class Ex44GoProcTestsPortedTest extends GoProcTestsPortedTest {
    @Override
    protected Scheduler gmp(Config config) {
        return LearnersCode.withHandoffp(config);
    }
}
