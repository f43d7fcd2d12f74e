package gmp.stage05;

import gmp.core.exercises.Exercise;
import gmp.stage05.instrument.PollInserter;

/** Exercise 5.2: your polls, at every back-edge: counted, and stopping a loop without calls. */
@Exercise(id = "5.2", title = "a poll before every backward jump")
class Ex52BackedgePollsTest extends BackedgePollsTest {
    @Override
    protected PollInserter.BackedgePlacement placement() {
        return LearnersCode.placement();
    }
}
