package gmp.benchmarks;

import gmp.core.Config;
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
 * What the tracer costs: 04-gmp at procs=1, ping-pong and spawn, with {@code Config.trace}
 * off and on. Off, every hook is one null check (compare with {@code StageBenchmarks} rows of
 * the same run); on, every event is an object in the M's own buffer (a fresh scheduler per
 * iteration, so the buffers never fill).
 * <pre>
 *   $JAVA_HOME/bin/java -jar benchmarks/target/benchmarks.jar TraceOverheadBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 2, time = 1)
@Measurement(iterations = 3, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
@State(Scope.Benchmark)
public class TraceOverheadBenchmark {

    @Param({"off", "on"})
    public String trace;

    private Scheduler s;

    @Setup(Level.Iteration)
    public void setUp() {
        s = Schedulers.create("04-gmp", Config.defaults().procs(1).trace(trace.equals("on")));
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        s.close();
    }

    @Benchmark
    @OperationsPerInvocation(GoPrograms.N)
    public Object pingPong() {
        return s.run(GoPrograms::pingPong);
    }

    @Benchmark
    @OperationsPerInvocation(GoPrograms.N)
    public Object spawn() {
        return s.run(GoPrograms::spawn);
    }
}
