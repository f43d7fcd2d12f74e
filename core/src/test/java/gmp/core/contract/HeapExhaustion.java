package gmp.core.contract;

import gmp.core.Chan;
import gmp.core.Go;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Stat;

/**
 * The program a contract test runs in a child JVM with a small heap ({@code -Xmx64m}): main
 * starts goroutines that park forever until the heap is gone, as a leak of parked goroutines
 * does. The run must end, with Go's {@code fatal error: runtime: out of memory}, and close()
 * must leave no thread; it prints what happened for the test to read.
 *
 * <p>Argument: the name of the contract test class, whose {@code newScheduler(config())} makes
 * the scheduler (so an exercise's test runs it on the learner's code).
 */
final class HeapExhaustion {
    private HeapExhaustion() {
    }

    public static void main(String[] args) throws Exception {
        var ctor = Class.forName(args[0]).getDeclaredConstructor();
        ctor.setAccessible(true);
        SchedulerContract t = (SchedulerContract) ctor.newInstance();
        RuntimeException ended = exhaustTheHeap(t);
        // Reported once the scheduler is closed and gone: until close() its queues may still hold
        // the run's goroutines, and all they reach (see core's README).
        System.out.println(ended == null ? "run returned" : "run ended: " + ended);
        System.out.println("closed; threads left: " + ContractSupport.threadsOf(t.stageId()));
    }

    /** Runs the program on a scheduler of {@code t}, closes it, and returns how the run ended. */
    private static RuntimeException exhaustTheHeap(SchedulerContract t) {
        try (Scheduler s = t.newScheduler(t.config())) {
            // Where every goroutine is a thread (01-threads), threads would run out first (maxThreads):
            // there each goroutine holds 64 KB, so that the heap goes before them.
            SchedStats before = s.stats();
            s.run((Runnable) () -> {
                for (int i = 0; i < 16; i++) {
                    Go.go(() -> { });
                }
            });
            int payload = s.stats().minus(before).get(Stat.THREADS_CREATED) >= 16 ? 64 << 10 : 0;
            System.out.println("payload per goroutine: " + payload + " bytes");
            s.run((Runnable) () -> {
                Chan<Object> never = Chan.make();
                for (long i = 0; ; i++) {
                    Go.go(() -> {
                        byte[] kept = payload > 0 ? new byte[payload] : null;
                        never.recv();
                        if (kept != null && kept.length == 1) {
                            System.out.println("unreachable");
                        }
                    });
                    if ((i & 63) == 0) {
                        Go.yield();     // let them run and park (one thread: they run only then)
                    }
                }
            });
            return null;
        } catch (RuntimeException e) {
            return e;
        }
    }
}
