package gmp.stage05;

import gmp.core.Config;
import gmp.core.Go;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Stat;
import gmp.stage05.exerciseprograms.CountedLoops;
import gmp.stage05.exerciseprograms.CountingPoll;
import gmp.stage05.exerciseprograms.FreeSpinner;
import gmp.stage05.exerciseprograms.SpinFlags;
import gmp.stage05.instrument.InstrumentingClassLoader;
import gmp.stage05.instrument.PollInserter;
import gmp.stage05.instrument.PollInserter.Backedges;
import gmp.stage05.instrument.PollInserter.Poll;
import gmp.stage05.instrument.Scope;
import org.junit.jupiter.api.Test;

import java.lang.constant.ClassDesc;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Back-edge polls at every iteration ({@code -Dgmp.preempt.stride=1}), checked by what they do:
 * pointed at a counting poll, a loop calls it once per back-edge; pointed at
 * {@code Safepoint.backedge}, they let 05-async stop a loop without calls. The workbook's placement
 * here; the learner's in exercise 5.2 ({@code Ex52BackedgePollsTest}).
 */
class BackedgePollsTest implements NoRequestOutlivesItsSlice {

    static final Poll COUNTING = new Poll(ClassDesc.of(CountingPoll.class.getName()), "poll");
    private static final Duration GENEROUS = Duration.ofSeconds(30);
    /** What the counts below check, so a wrong count says where to look. */
    static final String HINT = " (a poll before each backward jump: none before a forward jump, and before the jump, not after it, where a goto never reaches it)";

    /** Who places the polls. */
    protected PollInserter.BackedgePlacement placement() {
        return PollInserter.REFERENCE;
    }

    /** Back-edges per poll call: 1 here, every iteration. */
    protected int stride() {
        return 1;
    }

    /** A fresh copy of {@code c}, its back-edges instrumented with {@code poll} only (no entry polls). */
    static Object load(Class<?> c, Backedges backedges) throws Exception {
        ClassLoader l = new InstrumentingClassLoader(Scope.parse(c.getName()), PollInserter.Polls.ENTRY_AND_BACKEDGE,
                backedges, BackedgePollsTest.class.getClassLoader());
        return l.loadClass(c.getName()).getDeclaredConstructor().newInstance();
    }

    /** Runs the instrumented {@code c} on {@code n} and returns {result, counting-poll calls}. */
    long[] countPolls(Class<? extends LongUnaryOperator> c, long n) throws Exception {
        LongUnaryOperator op = (LongUnaryOperator) load(c, new Backedges(placement(), stride(), COUNTING));
        CountingPoll.takeCalls();
        long result = op.applyAsLong(n);
        return new long[] {result, CountingPoll.takeCalls()};
    }

    /** How many poll calls {@code backedges} back-edges make at this stride. */
    long expectedCalls(long backedges) {
        return backedges / stride();
    }

    @Test
    void aForLoopPollsOnItsBackEdges() throws Exception {
        long[] r = countPolls(CountedLoops.Sum.class, 1_000);
        assertThat(r[0]).as("the loop still computes what it did").isEqualTo(new CountedLoops.Sum().applyAsLong(1_000));
        assertThat(r[1]).as("poll calls for 1,000 iterations at stride %d" + HINT, stride()).isEqualTo(expectedCalls(1_000));
    }

    @Test
    void nestedLoopsPollOnBothBackEdges() throws Exception {
        long[] r = countPolls(CountedLoops.Nested.class, 30);
        assertThat(r[0]).isEqualTo(new CountedLoops.Nested().applyAsLong(30));
        assertThat(r[1]).as("30 x 30 inner and 30 outer back-edges at stride %d" + HINT, stride()).isEqualTo(expectedCalls(30 * 30 + 30));
    }

    @Test
    void aDoWhileLoopPollsOnItsConditionalBackEdge() throws Exception {
        long[] r = countPolls(CountedLoops.Collatz.class, 27);
        assertThat(r[0]).as("27 takes 111 Collatz steps").isEqualTo(111);
        assertThat(r[1]).as("one back-edge (its conditional jump) per step at stride %d" + HINT, stride()).isEqualTo(expectedCalls(111));
    }

    @Test
    void async_stopsALoopWithoutCallsAtItsBackEdge_withThesePolls() throws Exception {
        Runnable spinner = (Runnable) load(FreeSpinner.class, new Backedges(placement(), stride(), Poll.BACKEDGE));
        SpinFlags.STOP.set(false);
        SpinFlags.STARTED.set(false);
        AtomicBoolean resumed = new AtomicBoolean();
        try (Scheduler s = Schedulers.create("05-async", Config.defaults().procs(1))) {
            CompletableFuture<Long> run = Background.run(s, () -> {
                Go.go(spinner);
                do {
                    Go.yield();         // the spinner runs; main comes back only if it is preempted,
                } while (s.stats().get(Stat.PREEMPTIONS_ASYNC) == 0);  // and again if that was at run()'s entry poll
                resumed.set(true);
                SpinFlags.STOP.set(true);
                return 0L;
            });
            try {
                Background.awaitOrDump(s, run, GENEROUS, "main resumed beside a call-free spinner with these back-edge polls", resumed::get);
            } finally {
                SpinFlags.STOP.set(true);
            }
            Background.join(s, run, GENEROUS, "the run did not end");
            assertThat(SpinFlags.STARTED).as("the spinner ran").isTrue();
            assertThat(s.stats().get(Stat.PREEMPTIONS_ASYNC)).as("preemptions at a back-edge").isPositive();
        }
    }
}
