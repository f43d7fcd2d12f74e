package gmp.stage01;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 1.2: the whole contract kit on 01-threads with your threadMain and ready. */
@Exercise(id = "1.2", title = "1:1 threads: a waiting goroutine parks its thread")
class Ex12ThreadsContractTest extends ThreadsContractTest {
    @Override
    protected Scheduler newScheduler(Config config) {
        return LearnersCode.threads(config);
    }
}
