package gmp.solutions.stage04;

import gmp.core.Config;
import gmp.stage04.GMPScheduler;
import gmp.stage04.P;

/** Solution of exercise 4.4 (the skeleton is {@code gmp.stage04.exercises.HandoffpExercise}). */
public class HandoffpExercise extends GMPScheduler {

    public HandoffpExercise(Config config) {
        super(config);
    }

    @Override
    protected void handoffp(P p) {
        if (!p.runq.runqempty() || globrunqsize() > 0) {
            startm(p, false);                            // work is waiting: an M for it, now
            return;
        }
        if (nmspinning() + npidle() == 0 && casNmspinning(0, 1)) {
            startm(p, true);                             // nobody would notice new work: a spinner
            return;
        }
        boolean work;
        schedLock().lock();
        try {
            work = globrunqsize() > 0;                   // under the lock no G can slip in unseen
            if (!work) {
                pidleput(p);
            }
        } finally {
            schedLock().unlock();
        }
        if (work) {
            startm(p, false);                            // startm takes sched.lock itself: after unlock
        }
    }
}
