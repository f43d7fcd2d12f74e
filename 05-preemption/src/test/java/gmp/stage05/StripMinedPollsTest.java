package gmp.stage05;

/**
 * Back-edge polls strip-mined (a poll call every 16 back-edges here; 1,024 by default): the same
 * checks as {@link BackedgePollsTest}, with a sixteenth of the calls. The workbook's placement
 * here; the learner's in exercise 5.3 ({@code Ex53StripMinedPollsTest}).
 */
class StripMinedPollsTest extends BackedgePollsTest {

    @Override
    protected int stride() {
        return 16;
    }
}
