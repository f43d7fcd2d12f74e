package gmp.solutions.stage02;

import gmp.core.Config;
import gmp.core.spi.G;
import gmp.stage02.GMScheduler;

/** Solution of exercise 2.1 (the skeleton is {@code gmp.stage02.exercises.MatchmgExercise}). */
public class MatchmgExercise extends GMScheduler {

    public MatchmgExercise(Config config) {
        super(config);
    }

    @Override
    protected void matchmg() {
        while (globrunq().size() > 0 && mcpu < mcpumax) {
            G g = globrunq().get();
            mcpu++;                                  // the slot is the G's from now on, even before an M runs it
            GM mp = mget();
            if (mp == null) {
                try {
                    mp = newm();
                } catch (RuntimeException | Error e) {
                    mcpu--;                          // thread exhaustion: leave the books as we found them
                    globrunq().put(g);
                    throw e;
                }
            }
            mnextg(mp, g);
        }
    }
}
