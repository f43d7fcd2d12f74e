package gmp.benchmarks;

import gmp.core.Config;
import gmp.core.Go;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
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
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.reflect.Constructor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Preemption latency at procs=1: main starts a CPU hog, calls {@code Go.yield()}, and the
 * operation ends when main runs again, so its time is the hog's time slice plus the wait for
 * sysmon plus the way back. Sampled (JMH {@code SampleTime}), so the report has the
 * distribution (p50, p90, p99, max). Go 1.19 measured 15-16 ms for the same program
 * (docs/sources.md, "Reference figures"): a 10 ms slice, and sysmon, backed off to 10 ms sleeps while a hog runs, notices
 * one or two ticks later.
 * <ul>
 *   <li>{@code 05-async:loop}: the hog's loop has no calls; stopped at a back-edge.</li>
 *   <li>{@code 05-async:calls}, {@code 05-coop:calls}: the hog calls a function each iteration;
 *       stopped at a method entry. ({@code 05-coop:loop} would never end.)</li>
 * </ul>
 * <pre>
 *   $JAVA_HOME/bin/java -jar benchmarks/target/benchmarks.jar PreemptionLatencyBenchmark
 * </pre>
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
@State(org.openjdk.jmh.annotations.Scope.Benchmark)
public class PreemptionLatencyBenchmark {

    @Param({"05-async:loop", "05-async:calls", "05-coop:calls"})
    public String scenario;

    private Scheduler s;
    private Constructor<?> hog;
    private boolean calls;

    @Setup
    public void setUp() throws ReflectiveOperationException {
        String[] parts = scenario.split(":");
        s = Schedulers.create(parts[0], Config.defaults().procs(1));
        ClassLoader l = new InstrumentingClassLoader(Scope.parse("gmp.benchmarks.programs."),
                PollInserter.Polls.ENTRY_AND_BACKEDGE, getClass().getClassLoader());
        calls = parts[1].equals("calls");
        hog = l.loadClass("gmp.benchmarks.programs.Hog").getConstructor(AtomicBoolean.class, boolean.class);
    }

    @TearDown
    public void tearDown() {
        s.close();
    }

    /** One hog, one yield: returns the latency main saw, in nanoseconds. */
    @Benchmark
    public long yieldBesideAHog() {
        return s.run(() -> {
            AtomicBoolean stop = new AtomicBoolean();
            Runnable h = (Runnable) hog.newInstance(stop, calls);
            long t0 = System.nanoTime();
            Go.go(h);
            Go.yield();             // the hog runs; main is back only once it is preempted
            long latency = System.nanoTime() - t0;
            stop.set(true);
            return latency;
        });
    }
}
