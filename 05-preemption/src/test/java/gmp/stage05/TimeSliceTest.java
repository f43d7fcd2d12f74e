package gmp.stage05;

import gmp.core.Config;
import gmp.core.Go;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Stat;
import gmp.core.WaitGroup;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sysmon asks only a goroutine that has had a whole time slice: goroutines that yield long before
 * their slice ends are never asked, however long the program runs. (With a 200 ms slice and 1 ms
 * of work between yields, only a thread stalled for 200 ms could make a slice look used up.)
 * The reference here; the learner's retake in exercise 5.1 ({@code Ex51TimeSliceTest}).
 */
class TimeSliceTest implements NoRequestOutlivesItsSlice {

    /** The scheduler under test: the registered stage here, 05 with the learner's retake in exercise 5.1. */
    protected Scheduler create(String stage, Config config) {
        return Schedulers.create(stage, config);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"05-coop", "05-async"})
    void goroutinesThatYieldWithinTheirSliceAreNeverAsked(String stage) {
        try (Scheduler s = create(stage, Config.defaults().procs(1).timeSlice(Duration.ofMillis(200)))) {
            s.run(() -> {
                WaitGroup wg = new WaitGroup();
                wg.add(3);
                for (int g = 0; g < 3; g++) {
                    Go.go(() -> {
                        for (int k = 0; k < 100; k++) {         // 100 slices of ~1 ms each
                            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
                            while (System.nanoTime() < until) {
                                Thread.onSpinWait();
                            }
                            Go.yield();                         // a new schedtick: a new slice
                        }
                        wg.done();
                    });
                }
                wg.await();
                return null;
            });
            assertThat(s.stats().get(Stat.PREEMPT_REQUESTS))
                    .as("requests to goroutines that never ran for a whole 200 ms slice (each ran ~1 ms, then yielded)")
                    .isZero();
        }
    }
}
