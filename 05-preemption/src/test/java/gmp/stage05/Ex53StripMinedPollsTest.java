package gmp.stage05;

import gmp.core.exercises.Exercise;
import gmp.stage05.instrument.PollInserter;

/** Exercise 5.3: your strip-mined polls: a sixteenth of the calls, and still stopping a loop without calls. */
@Exercise(id = "5.3", title = "strip-mined back-edge polls")
class Ex53StripMinedPollsTest extends StripMinedPollsTest {
    @Override
    protected PollInserter.BackedgePlacement placement() {
        return LearnersCode.placement();
    }
}
