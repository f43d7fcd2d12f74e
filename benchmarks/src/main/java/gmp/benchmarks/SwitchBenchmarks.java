package gmp.benchmarks;

import gmp.core.Config;
import gmp.core.Go;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
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

import java.util.concurrent.TimeUnit;

/**
 * What one goroutine switch costs, per stage, beside the raw Continuation it is built on.
 * The floor they stand on is {@link RawContinuationBenchmark}.
 * <ul>
 *   <li>{@code yieldResume}: {@code Go.yield()} with no other goroutine runnable: the G switches
 *       to its M, goes to the back of the run queue, and the M switches straight back
 *       (Go's {@code Gosched} round trip).</li>
 * </ul>
 * Each op is one switch or one handoff ({@code @OperationsPerInvocation}); one invocation is
 * a whole {@code Scheduler.run}, whose fixed cost is spread over {@value #N} ops.
 *
 * <pre>
 *   ./mvnw -q -pl benchmarks -am package -DskipTests
 *   $JAVA_HOME/bin/java -jar benchmarks/target/benchmarks.jar 'SwitchBenchmarks|RawContinuation'
 * </pre>
 * The handoff between two goroutines (ping-pong) is in {@link StageBenchmarks}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
@State(Scope.Benchmark)
public class SwitchBenchmarks {

    static final int N = 10_000;

    @Param({"01-n1", "01-threads", "02-gm", "03-perm", "04-gmp", "05-async"})
    public String stage;

    private Scheduler s;

    @Setup(Level.Trial)
    public void setUp() {
        s = Schedulers.create(stage, Config.defaults());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        s.close();
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public Object yieldResume() {
        return s.run(() -> {
            for (int i = 0; i < N; i++) {
                Go.yield();
            }
            return null;
        });
    }
}
