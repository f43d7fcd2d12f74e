package gmp.benchmarks;

import gmp.core.Config;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Stat;
import org.openjdk.jmh.annotations.AuxCounters;
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

import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;

/**
 * The suite's five workloads ({@link GoPrograms}) on every stage that can run them, at
 * GOMAXPROCS 1 and 2; {@link JavaPeerBenchmarks} runs the same workloads on Java's own
 * schedulers in the same run. Time is per goroutine, handoff, yield or job (see each method).
 *
 * <p>Every benchmark also reports the scheduler's own counters for the operations it timed,
 * as JMH secondary results ({@link SchedCounters}): global-lock acquisitions, contended ones
 * and their wait, steal attempts and queues scanned, threads created, and the goroutine
 * switches they are divided by. That is the lock-contention comparison across stages.
 *
 * <p>01-serial is left out (it cannot wait for a goroutine); 05-coop schedules exactly like
 * 05-async when nothing spins, so 05-async stands for stage 05. 01-n1 always has one thread
 * and 01-threads one per goroutine: their procs=2 rows repeat procs=1 on purpose, so every
 * row of the report has both.
 * <p>The four headline workloads (spawn, ping-pong, yield, syscall mix) are pinned to
 * {@value #HEADLINE_FORKS} forks x {@value #HEADLINE_ITERATIONS} measured iterations of 0.5 s
 * after {@value #HEADLINE_WARMUPS} warm-ups of 0.5 s, so JMH's 99.9% error of each cell is
 * under 10% of its score on an idle 2-CPU machine; the report marks any cell whose error is
 * not. The warm-up is long because the JIT is not done after 1.5 s: spawn at 04-gmp, procs=1,
 * runs at ~130 ns per goroutine in its 3rd to 7th half-seconds and settles at ~160 from the
 * 9th; a fork measured from the 4th mixed both and its error was 10-20%. Chained spawn keeps
 * the cheaper class defaults. ({@code run-full.sh} runs the 01 stages, which are context, not
 * headline, with one fork.)
 * <pre>
 *   ./mvnw -q -pl benchmarks -am package -DskipTests
 *   $JAVA_HOME/bin/java -jar benchmarks/target/benchmarks.jar StageBenchmarks
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
@State(Scope.Benchmark)
public class StageBenchmarks {

    /** The headline cells' settings (see the class comment); JavaPeerBenchmarks uses the same. */
    static final int HEADLINE_FORKS = 3;
    static final int HEADLINE_ITERATIONS = 10;
    static final int HEADLINE_WARMUPS = 10;

    @Param({"01-n1", "01-threads", "02-gm", "03-perm", "04-gmp", "05-async"})
    public String stage;

    @Param({"1", "2"})
    public int procs;

    private Scheduler s;

    @Setup(Level.Trial)
    public void setUp() {
        s = Schedulers.create(stage, Config.defaults().procs(procs));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        s.close();
    }

    /**
     * The scheduler's counters for the timed operations, reported by JMH beside the time
     * (totals per iteration; the report divides them by {@code switches}).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class SchedCounters {
        public long switches;
        public long lockAcquisitions;
        public long lockContended;
        public long lockWaitNs;
        public long stealAttempts;
        public long queuesScanned;
        public long threadsCreated;

        void add(SchedStats d) {
            switches += d.get(Stat.SCHEDULES);
            lockAcquisitions += d.get(Stat.LOCK_ACQUISITIONS);
            lockContended += d.get(Stat.LOCK_CONTENDED);
            lockWaitNs += d.get(Stat.LOCK_WAIT_NS);
            stealAttempts += d.get(Stat.STEAL_ATTEMPTS);
            queuesScanned += d.get(Stat.QUEUES_SCANNED);
            threadsCreated += d.get(Stat.THREADS_CREATED);
        }
    }

    private Object measured(Callable<Object> program, SchedCounters c) {
        SchedStats before = s.stats();
        Object r = s.run(program);
        c.add(s.stats().minus(before));
        return r;
    }

    /** ns per goroutine: start it, it calls {@code wg.done()}; main waits per batch of 1,000. */
    @Fork(value = HEADLINE_FORKS, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
    @Warmup(iterations = HEADLINE_WARMUPS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = HEADLINE_ITERATIONS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Benchmark
    @OperationsPerInvocation(GoPrograms.N)
    public Object spawn(SchedCounters c) {
        return measured(GoPrograms::spawn, c);
    }

    /** ns per goroutine: each starts the next, 10,000 deep. */
    @Benchmark
    @OperationsPerInvocation(GoPrograms.N)
    public Object chainedSpawn(SchedCounters c) {
        return measured(GoPrograms::chainedSpawn, c);
    }

    /** ns per one-way handoff over an unbuffered channel. */
    @Fork(value = HEADLINE_FORKS, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
    @Warmup(iterations = HEADLINE_WARMUPS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = HEADLINE_ITERATIONS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Benchmark
    @OperationsPerInvocation(GoPrograms.N)
    public Object pingPong(SchedCounters c) {
        return measured(GoPrograms::pingPong, c);
    }

    /** ns per {@code Go.yield()}, 100 goroutines yielding 100 times each. */
    @Fork(value = HEADLINE_FORKS, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
    @Warmup(iterations = HEADLINE_WARMUPS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = HEADLINE_ITERATIONS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Benchmark
    @OperationsPerInvocation(GoPrograms.YIELDERS * GoPrograms.YIELDS)
    public Object yieldMany(SchedCounters c) {
        return measured(GoPrograms::yieldMany, c);
    }

    /**
     * ns per job: ~10 us of CPU, and a 1 ms blocking syscall for every 10th job. Each run starts
     * after a {@link QuietStart} pause (not timed), as a program would: see there why.
     */
    @Fork(value = HEADLINE_FORKS, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
    @Warmup(iterations = HEADLINE_WARMUPS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Measurement(iterations = HEADLINE_ITERATIONS, time = 500, timeUnit = TimeUnit.MILLISECONDS)
    @Benchmark
    @OperationsPerInvocation(GoPrograms.JOBS)
    public Object syscallMix(SchedCounters c, QuietStart quiet) {
        return measured(GoPrograms::syscallMix, c);
    }
}
