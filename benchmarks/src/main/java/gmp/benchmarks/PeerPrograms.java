package gmp.benchmarks;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * {@link GoPrograms}' workloads for Java's own schedulers. A "peer" is an {@link Executor}
 * for short tasks plus a way to run two tasks that block on each other:
 * <ul>
 *   <li>threads (one platform thread per task, 1:1, like 01-threads) and virtual threads
 *       (Loom's M:N) can block: ping-pong is two of them handing a token with
 *       {@code LockSupport} park/unpark, a yield is {@code Thread.yield()}, a syscall blocks;</li>
 *   <li>pools ({@code ThreadPoolExecutor}, {@code ForkJoinPool}) run tasks that must not block
 *       on each other (one thread would deadlock): a handoff is a task submitting the next
 *       task, a yield is a task re-submitting itself, and a "syscall" blocks the pool thread.</li>
 * </ul>
 * The parent task runs on the peer too (as main is a goroutine), so its children are
 * submitted from inside it: into a ForkJoinPool worker's own deque, into a
 * ThreadPoolExecutor's one shared queue. The benchmark thread only waits for the end.
 */
final class PeerPrograms {
    private PeerPrograms() {
    }

    /** How a peer runs things. */
    interface Peer {
        Executor executor();

        /** Whether tasks may block waiting for each other (threads yes, pools no). */
        boolean blocking();
    }

    static void await(CountDownLatch l) {
        try {
            if (!l.await(120, TimeUnit.SECONDS)) {
                throw new IllegalStateException("a peer workload did not finish within 120 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** 1. spawn: N tasks in batches of 1,000; the parent waits per batch only where it may block. */
    static int spawn(Peer p) {
        CountDownLatch all = new CountDownLatch(GoPrograms.N);
        p.executor().execute(() -> {
            for (int b = 0; b < GoPrograms.N / GoPrograms.BATCH; b++) {
                CountDownLatch batch = new CountDownLatch(GoPrograms.BATCH);
                for (int i = 0; i < GoPrograms.BATCH; i++) {
                    p.executor().execute(() -> {
                        batch.countDown();
                        all.countDown();
                    });
                }
                if (p.blocking()) {
                    await(batch);
                }
            }
        });
        await(all);
        return GoPrograms.N;
    }

    /** 2. chained spawn: each task submits the next. */
    static int chainedSpawn(Peer p) {
        CountDownLatch done = new CountDownLatch(1);
        p.executor().execute(() -> link(p, GoPrograms.N - 1, done));
        await(done);
        return GoPrograms.N;
    }

    private static void link(Peer p, int left, CountDownLatch done) {
        if (left == 0) {
            done.countDown();
        } else {
            p.executor().execute(() -> link(p, left - 1, done));
        }
    }

    /** 3. ping-pong: N one-way handoffs (park/unpark between two blocking tasks, else task to task). */
    static int pingPong(Peer p) {
        return p.blocking() ? parkUnpark(p) : taskToTask(p);
    }

    /** The token two blocking tasks pass: whose turn it is, and the two threads. */
    private static final class Token {
        volatile int turn;
        final Thread[] side = new Thread[2];
        final CountDownLatch ready = new CountDownLatch(2);
        final CountDownLatch done = new CountDownLatch(2);
    }

    private static int parkUnpark(Peer p) {
        Token t = new Token();
        p.executor().execute(() -> passToken(t, 0));
        p.executor().execute(() -> passToken(t, 1));
        await(t.done);
        return t.turn;
    }

    /** Side {@code me} (0 or 1) waits for the turns of its parity and hands each to the other side. */
    private static void passToken(Token t, int me) {
        t.side[me] = Thread.currentThread();
        t.ready.countDown();
        await(t.ready);
        for (int i = me; i < GoPrograms.N; i += 2) {
            while (t.turn != i) {
                LockSupport.park();
            }
            t.turn = i + 1;
            LockSupport.unpark(t.side[1 - me]);
        }
        t.done.countDown();
    }

    private static int taskToTask(Peer p) {
        CountDownLatch done = new CountDownLatch(1);
        AtomicInteger ball = new AtomicInteger();
        p.executor().execute(() -> bounce(p, ball, done));
        await(done);
        return ball.get();
    }

    private static void bounce(Peer p, AtomicInteger ball, CountDownLatch done) {
        if (ball.incrementAndGet() >= GoPrograms.N) {
            done.countDown();
        } else {
            p.executor().execute(() -> bounce(p, ball, done));
        }
    }

    /** 4. yield: 100 tasks x 100 yields ({@code Thread.yield()}, or a task re-submitting itself). */
    static int yieldMany(Peer p) {
        CountDownLatch done = new CountDownLatch(GoPrograms.YIELDERS);
        p.executor().execute(() -> {
            for (int g = 0; g < GoPrograms.YIELDERS; g++) {
                if (p.blocking()) {
                    p.executor().execute(() -> {
                        for (int i = 0; i < GoPrograms.YIELDS; i++) {
                            Thread.yield();
                        }
                        done.countDown();
                    });
                } else {
                    p.executor().execute(() -> requeue(p, GoPrograms.YIELDS, done));
                }
            }
        });
        await(done);
        return GoPrograms.YIELDERS * GoPrograms.YIELDS;
    }

    private static void requeue(Peer p, int left, CountDownLatch done) {
        if (left == 0) {
            done.countDown();
        } else {
            p.executor().execute(() -> requeue(p, left - 1, done));
        }
    }

    /** 5. syscall mix: 1,000 jobs of ~10 us CPU; every 10th also sleeps 1 ms (blocking its thread). */
    static long syscallMix(Peer p) {
        CountDownLatch done = new CountDownLatch(GoPrograms.JOBS);
        AtomicLong sink = new AtomicLong();
        p.executor().execute(() -> {
            for (int j = 0; j < GoPrograms.JOBS; j++) {
                boolean blocks = j % GoPrograms.SYSCALL_EVERY == 0;
                p.executor().execute(() -> {
                    sink.addAndGet(GoPrograms.work());
                    if (blocks) {
                        try {
                            TimeUnit.MILLISECONDS.sleep(1);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                    }
                    done.countDown();
                });
            }
        });
        await(done);
        return sink.get();
    }
}
