package gmp.solutions.stage03;

import gmp.core.Config;
import gmp.core.Stat;
import gmp.core.Trace;
import gmp.core.spi.G;
import gmp.stage03.PerMScheduler;

/** Solution of exercise 3.3 (the skeleton is {@code gmp.stage03.exercises.BatchesExercise}). */
public class BatchesExercise extends PerMScheduler {

    public BatchesExercise(Config config) {
        super(config);
    }

    @Override
    protected void runqput(PM m, G g) {
        if (m.runq.put(g)) {
            m.stats.inc(Stat.LOCAL_RUNQ_PUTS);
            return;
        }
        G[] half = m.runq.takeHalfForOverflow();    // taken out before the global lock: held as briefly as possible
        schedLock().lock();
        try {
            for (G old : half) {
                globrunq().put(old);
            }
            globrunq().put(g);
        } finally {
            schedLock().unlock();
        }
    }

    @Override
    protected G globrunqget(PM m) {
        int n = globrunq().batchSize(gomaxprocs(), 0, Math.min(m.runq.free(), config.runqCapacity() / 2));
        if (n == 0) {
            return null;
        }
        G first = globrunq().get();
        for (int k = 1; k < n; k++) {
            m.runq.put(globrunq().get());           // fits: n <= free slots
        }
        traceMoved(Trace.Kind.GLOBAL_BATCH, m, -1, n, -1);
        return first;
    }
}
