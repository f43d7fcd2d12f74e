package gmp.stage05;

import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.exercises.Exercises;
import gmp.stage05.exercises.BackedgePollsExercise;
import gmp.stage05.exercises.RetakeExercise;
import gmp.stage05.instrument.PollInserter;

/** Stage 05 with one piece replaced by the learner's (or, in the solutions module, the solution's). */
public final class LearnersCode {
    private LearnersCode() {
    }

    /** Exercise 5.1: 05-coop or 05-async with the learner's retakeRunning; other stages as registered. */
    public static Scheduler withRetake(String stage, Config config) {
        if (!stage.startsWith("05-")) {
            return Schedulers.create(stage, config);
        }
        return Exercises.create(RetakeExercise.class, PreemptiveScheduler.class, stage, config.validate());
    }

    /** Exercises 5.2 and 5.3: the learner's back-edge poll placement. */
    static PollInserter.BackedgePlacement placement() {
        return Exercises.create(BackedgePollsExercise.class, PollInserter.BackedgePlacement.class);
    }
}
