package gmp.core.contract;

import gmp.core.Go;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.WaitGroup;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Small programs the stages' own tests run to read their counters: the same program on two
 * stages gives counters that can be compared (02's lock traffic against 03's, and so on).
 */
public final class Programs {
    private Programs() {
    }

    /** Runs {@code program} on {@code s} and returns what it cost (the counters' difference). */
    public static SchedStats measure(Scheduler s, Runnable program) {
        SchedStats before = s.stats();
        s.run(program);
        return s.stats().minus(before);
    }

    /** Main starts {@code n} goroutines that do nothing but {@code wg.Done()}, and waits. */
    public static void fanOut(int n) {
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        for (int i = 0; i < n; i++) {
            Go.go(wg::done);
        }
        wg.await();
    }

    /** Each goroutine starts the next and exits: {@code n} links (Tokio's chained_spawn). */
    public static void chainedSpawn(int n) {
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        link(n, wg);
        wg.await();
    }

    private static void link(int left, WaitGroup wg) {
        if (left == 0) {
            wg.done();
        } else {
            Go.go(() -> link(left - 1, wg));
        }
    }

    /**
     * {@code n} goroutines each enter a blocking system call and stay in it until all {@code n}
     * are inside at once (or {@code timeoutMs} pass). Returns whether they all were: only a
     * scheduler that gives every blocked syscall its own thread gets there.
     */
    public static boolean allInSyscallAtOnce(int n, long timeoutMs) {
        CountDownLatch inside = new CountDownLatch(n);
        AtomicBoolean all = new AtomicBoolean(true);
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                boolean ok = Go.syscall(() -> {
                    inside.countDown();
                    return inside.await(timeoutMs, TimeUnit.MILLISECONDS);
                });
                if (!ok) {
                    all.set(false);
                }
                wg.done();
            });
        }
        wg.await();
        return all.get();
    }
}
