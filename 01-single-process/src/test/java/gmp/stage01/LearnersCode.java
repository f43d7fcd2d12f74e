package gmp.stage01;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.exercises.Exercises;
import gmp.stage01.exercises.SyscallThreadsExercise;
import gmp.stage01.exercises.ThreadPerGoroutineExercise;

import java.util.EnumSet;
import java.util.Set;

/** Stage 01's schedulers with the learner's code in them (or, in the solutions module, the solution's). */
final class LearnersCode {
    private LearnersCode() {
    }

    /** Exercise 1.2: 01-threads with the learner's threadMain and ready. */
    static Scheduler threads(Config config) {
        return Exercises.create(ThreadPerGoroutineExercise.class, ThreadsScheduler.class, config.validate());
    }

    /** Exercise 1.3: 01-n1 with syscalls on threads of their own. */
    static Scheduler n1WithSyscallThreads(Config config) {
        return Exercises.create(SyscallThreadsExercise.class, N1Scheduler.class, config.validate());
    }

    /** What exercise 1.3's scheduler declares. */
    static final Set<Capability> SYSCALL_THREADS_CAPABILITIES = EnumSet.of(Capability.COOPERATION, Capability.SYSCALL_OVERLAP);
}
