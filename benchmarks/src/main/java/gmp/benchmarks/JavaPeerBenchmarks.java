package gmp.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.reflect.Field;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;

/**
 * The suite's workloads ({@link PeerPrograms}) on Java's own schedulers, with the same
 * operation counts as {@link StageBenchmarks}, so the report puts them side by side:
 * <ul>
 *   <li>{@code threads}: a platform thread per task (1:1, 01-threads' shape; procs ignored);</li>
 *   <li>{@code pool}: {@code Executors.newFixedThreadPool(procs)}, a {@code ThreadPoolExecutor}
 *       with one shared queue and lock (02-gm's shape);</li>
 *   <li>{@code forkjoin}: {@code new ForkJoinPool(procs)}, work-stealing deques (04-gmp's shape);</li>
 *   <li>{@code virtual}: virtual threads, whose scheduler is a FIFO ForkJoinPool of
 *       {@code procs} carriers ({@code jdk.virtualThreadScheduler.parallelism}, set before the
 *       first virtual thread of the fork is made, and checked).</li>
 * </ul>
 * The headline workloads use StageBenchmarks' pinned settings, so both sides of a comparison
 * have the same error bars.
 * <pre>
 *   $JAVA_HOME/bin/java -jar benchmarks/target/benchmarks.jar JavaPeerBenchmarks
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
@State(Scope.Benchmark)
public class JavaPeerBenchmarks {

    @Param({"threads", "pool", "forkjoin", "virtual"})
    public String peer;

    @Param({"1", "2"})
    public int procs;

    private PeerPrograms.Peer p;
    private ExecutorService pool;

    @Setup(Level.Trial)
    public void setUp() {
        switch (peer) {
            case "threads" -> p = peer(r -> Thread.ofPlatform().start(r), true);
            case "pool" -> {
                pool = Executors.newFixedThreadPool(procs);
                p = peer(pool, false);
            }
            case "forkjoin" -> {
                pool = new ForkJoinPool(procs);
                p = peer(pool, false);
            }
            case "virtual" -> {
                System.setProperty("jdk.virtualThreadScheduler.parallelism", String.valueOf(procs));
                System.setProperty("jdk.virtualThreadScheduler.maxPoolSize", String.valueOf(Math.max(256, procs)));
                p = peer(r -> Thread.ofVirtual().start(r), true);
                checkCarriers();
            }
            default -> throw new IllegalArgumentException("unknown peer " + peer + "; threads, pool, forkjoin, virtual");
        }
    }

    private static PeerPrograms.Peer peer(Executor e, boolean blocking) {
        return new PeerPrograms.Peer() {
            @Override
            public Executor executor() {
                return e;
            }

            @Override
            public boolean blocking() {
                return blocking;
            }
        };
    }

    /** Warns (does not fail) if this JVM's virtual-thread scheduler was made before our setting. */
    private void checkCarriers() {
        try {
            Thread.ofVirtual().start(() -> { }).join();
            Class<?> vt = Class.forName("java.lang.VirtualThread");
            Field f = vt.getDeclaredField("DEFAULT_SCHEDULER");
            f.setAccessible(true);
            if (f.get(null) instanceof ForkJoinPool fj && fj.getParallelism() != procs) {
                System.err.println("warning: virtual threads run on " + fj.getParallelism()
                        + " carriers in this JVM, not procs=" + procs + " (the scheduler existed before this benchmark)");
            }
        } catch (ReflectiveOperationException | RuntimeException | InterruptedException e) {
            // not opened to us (an in-process smoke run): nothing to check
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        if (pool != null) {
            pool.shutdownNow();
            pool.awaitTermination(10, TimeUnit.SECONDS);
        }
    }

    @Fork(value = StageBenchmarks.HEADLINE_FORKS, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
    @Warmup(iterations = StageBenchmarks.HEADLINE_WARMUPS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = StageBenchmarks.HEADLINE_ITERATIONS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Benchmark
    @OperationsPerInvocation(GoPrograms.N)
    public int spawn() {
        return PeerPrograms.spawn(p);
    }

    @Benchmark
    @OperationsPerInvocation(GoPrograms.N)
    public int chainedSpawn() {
        return PeerPrograms.chainedSpawn(p);
    }

    @Fork(value = StageBenchmarks.HEADLINE_FORKS, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
    @Warmup(iterations = StageBenchmarks.HEADLINE_WARMUPS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = StageBenchmarks.HEADLINE_ITERATIONS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Benchmark
    @OperationsPerInvocation(GoPrograms.N)
    public int pingPong() {
        return PeerPrograms.pingPong(p);
    }

    @Fork(value = StageBenchmarks.HEADLINE_FORKS, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
    @Warmup(iterations = StageBenchmarks.HEADLINE_WARMUPS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = StageBenchmarks.HEADLINE_ITERATIONS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Benchmark
    @OperationsPerInvocation(GoPrograms.YIELDERS * GoPrograms.YIELDS)
    public int yieldMany() {
        return PeerPrograms.yieldMany(p);
    }

    /** With the same untimed {@link QuietStart} pause before each run as the stages get. */
    @Fork(value = StageBenchmarks.HEADLINE_FORKS, jvmArgsAppend = "--add-opens=java.base/java.lang=ALL-UNNAMED")
    @Warmup(iterations = StageBenchmarks.HEADLINE_WARMUPS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = StageBenchmarks.HEADLINE_ITERATIONS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Benchmark
    @OperationsPerInvocation(GoPrograms.JOBS)
    public long syscallMix(QuietStart quiet) {
        return PeerPrograms.syscallMix(p);
    }
}
