package gmp.solutions.stage01;

import gmp.core.Config;
import gmp.core.spi.G;
import gmp.core.spi.GStatus;
import gmp.core.spi.M;
import gmp.stage01.ThreadsScheduler;

import java.util.concurrent.locks.LockSupport;

/** Solution of exercise 1.2 (the skeleton is {@code gmp.stage01.exercises.ThreadPerGoroutineExercise}). */
public class ThreadPerGoroutineExercise extends ThreadsScheduler {

    public ThreadPerGoroutineExercise(Config config) {
        super(config);
    }

    @Override
    protected void threadMain(M m, G g) {
        while (!closing()) {
            m.execute(g);
            switch (g.status) {
                case DEAD -> {
                    return;
                }
                case RUNNABLE -> Thread.yield();     // it yielded: let the kernel pick who runs
                default -> {
                    while (g.status == GStatus.WAITING && !g.run.isOver() && !closing()) {
                        LockSupport.park(g);         // the permit makes an early unpark count
                    }
                    if (g.run.isOver()) {
                        g.status = GStatus.DEAD;     // main returned: this goroutine is discarded
                        return;
                    }
                }
            }
        }
    }

    @Override
    protected void ready(G g) {
        LockSupport.unpark(g.lockedm.thread());
    }
}
