package gmp.workbook;

import gmp.core.Schedulers;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * CI's slice of the stress harness: the same seeded random program on every registered stage,
 * 20,000 goroutines each (2,000 on 01-threads, one thread per goroutine). The long run is
 * {@code -Dtour="stress --goroutines 2000000"} (see the README for its result).
 */
class StressTest {

    static final long SEED = Long.getLong("gmp.seed", 20261125L);

    @TestFactory
    Stream<DynamicTest> everyStageRunsTheRandomProgramCorrectly() {
        System.out.println("StressTest seed=" + SEED + " (rerun with -Dgmp.seed=" + SEED + ")");
        return Schedulers.ids().stream().map(id -> DynamicTest.dynamicTest(id, () -> {
            long goroutines = id.equals("01-threads") ? 2_000 : 20_000;
            Stress.Report r = Stress.run(id, goroutines, SEED, 2, id.equals("01-threads") ? 8 : 64, Duration.ofMinutes(5));
            System.out.println(Stress.line(r));
            assertThat(r.problems()).as("problems found on " + id).isEmpty();
            assertThat(r.goroutines()).isEqualTo(goroutines);
            assertThat(r.started()).isEqualTo(goroutines);
            assertThat(r.finished()).isEqualTo(goroutines);
            assertThat(r.received()).isEqualTo(r.sent());
            assertThat(r.threadsLeft()).isZero();
        }));
    }

    /**
     * The seed fixes the program, so every count in the report is the same on every run,
     * whatever the interleaving (the README's claim): two runs of 04-gmp, where the goroutines
     * of a wave run in parallel and finish in any order.
     */
    @Test
    void theSameSeedGivesTheSameCounts() {
        Stress.Report first = Stress.run("04-gmp", 20_000, SEED, 2, 64, Duration.ofMinutes(5));
        Stress.Report second = Stress.run("04-gmp", 20_000, SEED, 2, 64, Duration.ofMinutes(5));
        assertThat(first.problems()).isEmpty();
        assertThat(second.problems()).isEmpty();
        assertThat(counts(second)).as("counts of a second run with seed " + SEED).isEqualTo(counts(first));
    }

    /** What a seed decides: goroutines, messages, selects, sleeps, syscalls. */
    private static List<Long> counts(Stress.Report r) {
        return List.of(r.goroutines(), r.started(), r.finished(), r.sent(), r.received(), r.selects(), r.sleeps(),
                r.syscalls());
    }
}
