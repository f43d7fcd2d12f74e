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
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sysmon asks only a goroutine that has had a whole time slice: goroutines that yield long before
 * their slice ends are never asked, however long the program runs. The reference here; the
 * learner's retake in exercise 5.1 ({@code Ex51TimeSliceTest}).
 *
 * <p>Load-proof: each goroutine does ~1 ms of work between yields with a 200 ms slice, but on a
 * busy machine the OS may stop its thread in the middle of a slice for longer than that, and then
 * sysmon is right to ask. So the goroutines time each of their turns from the outside in: from
 * just before the yield that ended the previous one to just after the yield that ends this one
 * (queue time included), an interval that holds the whole slice sysmon could have timed. The test
 * asserts no more requests than turns whose interval reached a whole slice: none on a machine
 * that lets each thread run, and never a request for a turn that was surely shorter than its
 * slice. (What it cannot see: sysmon's own thread stopped for a whole slice between reading the
 * clock and reading the P's schedtick.)
 */
class TimeSliceTest implements NoRequestOutlivesItsSlice {

    /** The scheduler under test: the registered stage here, 05 with the learner's retake in exercise 5.1. */
    protected Scheduler create(String stage, Config config) {
        return Schedulers.create(stage, config);
    }

    private static final Duration SLICE = Duration.ofMillis(200);

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"05-coop", "05-async"})
    void goroutinesThatYieldWithinTheirSliceAreNeverAsked(String stage) {
        long slice = SLICE.toNanos();
        AtomicLong turns = new AtomicLong();
        AtomicLong wholeSliceTurns = new AtomicLong();
        AtomicLong firstGoroutineBegan = new AtomicLong();
        AtomicLong lastDone = new AtomicLong();
        try (Scheduler s = create(stage, Config.defaults().procs(1).timeSlice(SLICE))) {
            long runStarted = System.nanoTime();
            s.run(() -> {
                WaitGroup wg = new WaitGroup();
                wg.add(3);
                for (int g = 0; g < 3; g++) {
                    long created = System.nanoTime();           // before this goroutine's first turn began
                    Go.go(() -> {
                        firstGoroutineBegan.compareAndSet(0, System.nanoTime());   // main's first turn is over
                        long turnBegan = created;               // at the latest
                        for (int k = 0; k < 100; k++) {         // 100 turns of ~1 ms each
                            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
                            while (System.nanoTime() < until) {
                                Thread.onSpinWait();
                            }
                            long beforeYield = System.nanoTime();
                            Go.yield();                         // a new schedtick: a new slice
                            count(System.nanoTime() - turnBegan, slice, turns, wholeSliceTurns);
                            turnBegan = beforeYield;            // the next turn began after this
                        }
                        lastDone.accumulateAndGet(System.nanoTime(), Math::max);     // main's last turn begins after it
                        wg.done();
                        count(System.nanoTime() - turnBegan, slice, turns, wholeSliceTurns);
                    });
                }
                wg.await();
                return null;
            });
            count(firstGoroutineBegan.get() - runStarted, slice, turns, wholeSliceTurns);    // main's two turns
            count(System.nanoTime() - lastDone.get(), slice, turns, wholeSliceTurns);
            System.out.printf("TimeSliceTest on %s: %d turns, %d of them as long as a slice, %d requests%n",
                    stage, turns.get(), wholeSliceTurns.get(), s.stats().get(Stat.PREEMPT_REQUESTS));
            assertThat(s.stats().get(Stat.PREEMPT_REQUESTS))
                    .as("requests to goroutines that yield after ~1 ms with a 200 ms slice: at most one per turn that"
                            + " (queue time included) lasted a whole slice, of which there were %d in %d turns",
                            wholeSliceTurns.get(), turns.get())
                    .isLessThanOrEqualTo(wholeSliceTurns.get());
        }
    }

    /** One turn of {@code took} ns that held a slice: counted, and counted as whole if it could have been one. */
    private static void count(long took, long slice, AtomicLong turns, AtomicLong wholeSliceTurns) {
        turns.incrementAndGet();
        if (took >= slice) {
            wholeSliceTurns.incrementAndGet();
        }
    }
}
