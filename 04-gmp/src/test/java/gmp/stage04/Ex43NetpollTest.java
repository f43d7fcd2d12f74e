package gmp.stage04;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 4.3: the network poller and per-P timers (1,000 echo clients, 1,000 sleepers) with your findWork. */
@Exercise(id = "4.3", title = "findRunnable's order and the 61-tick rule")
class Ex43NetpollTest extends NetpollTest {
    @Override
    protected Scheduler gmp(Config config) {
        return LearnersCode.withFindWork(config);
    }
}
