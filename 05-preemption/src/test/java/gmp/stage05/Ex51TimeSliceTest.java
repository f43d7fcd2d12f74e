package gmp.stage05;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 5.1: goroutines that yield within their slice are never asked, with your retake. */
@Exercise(id = "5.1", title = "retake: when a goroutine has had its time slice")
class Ex51TimeSliceTest extends TimeSliceTest {
    @Override
    protected Scheduler create(String stage, Config config) {
        return LearnersCode.withRetake(stage, config);
    }
}
