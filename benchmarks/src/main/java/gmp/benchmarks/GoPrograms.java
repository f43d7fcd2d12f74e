package gmp.benchmarks;

import gmp.core.Chan;
import gmp.core.Go;
import gmp.core.WaitGroup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The suite's workloads as goroutine programs (each is the main goroutine of one
 * {@code Scheduler.run}). {@link PeerPrograms} has the same workloads for Java's own
 * schedulers. Sizes are fixed so every stage and peer does the same work per operation.
 */
final class GoPrograms {
    private GoPrograms() {
    }

    /** Goroutines per spawn and chained-spawn operation, handoffs per ping-pong operation. */
    static final int N = 10_000;
    /** Spawn runs in batches: start {@value}, wait for them (Go's BenchmarkCreateGoroutines shape). */
    static final int BATCH = 1_000;
    /** yield: {@value #YIELDERS} goroutines x {@value #YIELDS} yields each = N yields. */
    static final int YIELDERS = 100;
    static final int YIELDS = 100;
    /** syscall mix: jobs per operation; every {@value #SYSCALL_EVERY}th blocks 1 ms in a syscall. */
    static final int JOBS = 1_000;
    static final int SYSCALL_EVERY = 10;

    /** 1. spawn: N goroutines that each call {@code wg.done()}, in batches of {@value #BATCH}. */
    static Object spawn() {
        for (int b = 0; b < N / BATCH; b++) {
            WaitGroup wg = new WaitGroup();
            wg.add(BATCH);
            for (int i = 0; i < BATCH; i++) {
                Go.go(wg::done);
            }
            wg.await();
        }
        return N;
    }

    /** 2. chained spawn: each goroutine starts the next; the last one reports (Tokio's chained_spawn). */
    static Object chainedSpawn() {
        Chan<Integer> done = Chan.make(1);
        Go.go(() -> link(N - 1, done));
        return done.recv();
    }

    private static void link(int left, Chan<Integer> done) {
        if (left == 0) {
            done.send(N);
        } else {
            Go.go(() -> link(left - 1, done));
        }
    }

    /** 3. ping-pong: N one-way handoffs between main and an echo goroutine, unbuffered channels. */
    static Object pingPong() {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        Go.go(() -> {
            for (Integer v : ping) {
                pong.send(v);
            }
        });
        int v = 0;
        for (int i = 0; i < N / 2; i++) {
            ping.send(v);
            v = pong.recv();
        }
        ping.close();
        return v;
    }

    /** 4. yield: {@value #YIELDERS} goroutines each call {@code Go.yield()} {@value #YIELDS} times (Tokio's yield_many). */
    static Object yieldMany() {
        WaitGroup wg = new WaitGroup();
        wg.add(YIELDERS);
        for (int g = 0; g < YIELDERS; g++) {
            Go.go(() -> {
                for (int i = 0; i < YIELDS; i++) {
                    Go.yield();
                }
                wg.done();
            });
        }
        wg.await();
        return YIELDERS * YIELDS;
    }

    /** 5. syscall mix: {@value #JOBS} jobs of ~10 us CPU work; every 10th also blocks 1 ms in {@code Go.syscall}. */
    static Object syscallMix() {
        WaitGroup wg = new WaitGroup();
        wg.add(JOBS);
        AtomicLong sink = new AtomicLong();
        for (int j = 0; j < JOBS; j++) {
            boolean blocks = j % SYSCALL_EVERY == 0;
            Go.go(() -> {
                sink.addAndGet(work());
                if (blocks) {
                    Go.syscall(() -> {
                        TimeUnit.MILLISECONDS.sleep(1);
                        return null;
                    });
                }
                wg.done();
            });
        }
        wg.await();
        return sink.get();
    }

    /** About 10 us of arithmetic that the JIT cannot drop (its result is used). */
    static long work() {
        long x = 0;
        for (int k = 0; k < 20_000; k++) {
            x += k * 31L ^ x;
        }
        return x & 1;
    }
}
