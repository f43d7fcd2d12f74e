package gmp.stage01;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 1.2: 1:1's costs, on your code: a thread per goroutine, and thread exhaustion. */
@Exercise(id = "1.2", title = "1:1 threads: a waiting goroutine parks its thread")
class Ex12ThreadsBehaviourTest extends ThreadsBehaviourTest {
    @Override
    protected Scheduler threads(Config config) {
        return LearnersCode.threads(config);
    }
}
