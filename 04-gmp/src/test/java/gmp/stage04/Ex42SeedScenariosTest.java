package gmp.stage04;

import gmp.core.Config;
import gmp.core.exercises.Exercise;

/** Exercise 4.2: the seed article's ten scenarios, with your 4-slot ring in every P. */
@Exercise(id = "4.2", title = "runqputslow")
class Ex42SeedScenariosTest extends SeedScenariosTest {
    @Override
    protected GMPScheduler paper(Config config) {
        return PaperMs.paper(() -> LearnersCode.withRunqs(config));
    }
}
