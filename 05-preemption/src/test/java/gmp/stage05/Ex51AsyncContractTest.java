package gmp.stage05;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 5.1: the contract kit, with its preemption test, on 05-async with your retake. */
@Exercise(id = "5.1", title = "retake: when a goroutine has had its time slice")
class Ex51AsyncContractTest extends AsyncContractTest {
    @Override
    protected Scheduler newScheduler(Config config) {
        return LearnersCode.withRetake(stageId(), config);
    }
}
