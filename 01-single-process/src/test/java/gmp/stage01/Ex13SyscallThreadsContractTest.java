package gmp.stage01;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercise;

import java.util.Set;

/** Exercise 1.3: the contract kit on your N:1 scheduler, which now declares syscall overlap. */
@Exercise(id = "1.3", title = "N:1 with blocking calls on threads of their own")
class Ex13SyscallThreadsContractTest extends N1ContractTest {
    @Override
    protected Scheduler newScheduler(Config config) {
        return LearnersCode.n1WithSyscallThreads(config);
    }

    @Override
    protected Set<Capability> declaredCapabilities() {
        return LearnersCode.SYSCALL_THREADS_CAPABILITIES;
    }
}
