package gmp.stage02.exercises;

import gmp.core.Config;
import gmp.core.spi.ExerciseNotDone;
import gmp.stage02.GMScheduler;

/**
 * <b>Exercise 2.1: matchmg — Go 1.0 hands goroutines to threads.</b> In Go 1.0 there is one run
 * queue and one lock, and a fixed number of CPU slots: at most {@code mcpumax} (GOMAXPROCS) Ms may
 * run Go code at once, counted by {@code mcpu}. Whenever a G is queued (a {@code go} statement, a
 * wake-up), {@code matchmg} runs with {@code schedLock()} held and matches waiting Gs with Ms:
 * <pre>
 *   while the global queue is not empty and mcpu &lt; mcpumax:
 *       take the G at its head; reserve a slot for it (mcpu++)
 *       take an idle M (mget()), or make a new one (newm()) if none is idle
 *       hand the G to that M: mnextg(mp, g) — it wakes the M if it sleeps
 * </pre>
 * If {@code newm()} throws (too many threads: "thread exhaustion"), undo what you did — give the
 * slot back, put the G back on the queue — and rethrow: the run fails, the scheduler stays sound.
 *
 * <p>Notice what this design costs, which is the point of stage 02: every {@code go} statement
 * takes the one lock to get here, and the new G goes to whichever M is idle, not to the one that
 * created it (whose cache holds the G's data).
 *
 * <p>Check: {@code ./mvnw -pl 02-gm-global-queue test -Pexercises -Dtest='Ex21*'} — the contract
 * kit and 02's behaviour tests on 02-gm with your matchmg (every G through the global queue, twice
 * the lock per goroutine, never more than GOMAXPROCS goroutines computing at once, threads growing
 * with blocking syscalls, thread exhaustion past maxThreads). (The reference is {@code GMScheduler.matchmg}.)
 */
public class MatchmgExercise extends GMScheduler {

    public MatchmgExercise(Config config) {
        super(config);
    }

    @Override
    protected void matchmg() {
        throw new ExerciseNotDone("2.1", "matchmg: while globrunq() has Gs and mcpu < mcpumax, take one, mcpu++,"
                + " mget() or newm(), mnextg(mp, g); undo and rethrow if newm() throws");
    }
}
