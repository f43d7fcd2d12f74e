package gmp.benchmarks;

import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The floor under every goroutine switch: yield + resume of a bare
 * {@code jdk.internal.vm.Continuation} by one thread, no scheduler at all.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
@State(Scope.Thread)
public class RawContinuationBenchmark {

    static final int N = 10_000;
    static final ContinuationScope SCOPE = new ContinuationScope("bench");
    private Continuation cont;

    @Setup(Level.Invocation)
    public void make() {
        cont = new Continuation(SCOPE, () -> {
            for (int i = 0; i < N; i++) {
                Continuation.yield(SCOPE);
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(N)
    public boolean yieldResume() {
        Continuation c = cont;
        while (!c.isDone()) {
            c.run();
        }
        return c.isDone();
    }
}
