package gmp.stage04;

import gmp.core.Config;
import gmp.core.exercises.Exercises;
import gmp.stage04.exercises.FindRunnableExercise;
import gmp.stage04.exercises.HandoffpExercise;
import gmp.stage04.exercises.RunqExercise;

/** 04-gmp with one piece replaced by the learner's (or, in the solutions module, the solution's). */
final class LearnersCode {
    private LearnersCode() {
    }

    /** Exercises 4.1 and 4.2: the run queue of every P. */
    static LocalRunQueue.Factory runqs() {
        return (capacity, ownerRunning) -> Exercises.create(RunqExercise.class, LocalRunQueue.class, capacity, ownerRunning);
    }

    static GMPScheduler withRunqs(Config config) {
        return new GMPScheduler(config.validate(), runqs());
    }

    /** Exercise 4.3: findWork. */
    static GMPScheduler withFindWork(Config config) {
        return Exercises.create(FindRunnableExercise.class, GMPScheduler.class, config.validate());
    }

    /** Exercise 4.4: handoffp. */
    static GMPScheduler withHandoffp(Config config) {
        return Exercises.create(HandoffpExercise.class, GMPScheduler.class, config.validate());
    }
}
