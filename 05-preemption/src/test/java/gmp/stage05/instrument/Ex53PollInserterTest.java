package gmp.stage05.instrument;

import gmp.core.exercises.Exercise;
import gmp.core.exercises.Exercises;
import gmp.stage05.exercises.BackedgePollsExercise;

/** Exercise 5.3: the bytecode your strip-mined polls leave (stride 1,024), read back. */
@Exercise(id = "5.3", title = "strip-mined back-edge polls")
class Ex53PollInserterTest extends PollInserterTest {
    @Override
    protected PollInserter.Backedges backedges() {
        return new PollInserter.Backedges(Exercises.create(BackedgePollsExercise.class, PollInserter.BackedgePlacement.class),
                1024, PollInserter.Poll.BACKEDGE);
    }
}
