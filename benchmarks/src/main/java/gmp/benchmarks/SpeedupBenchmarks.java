package gmp.benchmarks;

import gmp.core.Config;
import gmp.core.Go;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.WaitGroup;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Does a stage use a second CPU? A CPU-bound fan-out at GOMAXPROCS 1 and 2 on every stage: the
 * report divides the two times (the speed-up; 2.0 is perfect on two CPUs).
 * <ul>
 *   <li>{@code coarse}: {@value #COARSE_GS} goroutines of about 50 us of arithmetic each: the
 *       scheduler is touched rarely, so every stage with more than one thread should scale;</li>
 *   <li>{@code fine}: {@value #FINE_GS} goroutines of about 0.1 us each: little more than their
 *       own schedule, so the scheduler is the work, and 02-gm's one global lock becomes the
 *       bottleneck (the convoy).</li>
 * </ul>
 * Time is per operation (one whole fan-out: start them all, wait for them all). 01-n1 is the
 * control: one thread, whatever GOMAXPROCS says.
 * <pre>
 *   $JAVA_HOME/bin/java -jar benchmarks/target/benchmarks.jar SpeedupBenchmarks
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Measurement(iterations = 6, time = 500, timeUnit = TimeUnit.MILLISECONDS)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
@State(Scope.Benchmark)
public class SpeedupBenchmarks {

    static final int COARSE_GS = 2_000;
    static final int COARSE_WORK = 100_000;      // ~50 us of the loop below
    static final int FINE_GS = 50_000;
    static final int FINE_WORK = 100;            // ~0.1 us: little more than the schedule itself

    @Param({"01-n1", "02-gm", "03-perm", "04-gmp", "05-async"})
    public String stage;

    @Param({"1", "2"})
    public int procs;

    @Param({"coarse", "fine"})
    public String grain;

    private Scheduler s;

    @Setup(Level.Trial)
    public void setUp() {
        s = Schedulers.create(stage, Config.defaults().procs(procs));
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        s.close();
    }

    /** One fan-out: start every goroutine from main, wait for all of them. */
    @Benchmark
    public long fanOut() {
        boolean coarse = grain.equals("coarse");
        int gs = coarse ? COARSE_GS : FINE_GS;
        int work = coarse ? COARSE_WORK : FINE_WORK;
        return (long) s.run(() -> {
            WaitGroup wg = new WaitGroup();
            wg.add(gs);
            AtomicLong sink = new AtomicLong();
            for (int i = 0; i < gs; i++) {
                Go.go(() -> {
                    sink.addAndGet(spin(work));
                    wg.done();
                });
            }
            wg.await();
            return sink.get();
        });
    }

    /** {@code n} rounds of arithmetic the JIT cannot drop (its result is used). */
    static long spin(int n) {
        long x = 0;
        for (int k = 0; k < n; k++) {
            x += k * 31L ^ x;
        }
        return x & 1;
    }
}
