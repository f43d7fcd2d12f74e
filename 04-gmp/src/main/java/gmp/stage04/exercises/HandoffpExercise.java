package gmp.stage04.exercises;

import gmp.core.Config;
import gmp.core.spi.ExerciseNotDone;
import gmp.stage04.GMPScheduler;
import gmp.stage04.P;

/**
 * <b>Exercise 4.4: handoffp — what sysmon does with a P it took from a blocked M.</b> The P is
 * the whole point of stage 04: when an M blocks in a system call, its P (with its run queue)
 * must not block with it. sysmon's {@code retake} has already taken {@code p} from the M (its
 * status is IDLE now, it belongs to nobody); {@code handoffp} decides who gets it. Go's rules:
 * <ol>
 *   <li>if {@code p} has work — its own queue is not empty ({@code p.runq.runqempty()}), or the
 *       global queue is not ({@link #globrunqsize()}) — start an M for it right away:
 *       {@code startm(p, false)};</li>
 *   <li>else, if nobody is looking for work — no M spinning and no P idle
 *       ({@code nmspinning() + npidle() == 0}) — and you win {@code casNmspinning(0, 1)}, start a
 *       <em>spinning</em> M with it, {@code startm(p, true)}, so new work finds someone;</li>
 *   <li>else park it: take {@code schedLock()}, look at the global queue once more (a G may
 *       have arrived since step 1; under the lock nobody can add one unseen), and if it is still
 *       empty {@code pidleput(p)}; if it is not, unlock and {@code startm(p, false)} after all.
 *       Never call {@code startm} with the lock held: it takes the lock itself.</li>
 * </ol>
 *
 * <p>Check: {@code ./mvnw -pl 04-gmp test -Pexercises -Dtest='Ex44*'} — the seed article's
 * scenario 10 replayed step by step on your code (a syscall with an empty P: parked; with work on
 * it: handed to a new M, which runs that work while the syscall goes on), a blocking syscall
 * at procs=1 that must not stall the others, Go's many-short-syscalls test, and the contract kit.
 * (The reference is {@code Syscalls.handoffp}, which {@code GMPScheduler.handoffp} calls.)
 */
public class HandoffpExercise extends GMPScheduler {

    public HandoffpExercise(Config config) {
        super(config);
    }

    @Override
    protected void handoffp(P p) {
        throw new ExerciseNotDone("4.4", "handoffp: start an M if p or the global queue has work; start a spinning M"
                + " if no M spins and no P is idle; else, under sched.lock, park p unless the global queue has work");
    }
}
