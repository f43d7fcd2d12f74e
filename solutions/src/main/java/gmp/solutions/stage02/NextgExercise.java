package gmp.solutions.stage02;

import gmp.core.Config;
import gmp.core.Stat;
import gmp.core.Trace;
import gmp.core.spi.G;
import gmp.stage02.GMScheduler;

import java.util.concurrent.locks.LockSupport;

/** Solution of exercise 2.2 (the skeleton is {@code gmp.stage02.exercises.NextgExercise}). */
public class NextgExercise extends GMScheduler {

    public NextgExercise(Config config) {
        super(config);
    }

    @Override
    protected G nextgandunlock(GM m) {
        try {
            while (!closing()) {
                G handed = m.nextg;
                if (handed != null) {
                    m.nextg = null;
                    m.holdsCpu = true;               // matchmg already counted its slot in mcpu
                    return handed;
                }
                if (globrunq().size() > 0 && mcpu < mcpumax) {
                    mcpu++;
                    m.holdsCpu = true;
                    return globrunq().get();
                }
                mput(m);                             // idle, where matchmg will find it...
                m.waitnextg = true;                  // ...and clear this before it unparks us
                m.stats.inc(Stat.M_PARKS);
                traceM(Trace.Kind.M_PARK, m, -1);
                schedLock().unlock();
                while (m.waitnextg && !closing()) {
                    LockSupport.park(this);          // an unpark that came first is not lost
                }
                schedLock().lock();
            }
            return null;
        } finally {
            schedLock().unlock();
        }
    }
}
