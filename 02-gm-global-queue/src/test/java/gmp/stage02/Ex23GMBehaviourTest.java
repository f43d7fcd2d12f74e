package gmp.stage02;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 2.3: 02-gm's behaviour tests with your entersyscall and exitsyscall. */
@Exercise(id = "2.3", title = "entersyscall and exitsyscall")
class Ex23GMBehaviourTest extends GMBehaviourTest {
    @Override
    protected Scheduler gm(Config config) {
        return LearnersCode.withSyscalls(config);
    }
}
