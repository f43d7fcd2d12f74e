package gmp.solutions.stage04;

import gmp.core.Config;
import gmp.core.spi.G;
import gmp.stage04.GMPScheduler;
import gmp.stage04.WorkSources;

/** Solution of exercise 4.3 (the skeleton is {@code gmp.stage04.exercises.FindRunnableExercise}). */
public class FindRunnableExercise extends GMPScheduler {

    /**
     * Go's constant: often enough that the global queue is never starved, rarely enough to cost
     * ~1/61 lock acquisition per schedule. The experiment of exercise 4.3 changes it:
     * {@code -Dgmp.jvmArgs=-Dgmp.exercise.globalQueueEvery=1} (see solutions/README.md).
     */
    private static final int GLOBAL_QUEUE_EVERY = Integer.getInteger("gmp.exercise.globalQueueEvery", 61);

    public FindRunnableExercise(Config config) {
        super(config);
    }

    @Override
    protected G findWork(WorkSources w) {
        w.checkTimers();                                 // sleepers whose time has come, into runnext
        G g = null;
        if (w.schedtick() % GLOBAL_QUEUE_EVERY == 0 && w.globrunqsize() > 0) {
            g = w.globrunqget(1);                        // fairness: one, not a batch
        }
        if (g == null) {
            g = w.runqget();
        }
        if (g == null && w.globrunqsize() > 0) {
            g = w.globrunqget(0);
        }
        if (g == null) {
            g = w.netpoll();
        }
        if (g == null && (w.spinning() || 2 * w.nmspinning() < w.gomaxprocs() - w.npidle())) {
            if (!w.spinning()) {
                w.startSpinning();                       // count ourselves before stealing: others read it
            }
            g = w.stealWork();
        }
        return g;
    }
}
