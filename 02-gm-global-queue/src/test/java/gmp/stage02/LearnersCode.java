package gmp.stage02;

import gmp.core.Config;
import gmp.core.exercises.Exercises;
import gmp.stage02.exercises.MatchmgExercise;
import gmp.stage02.exercises.NextgExercise;
import gmp.stage02.exercises.SyscallExercise;

/** 02-gm with one function replaced by the learner's (or, in the solutions module, the solution's). */
final class LearnersCode {
    private LearnersCode() {
    }

    static GMScheduler withMatchmg(Config config) {
        return Exercises.create(MatchmgExercise.class, GMScheduler.class, config.validate());
    }

    static GMScheduler withNextgandunlock(Config config) {
        return Exercises.create(NextgExercise.class, GMScheduler.class, config.validate());
    }

    static GMScheduler withSyscalls(Config config) {
        return Exercises.create(SyscallExercise.class, GMScheduler.class, config.validate());
    }
}
