package gmp.solutions.stage02;

import gmp.core.Config;
import gmp.core.Stat;
import gmp.core.spi.GoRuntime;
import gmp.core.spi.G;
import gmp.core.spi.GStatus;
import gmp.core.spi.M;
import gmp.stage02.GMScheduler;

/** Solution of exercise 2.3 (the skeleton is {@code gmp.stage02.exercises.SyscallExercise}). */
public class SyscallExercise extends GMScheduler {

    public SyscallExercise(Config config) {
        super(config);
    }

    @Override
    protected void entersyscall(G g, M m) {
        GM gm = (GM) m;
        schedLock().lock();
        try {
            gm.holdsCpu = false;
            mcpu--;                                  // our CPU slot is free while the thread blocks
            if (globrunq().size() > 0 && mcpu < mcpumax) {
                m.stats.inc(Stat.HANDOFFS);
                matchmg();                           // so someone else runs the waiting Gs
            }
        } finally {
            schedLock().unlock();
        }
    }

    @Override
    protected void exitsyscall(G g, M m) {
        GM gm = (GM) m;
        schedLock().lock();
        try {
            if (mcpu < mcpumax) {
                mcpu++;
                gm.holdsCpu = true;
                return;                              // a slot was free: carry on, same M, same G
            }
        } finally {
            schedLock().unlock();
        }
        GoRuntime.mcall(this::exitsyscall0);                   // no slot: the G waits in the queue like any other
    }

    /** On the M, after the G is off its stack. */
    private void exitsyscall0(G g) {
        schedLock().lock();
        try {
            g.status = GStatus.RUNNABLE;
            globrunq().put(g);
            matchmg();
        } finally {
            schedLock().unlock();
        }
    }
}
