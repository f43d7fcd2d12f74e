package gmp.benchmarks;

import gmp.core.Chan;
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
 * The two numbers stage 04 is held to, per stage and GOMAXPROCS, beside Go 1.19's anchors
 * (anchors.md) and Java's virtual threads ({@link VirtualThreadPeers}, same run):
 * <ul>
 *   <li>{@code pingPong}: one-way handoff over an unbuffered channel (Go: 118 ns at P=1).</li>
 *   <li>{@code spawn}: start a goroutine that calls {@code wg.done()} and wait for it, in
 *       batches of {@value #BATCH} (Go: 169 ns at P=1, 262 ns at P=2).</li>
 * </ul>
 * <pre>
 *   ./mvnw -q -pl benchmarks -am package -DskipTests
 *   $JAVA_HOME/bin/java -jar benchmarks/target/benchmarks.jar 'HandoffBenchmarks|VirtualThreadPeers'
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "--add-exports=java.base/jdk.internal.vm=ALL-UNNAMED")
@State(Scope.Benchmark)
public class HandoffBenchmarks {

    static final int N = 10_000;
    static final int BATCH = 1_000;
    static final int BATCHES = 10;

    @Param({"01-n1", "02-gm", "03-perm", "04-gmp"})
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

    /** {@value #N} one-way handoffs: N/2 round trips. */
    @Benchmark
    @OperationsPerInvocation(N)
    public Object pingPong() {
        return s.run(() -> pingPongProgram(N));
    }

    /** main and an echo goroutine: {@code n} one-way handoffs over two unbuffered channels. */
    static int pingPongProgram(int n) {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        Go.go(() -> {
            for (Integer v : ping) {
                pong.send(v);
            }
        });
        int v = 0;
        for (int i = 0; i < n / 2; i++) {
            ping.send(v);
            v = pong.recv();
        }
        ping.close();
        return v;
    }

    /** {@value #BATCHES} batches of {@value #BATCH} goroutines, each started and waited for. */
    @Benchmark
    @OperationsPerInvocation(BATCH * BATCHES)
    public Object spawn() {
        return s.run(() -> {
            for (int b = 0; b < BATCHES; b++) {
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < BATCH; i++) {
                    wg.add(1);
                    Go.go(wg::done);
                }
                wg.await();
            }
            return null;
        });
    }
}
