package gmp.stage05;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 5.1: Go's TestPreemption and TestPingPongHog with your retake. */
@Exercise(id = "5.1", title = "retake: when a goroutine has had its time slice")
class Ex51GoPreemptionTestsPortedTest extends GoPreemptionTestsPortedTest {
    @Override
    protected Scheduler create(String stage, Config config) {
        return LearnersCode.withRetake(stage, config);
    }
}
