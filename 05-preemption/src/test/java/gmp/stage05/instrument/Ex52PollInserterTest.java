package gmp.stage05.instrument;

import gmp.core.exercises.Exercise;
import gmp.core.exercises.Exercises;
import gmp.stage05.exercises.BackedgePollsExercise;

/** Exercise 5.2: the bytecode your polls leave, read back: one right before every backward jump. */
@Exercise(id = "5.2", title = "a poll before every backward jump")
class Ex52PollInserterTest extends PollInserterTest {
    @Override
    protected PollInserter.Backedges backedges() {
        return new PollInserter.Backedges(Exercises.create(BackedgePollsExercise.class, PollInserter.BackedgePlacement.class),
                1, PollInserter.Poll.BACKEDGE);
    }
}
