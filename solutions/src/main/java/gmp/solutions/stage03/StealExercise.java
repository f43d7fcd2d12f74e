package gmp.solutions.stage03;

import gmp.core.Config;
import gmp.core.Stat;
import gmp.core.Trace;
import gmp.core.spi.G;
import gmp.stage03.PerMScheduler;

import java.util.List;

/** Solution of exercise 3.2 (the skeleton is {@code gmp.stage03.exercises.StealExercise}). */
public class StealExercise extends PerMScheduler {

    public StealExercise(Config config) {
        super(config);
    }

    @Override
    protected G steal(PM m) {
        List<PM> ms = allm();
        int n = ms.size();
        if (n < 2) {
            return null;
        }
        m.stats.inc(Stat.STEAL_ATTEMPTS);
        int start = m.fastrand(n);
        for (int i = 0; i < n; i++) {
            PM victim = ms.get((start + i) % n);
            if (victim == m) {
                continue;
            }
            m.stats.inc(Stat.QUEUES_SCANNED);       // one per M: idle or blocked, each must be looked at
            int got = victim.runq.stealHalfInto(m.runq);
            if (got > 0) {
                m.stats.inc(Stat.STEAL_SUCCESSES);
                m.stats.add(Stat.GOROUTINES_STOLEN, got);
                traceMoved(Trace.Kind.STEAL, m, -1, got, victim.id);
                return m.runq.get();
            }
        }
        return null;
    }
}
