package gmp.stage05;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 5.1: the starving-loop demo on 05-coop and 05-async with your retake. */
@Exercise(id = "5.1", title = "retake: when a goroutine has had its time slice")
class Ex51StarvingLoopTest extends StarvingLoopTest {
    @Override
    protected Scheduler create(String stage, Config config) {
        return LearnersCode.withRetake(stage, config);
    }
}
