package gmp.stage04;

import gmp.core.Config;
import gmp.core.exercises.Exercise;

/** Exercise 4.4: the seed article's ten scenarios (scenario 10 is handoffp's) on 04-gmp with your handoffp. */
@Exercise(id = "4.4", title = "handoffp")
class Ex44SeedScenariosTest extends SeedScenariosTest {
    @Override
    protected GMPScheduler paper(Config config) {
        return PaperMs.paper(() -> LearnersCode.withHandoffp(config));
    }
}
