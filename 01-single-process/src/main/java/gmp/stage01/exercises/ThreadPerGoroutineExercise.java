package gmp.stage01.exercises;

import gmp.core.Config;
import gmp.core.spi.ExerciseNotDone;
import gmp.core.spi.G;
import gmp.core.spi.M;
import gmp.stage01.ThreadsScheduler;

/**
 * <b>Exercise 1.2: 1:1 threads — when a goroutine waits, its thread waits.</b> Give every
 * goroutine an OS thread of its own and let the kernel schedule: the channels, WaitGroups,
 * mutexes and sleeps of core park a goroutine ({@code gopark}) and ready it ({@code goready})
 * exactly as on every stage; what differs is what parking <em>means</em>. Here the G and its M
 * are bound for life ({@code g.lockedm} is the M), and:
 * <ul>
 *   <li>{@link #threadMain}: the thread's whole life. Run the G ({@code m.execute(g)}: it returns
 *       when the G yields, parks or ends). Then look at {@code g.status}: {@code DEAD} — the thread
 *       is done; {@code RUNNABLE} (it yielded) — {@code Thread.yield()} and run it again;
 *       {@code WAITING} — park the thread ({@code LockSupport.park(g)}) until the G is no longer
 *       waiting, and run it again. Park in a loop (a park may return early), and stop waiting
 *       when its run is over ({@code g.run.isOver()}: then mark it {@code DEAD} and end) or the
 *       scheduler is {@code closing()}.</li>
 *   <li>{@link #ready}: a parked G became runnable (its status is already {@code RUNNABLE}): wake
 *       its thread, {@code LockSupport.unpark(g.lockedm.thread())}.</li>
 * </ul>
 * Why does an unpark that comes before the park not get lost? Read {@code LockSupport}'s "permit".
 * The price you will measure: a thread per goroutine (create, stack) and a kernel wake-up per
 * channel handoff (15-35 us across CPUs on the project's VM, against ~0.15 us on N:1).
 *
 * <p>Check: {@code ./mvnw -pl 01-single-process test -Pexercises -Dtest='Ex12*'} — the whole
 * contract kit on 01-threads with your two methods (ping-pong, select, mutex, sleep, deadlock
 * detection, two goroutines at once, a syscall that stalls nobody, the kernel preempting a
 * spinner) and 1:1's behaviour: one thread per goroutine, "thread exhaustion" past maxThreads.
 * (The reference is {@code ThreadsScheduler.threadMain} and {@code ready}.)
 */
public class ThreadPerGoroutineExercise extends ThreadsScheduler {

    public ThreadPerGoroutineExercise(Config config) {
        super(config);
    }

    @Override
    protected void threadMain(M m, G g) {
        throw new ExerciseNotDone("1.2", "threadMain: loop: m.execute(g); DEAD -> return; RUNNABLE -> Thread.yield();"
                + " WAITING -> park until it is not (or its run is over: mark it DEAD and return)");
    }

    @Override
    protected void ready(G g) {
        throw new ExerciseNotDone("1.2", "ready: unpark the thread of g's M (g.lockedm)");
    }
}
