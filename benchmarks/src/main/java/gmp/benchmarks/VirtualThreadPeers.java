package gmp.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Java's own M:N threads doing what {@link HandoffBenchmarks} does, for comparison in the
 * same run: two virtual threads handing a token back and forth with {@code LockSupport}
 * park/unpark and with a {@code SynchronousQueue}, and start+finish of virtual threads in
 * batches. The {@code _p1} variants fork with {@code jdk.virtualThreadScheduler.parallelism=1}
 * (one carrier: GOMAXPROCS=1's peer); the others use the default (one carrier per CPU).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@State(Scope.Benchmark)
public class VirtualThreadPeers {

    static final int N = HandoffBenchmarks.N;
    static final int BATCH = HandoffBenchmarks.BATCH;
    static final int BATCHES = HandoffBenchmarks.BATCHES;

    @Benchmark
    @OperationsPerInvocation(N)
    @Fork(value = 1, jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
    public int parkUnpark_p1() throws Exception {
        return parkUnpark();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    @Fork(1)
    public int parkUnpark_default() throws Exception {
        return parkUnpark();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    @Fork(value = 1, jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
    public int synchronousQueue_p1() throws Exception {
        return synchronousQueue();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH * BATCHES)
    @Fork(value = 1, jvmArgsAppend = "-Djdk.virtualThreadScheduler.parallelism=1")
    public int spawn_p1() throws Exception {
        return spawn();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH * BATCHES)
    @Fork(1)
    public int spawn_default() throws Exception {
        return spawn();
    }

    /** A token passed N times between two virtual threads; each waits for its turn with park. */
    static int parkUnpark() throws Exception {
        final class Box {
            volatile int turn;
            volatile Thread a;
            volatile Thread b;
        }
        Box box = new Box();
        CountDownLatch ready = new CountDownLatch(1);
        box.b = Thread.ofVirtual().unstarted(() -> {
            awaitQuietly(ready);
            for (int i = 1; i < N; i += 2) {
                while (box.turn != i) {
                    LockSupport.park();
                }
                box.turn = i + 1;
                LockSupport.unpark(box.a);
            }
        });
        box.a = Thread.ofVirtual().unstarted(() -> {
            awaitQuietly(ready);
            for (int i = 0; i < N; i += 2) {
                while (box.turn != i) {
                    LockSupport.park();
                }
                box.turn = i + 1;
                LockSupport.unpark(box.b);
            }
        });
        box.a.start();
        box.b.start();
        ready.countDown();
        box.a.join();
        box.b.join();
        return box.turn;
    }

    static int synchronousQueue() throws Exception {
        SynchronousQueue<Integer> ping = new SynchronousQueue<>();
        SynchronousQueue<Integer> pong = new SynchronousQueue<>();
        Thread echo = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < N / 2; i++) {
                    pong.put(ping.take());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        int[] v = {0};
        Thread main = Thread.ofVirtual().start(() -> {
            try {
                for (int i = 0; i < N / 2; i++) {
                    ping.put(v[0]);
                    v[0] = pong.take() + 1;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        main.join();
        echo.join();
        return v[0];
    }

    /** Batches of virtual threads that count down a latch, started from a virtual thread (as main starts goroutines). */
    static int spawn() throws Exception {
        Thread main = Thread.ofVirtual().start(() -> {
            for (int b = 0; b < BATCHES; b++) {
                CountDownLatch done = new CountDownLatch(BATCH);
                for (int i = 0; i < BATCH; i++) {
                    Thread.ofVirtual().start(done::countDown);
                }
                awaitQuietly(done);
            }
        });
        main.join();
        return BATCH;
    }

    private static void awaitQuietly(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
