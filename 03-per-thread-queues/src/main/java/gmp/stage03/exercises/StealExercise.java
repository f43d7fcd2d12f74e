package gmp.stage03.exercises;

import gmp.core.Config;
import gmp.core.spi.ExerciseNotDone;
import gmp.core.spi.G;
import gmp.stage03.PerMScheduler;

/**
 * <b>Exercise 3.2: work stealing across every M.</b> An M whose own queue and the global queue
 * are empty does not go to sleep at once: it robs another M. Write {@link #steal}:
 * <ul>
 *   <li>with fewer than 2 Ms there is nobody to rob: return null (and count nothing);</li>
 *   <li>otherwise count one steal attempt ({@code m.stats.inc(Stat.STEAL_ATTEMPTS)}), then visit
 *       every other M of {@code allm()} once, starting at a random one
 *       ({@code m.fastrand(allm().size())}) so thieves do not all attack the same victim;</li>
 *   <li>count every queue you look at ({@code Stat.QUEUES_SCANNED}) — this is the number that
 *       grows with the number of threads, the problem stage 04 solves;</li>
 *   <li>take half of the first non-empty queue into your own ({@code victim.runq.stealHalfInto(m.runq)}),
 *       count {@code Stat.STEAL_SUCCESSES} and {@code Stat.GOROUTINES_STOLEN} (how many), and
 *       return one of them ({@code m.runq.get()}) to run now.</li>
 * </ul>
 * Tracing, if you like: {@code traceMoved(Trace.Kind.STEAL, m, -1, stolen, victim.id)}.
 *
 * <p>Check: {@code ./mvnw -pl 03-per-thread-queues test -Pexercises -Dtest='Ex32*'} — 03-perm with
 * your steal: the contract kit, and the behaviour tests (an idle M steals half at a time while the
 * creator is busy; goroutines queued on an M blocked in a syscall are reached only by stealing; one
 * fruitless attempt with 100 Ms blocked in syscalls scans 100+ queues). (The reference is
 * {@code PerMScheduler.steal}.)
 */
public class StealExercise extends PerMScheduler {

    public StealExercise(Config config) {
        super(config);
    }

    @Override
    protected G steal(PM m) {
        throw new ExerciseNotDone("3.2", "steal: visit every other M from a random start, take half of the first"
                + " non-empty queue into m.runq, count attempts, queues scanned, successes and Gs stolen");
    }
}
