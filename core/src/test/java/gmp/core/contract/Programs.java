package gmp.core.contract;

import gmp.core.Go;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.WaitGroup;

import gmp.core.Stat;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.awaitility.Awaitility.await;

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
                    return ContractSupport.awaitInGoroutine(inside, timeoutMs);
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

    /**
     * Blocks {@code blocked} goroutines in system calls (so at least that many threads exist),
     * then lets main wait with nothing else to run, so its M goes looking for work to steal.
     * Returns the counters of that moment: from when every goroutine was blocked until some M
     * made a steal attempt. Runs the whole program on {@code s}; the bookkeeping happens on a
     * thread outside the scheduler, which sets its baseline before main is allowed to wait, and
     * ends the system calls when it has seen a steal attempt (a plain thread may not use a
     * channel: it releases the latch the system calls wait on, and main waits for them).
     */
    public static SchedStats stealWhileBlockedInSyscalls(Scheduler s, int blocked) throws InterruptedException {
        CountDownLatch inside = new CountDownLatch(blocked);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch armed = new CountDownLatch(1);
        AtomicReference<SchedStats> whileBlocked = new AtomicReference<>();
        Thread observer = new Thread(() -> {
            try {
                if (!inside.await(30, TimeUnit.SECONDS)) {
                    return;
                }
                SchedStats before = s.stats();
                armed.countDown();
                await().atMost(Duration.ofSeconds(30))
                        .until(() -> s.stats().minus(before).get(Stat.STEAL_ATTEMPTS) > 0);
                whileBlocked.set(s.stats().minus(before));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                armed.countDown();
                release.countDown();
            }
        });
        observer.start();
        boolean ranToTheEnd = false;
        try {
            s.run(() -> {
                WaitGroup wg = new WaitGroup();
                wg.add(blocked);
                for (int i = 0; i < blocked; i++) {
                    Go.go(() -> {
                        Go.syscall(() -> {
                            inside.countDown();
                            return release.await(30, TimeUnit.SECONDS);
                        });
                        wg.done();
                    });
                }
                Go.syscall(() -> armed.await(30, TimeUnit.SECONDS));   // the observer has its baseline
                // main waits: its M has nothing left to run, so before it may sleep it tries to steal
                wg.await();
            });
            ranToTheEnd = true;
        } finally {
            if (!ranToTheEnd) {         // the run failed: free its syscalls and the observer at once
                release.countDown();
                observer.interrupt();
            }
        }
        observer.join();
        SchedStats d = whileBlocked.get();
        if (d == null) {
            throw new AssertionError("no M went looking for work while " + blocked + " goroutines were blocked");
        }
        return d;
    }

    /**
     * A goroutine-per-connection echo server on {@code ln}: an accept loop goroutine that
     * starts one goroutine per connection, which writes back everything it reads until the
     * client closes its side. Ends when {@code ln} is closed. {@code served} counts connections
     * echoed to the end.
     */
    public static void echoServer(gmp.core.GoListener ln, java.util.concurrent.atomic.AtomicInteger served) {
        gmp.core.Go.go(() -> {
            while (true) {
                gmp.core.GoConn c;
                try {
                    c = ln.accept();
                } catch (java.io.UncheckedIOException closed) {
                    return;
                }
                gmp.core.Go.go(() -> {
                    try (c) {
                        byte[] buf = new byte[512];
                        int n;
                        while ((n = c.read(buf, 0, buf.length)) > 0) {
                            c.write(buf, 0, n);
                        }
                        served.incrementAndGet();   // before the client can see the end and finish
                        c.closeWrite();
                    }
                });
            }
        });
    }
}
