package gmp.stage03.exercises;

import gmp.core.Config;
import gmp.core.spi.ExerciseNotDone;
import gmp.core.spi.G;
import gmp.stage03.PerMScheduler;

/**
 * <b>Exercise 3.3: the global queue, in batches.</b> With a queue per M, the global queue is
 * left for what does not fit (a full local queue) and what comes from outside (syscall returns,
 * wake-ups from other threads). Every trip to it takes {@code sched.lock}; the trick that keeps
 * that lock cold is to move goroutines in batches. Write both directions:
 * <ul>
 *   <li>{@link #runqput}: put {@code g} on {@code m}'s own queue ({@code m.runq.put(g)}; count
 *       {@code Stat.LOCAL_RUNQ_PUTS} when it fits). When it is full, take its older half
 *       ({@code m.runq.takeHalfForOverflow()}) and put that half and {@code g} on the global queue
 *       ({@code globrunq().put}) under <em>one</em> acquisition of {@code schedLock()}: one lock for
 *       capacity/2 + 1 goroutines (Go's {@code runqputslow});</li>
 *   <li>{@link #globrunqget} (called with the lock held): take a fair batch,
 *       {@code globrunq().batchSize(gomaxprocs(), 0, Math.min(m.runq.free(), config.runqCapacity() / 2))}
 *       Gs — {@code min(n, n/procs + 1, capacity/2)}: enough to keep this M busy for a while, not
 *       so many that the other Ms find nothing; return the first to run and put the rest on
 *       {@code m.runq}; null if the batch is empty. (Trace it if you like:
 *       {@code traceMoved(Trace.Kind.GLOBAL_BATCH, m, -1, n, -1)}.)</li>
 * </ul>
 *
 * <p>Check: {@code ./mvnw -pl 03-per-thread-queues test -Pexercises -Dtest='Ex33*'} — the exact
 * count at procs=1 with 4-slot queues (3 Gs per overflow acquisition, 2 per refill), the 10,000
 * goroutine fan-out under 0.2 lock acquisitions per goroutine (02-gm: 2.0), and the contract kit
 * with 4-slot queues. (The reference is {@code PerMScheduler.runqput} and {@code globrunqget}.)
 */
public class BatchesExercise extends PerMScheduler {

    public BatchesExercise(Config config) {
        super(config);
    }

    @Override
    protected void runqput(PM m, G g) {
        throw new ExerciseNotDone("3.3", "runqput: m.runq.put(g), or if full move takeHalfForOverflow() and g to the"
                + " global queue under one lock acquisition");
    }

    @Override
    protected G globrunqget(PM m) {
        throw new ExerciseNotDone("3.3", "globrunqget: take globrunq().batchSize(...) Gs, return the first, put the rest"
                + " on m.runq");
    }
}
