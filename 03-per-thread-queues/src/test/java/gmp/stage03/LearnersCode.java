package gmp.stage03;

import gmp.core.Config;
import gmp.core.exercises.Exercises;
import gmp.stage03.exercises.BatchesExercise;
import gmp.stage03.exercises.RunQueueExercise;
import gmp.stage03.exercises.StealExercise;

/** 03-perm with one piece replaced by the learner's (or, in the solutions module, the solution's). */
final class LearnersCode {
    private LearnersCode() {
    }

    /** Exercise 3.1: one M's queue. */
    static RunQueue runq(int capacity) {
        return Exercises.create(RunQueueExercise.class, RunQueue.class, capacity);
    }

    static PerMScheduler withRunQueues(Config config) {
        return new PerMScheduler(config.validate(), LearnersCode::runq);
    }

    /** Exercise 3.2: steal. */
    static PerMScheduler withSteal(Config config) {
        return Exercises.create(StealExercise.class, PerMScheduler.class, config.validate());
    }

    /** Exercise 3.3: runqput and globrunqget. */
    static PerMScheduler withBatches(Config config) {
        return Exercises.create(BatchesExercise.class, PerMScheduler.class, config.validate());
    }
}
