package gmp.benchmarks;

import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke of the JMH suite for CI: every benchmark runs once, in-process, for a moment.
 * It proves the benchmarks are generated and work; it measures nothing worth reading.
 */
class BenchmarkSmokeTest {

    @Test
    void everyBenchmarkRunsOnce() throws Exception {
        Options opt = new OptionsBuilder()
                .include("SwitchBenchmarks|RawContinuationBenchmark|HandoffBenchmarks|VirtualThreadPeers|PollCostBenchmark|PreemptionLatencyBenchmark")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        // the raw continuation once; yieldResume and pingPong for each of 5 stages;
        // pingPong and spawn for 4 stages x 2 procs; 5 virtual-thread peers;
        // 3 kernels x 3 poll modes; 3 preemption-latency scenarios
        assertThat(results).hasSize(1 + 2 * 5 + 2 * 4 * 2 + 5 + 3 * 3 + 3);
        for (RunResult r : results) {
            assertThat(r.getPrimaryResult().getScore()).isPositive();
        }
    }
}
