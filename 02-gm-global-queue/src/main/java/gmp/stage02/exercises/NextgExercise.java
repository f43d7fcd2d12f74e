package gmp.stage02.exercises;

import gmp.core.Config;
import gmp.core.spi.ExerciseNotDone;
import gmp.core.spi.G;
import gmp.stage02.GMScheduler;

/**
 * <b>Exercise 2.2: nextgandunlock — what an M does between two goroutines.</b> Every M of Go 1.0
 * loops: run a G; lock {@code sched.lock}; give back the slot it held; call
 * {@code nextgandunlock} to get the next G; run it. Called with the lock held, it must return a G
 * with the lock released and a CPU slot held by this M ({@code m.holdsCpu = true}):
 * <ol>
 *   <li>if matchmg handed this M a G ({@code m.nextg}), take it: its slot was reserved already;</li>
 *   <li>else if the global queue has a G and a slot is free ({@code mcpu < mcpumax}), take both;</li>
 *   <li>else go idle: {@code mput(m)}, set {@code m.waitnextg = true} (the M's note), count it
 *       ({@code m.stats.inc(Stat.M_PARKS)}), <em>unlock</em>, and park the thread
 *       ({@code LockSupport.park(this)}) while {@code m.waitnextg} and not {@code closing()} —
 *       matchmg clears the flag and unparks it when it hands over a G; then lock again and start
 *       over at 1.</li>
 * </ol>
 * Return null only when {@code closing()}; release the lock on every way out (a
 * {@code try/finally}): an M that dies holding it leaves every other M waiting for it forever. Why park only after setting the flag and unlocking? The flag is the
 * handshake: matchmg sets {@code nextg} and clears the flag under the lock, then unparks; an
 * unpark that comes before the park is remembered, so no wake-up is lost.
 *
 * <p>Check: {@code ./mvnw -pl 02-gm-global-queue test -Pexercises -Dtest='Ex22*'} — the contract
 * kit and 02's behaviour tests on 02-gm with your nextgandunlock. (The reference is
 * {@code GMScheduler.nextgandunlock}.)
 */
public class NextgExercise extends GMScheduler {

    public NextgExercise(Config config) {
        super(config);
    }

    @Override
    protected G nextgandunlock(GM m) {
        schedLock().unlock();       // (so this unwritten body fails the run instead of hanging every M: yours unlocks too)
        throw new ExerciseNotDone("2.2", "nextgandunlock: m.nextg, else a global G if mcpu < mcpumax, else mput,"
                + " waitnextg = true, unlock, park until woken, lock, again; unlock on the way out");
    }
}
