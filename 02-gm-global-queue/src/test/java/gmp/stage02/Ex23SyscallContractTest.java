package gmp.stage02;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

/** Exercise 2.3: the contract kit on 02-gm with your entersyscall and exitsyscall. */
@Exercise(id = "2.3", title = "entersyscall and exitsyscall")
class Ex23SyscallContractTest extends GMContractTest {
    @Override
    protected Scheduler newScheduler(Config config) {
        return LearnersCode.withSyscalls(config);
    }
}
