package gmp.benchmarks;

import gmp.benchmarks.report.BenchReport;
import org.junit.jupiter.api.Test;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.results.format.ResultFormatFactory;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A smoke of the JMH suite for CI: every benchmark runs once, in-process, for a moment, and
 * the report is generated from those results. It proves the benchmarks and the report work;
 * it measures nothing worth reading.
 */
class BenchmarkSmokeTest {

    @Test
    void everyBenchmarkRunsOnce_andTheReportIsWrittenFromTheResults() throws Exception {
        Options opt = new OptionsBuilder()
                .include("gmp.benchmarks.")
                .forks(0)
                .warmupIterations(0)
                .measurementIterations(1)
                .measurementTime(TimeValue.milliseconds(50))
                .shouldFailOnError(true)
                .verbosity(VerboseMode.SILENT)
                .build();
        Collection<RunResult> results = new Runner(opt).run();
        // yieldResume on 6 stages; the raw continuation; 5 workloads x 6 stages x 2 procs;
        // 5 workloads x 4 peers x 2 procs; 3 kernels x 3 poll modes; 3 preemption-latency scenarios;
        // 2 workloads x trace off/on; the speed-up fan-out on 5 stages x 2 procs x 2 grains
        assertThat(results).hasSize(6 + 1 + 5 * 6 * 2 + 5 * 4 * 2 + 3 * 3 + 3 + 2 * 2 + 5 * 2 * 2);
        for (RunResult r : results) {
            assertThat(r.getPrimaryResult().getScore()).as(r.getParams().getBenchmark()).isPositive();
        }

        Path dir = Path.of("target", "smoke-report");
        Files.createDirectories(dir);
        Path json = dir.resolve("jmh.json");
        try (PrintStream out = new PrintStream(Files.newOutputStream(json))) {
            ResultFormatFactory.getInstance(ResultFormatType.JSON, out).writeOut(results);
        }
        ParkedMemory.write(dir.resolve("memory.json"), List.of(ParkedMemory.stage("04-gmp", 1000)));
        BenchReport.main(new String[] {"--jmh", json.toString(), "--memory", dir.resolve("memory.json").toString(),
                "--about", "smoke run", "--out", dir.toString()});
        String md = Files.readString(dir.resolve("README.md"));
        assertThat(md).contains("## Lock contention across stages", "## spawn:", "## ping-pong:", "## syscall mix:",
                "## Memory per parked goroutine", "| 04-gmp |", "virtual threads", "ForkJoinPool",
                "## Parallel speed-up", "coarse speed-up");
        assertThat(dir.resolve("lock-per-switch.svg")).exists().content().contains("<svg");
        assertThat(dir.resolve("pingPong.svg")).exists();
        assertThat(dir.resolve("parked-memory.svg")).exists();
    }
}
