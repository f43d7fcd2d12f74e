package gmp.stage04.exercises;

import gmp.core.Config;
import gmp.core.spi.ExerciseNotDone;
import gmp.core.spi.G;
import gmp.stage04.GMPScheduler;
import gmp.stage04.WorkSources;

/**
 * <b>Exercise 4.3: where an M looks for work, and in which order.</b> {@code findRunnable} is
 * the scheduler's answer to "what runs next on this P?". Every source is already written
 * ({@link WorkSources}: each method is one Go function, locks included); you decide whether and
 * in which order to look, as Go 1.19's {@code findRunnable} does:
 * <ol>
 *   <li>run this P's due timers first ({@code checkTimers}: their sleepers land in runnext);</li>
 *   <li><b>the 61-tick rule</b>: when {@code schedtick % 61 == 0} and the global queue is not
 *       empty (read its size first: the size is a free hint, the queue costs a lock), take
 *       <em>one</em> G from it before looking locally. Without this, two goroutines that keep
 *       readying each other on a busy P would starve everything on the global queue forever;</li>
 *   <li>the local queue ({@code runqget}: runnext, then the ring);</li>
 *   <li>a batch from the global queue, if it is not empty ({@code globrunqget(0)});</li>
 *   <li>a non-blocking {@code netpoll};</li>
 *   <li>steal from the other Ps — but only if this M is spinning already, or spinning Ms are
 *       fewer than half the busy Ps ({@code 2 * nmspinning < gomaxprocs - npidle}); an M that
 *       starts stealing starts spinning ({@code startSpinning}) first. Go's comment: "limit the
 *       number of spinning Ms to half the number of busy Ps. This is necessary to prevent
 *       excessive CPU consumption when GOMAXPROCS>>1 but the program parallelism is low".</li>
 * </ol>
 * Return the first G found; null when every source was empty (the M then gives up its P,
 * looks once more, and sleeps: that part is written).
 *
 * <p>Check: {@code ./mvnw -pl 04-gmp test -Pexercises -Dtest='Ex43*'} — the order on scripted
 * sources ({@code FindWorkOrderTest}: what each situation must return, and what it must not
 * touch), then 04-gmp with your {@code findWork}: the contract kit, Go's ported tests
 * ({@code TestTimerFairness} needs step 1), the behaviour tests and the netpoller's echo server.
 *
 * <p>Then an experiment: replace 61 by 1, and by a number so large it never fires, and run
 * {@code -Dtest='Ex43FindWorkOrderTest,Ex43GMPBehaviourTest'}: which test says what goes wrong,
 * and what does each choice cost in lock acquisitions per goroutine (the behaviour test prints it)?
 * (The reference is {@code FindWork.findWork}, which {@code GMPScheduler.findWork} calls.)
 */
public class FindRunnableExercise extends GMPScheduler {

    public FindRunnableExercise(Config config) {
        super(config);
    }

    @Override
    protected G findWork(WorkSources w) {
        throw new ExerciseNotDone("4.3", "findWork: timers, then every 61st tick one G from the global queue,"
                + " the local queue, a global batch, netpoll, and stealing (only while spinning Ms are fewer than"
                + " half the busy Ps); null if nothing");
    }
}
