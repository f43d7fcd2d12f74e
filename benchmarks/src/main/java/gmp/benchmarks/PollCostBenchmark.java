package gmp.benchmarks;

import gmp.stage05.instrument.InstrumentingClassLoader;
import gmp.stage05.instrument.PollInserter;
import gmp.stage05.instrument.Scope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.function.LongUnaryOperator;

/**
 * What stage 05's polls cost when nobody is asking for a preemption (the common case): the
 * same three kernels loaded with no polls, with method-entry polls (05-coop) and with entry
 * and back-edge polls (05-async), through {@link InstrumentingClassLoader}, in one run.
 * <ul>
 *   <li>{@code sumLoop}: a one-add loop over 4,096 ints, the worst case for back-edge polls;</li>
 *   <li>{@code crc32}: table-driven CRC-32 over 4 KB, a loop with a realistic body;</li>
 *   <li>{@code fib}: naive recursive fib(20), the worst case for entry polls.</li>
 * </ul>
 * Go rejected back-edge polls for Go 1.14 at a 7.8% geomean slowdown (proposal 24543).
 * <pre>
 *   ./mvnw -q -pl benchmarks -am package -DskipTests
 *   $JAVA_HOME/bin/java -jar benchmarks/target/benchmarks.jar PollCostBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class PollCostBenchmark {

    @Param({"NONE", "ENTRY", "ENTRY_AND_BACKEDGE"})
    public String polls;

    private LongUnaryOperator sum;
    private LongUnaryOperator crc;
    private LongUnaryOperator fib;
    private long seed = 20;

    @Setup
    public void load() throws ReflectiveOperationException {
        ClassLoader l = new InstrumentingClassLoader(Scope.parse("gmp.benchmarks.programs."),
                PollInserter.Polls.valueOf(polls), getClass().getClassLoader());
        sum = (LongUnaryOperator) l.loadClass("gmp.benchmarks.programs.SumLoop").getConstructor().newInstance();
        crc = (LongUnaryOperator) l.loadClass("gmp.benchmarks.programs.Crc32Loop").getConstructor().newInstance();
        fib = (LongUnaryOperator) l.loadClass("gmp.benchmarks.programs.Fib").getConstructor().newInstance();
    }

    @Benchmark
    public long sumLoop() {
        return sum.applyAsLong(seed);
    }

    @Benchmark
    public long crc32() {
        return crc.applyAsLong(seed);
    }

    @Benchmark
    public long fib() {
        return fib.applyAsLong(seed);
    }
}
