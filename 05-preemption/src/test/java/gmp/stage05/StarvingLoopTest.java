package gmp.stage05;

import gmp.core.Chan;
import gmp.core.Config;
import gmp.core.Go;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Stat;
import gmp.stage04.GMPScheduler;
import gmp.stage05.programs.Spinner;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The classic demo (golang/go#10958): at procs=1 one goroutine spins in a loop without calls
 * while main asks to run again ({@code Go.yield()} or {@code Go.sleep(10ms)}). Whether main
 * ever resumes is the whole story of preemption:
 * <ul>
 *   <li>04-gmp: never; sysmon does not even ask.</li>
 *   <li>05-coop (Go 1.2-1.13): never; sysmon asks every tick, but the loop has no method
 *       entry to notice at.</li>
 *   <li>05-async (Go 1.14+): after one time slice; the request is honoured at a back-edge.</li>
 * </ul>
 * "Never" is counted in sysmon ticks, not milliseconds: the test waits (however long that takes
 * on a busy machine) until sysmon has looked at the spinner's P {@value #TICKS} times and found
 * its goroutine over its time slice each time ({@code GMPScheduler.preemptoneCalls}), checks that
 * main is still starved, and then stops the spinner from outside so the run can end. A fixed
 * window (it was half a second) measured the machine: on a loaded one it could hold fewer
 * slices than it claimed, and the wait itself could time out.
 */
class StarvingLoopTest implements NoRequestOutlivesItsSlice {

    /** The scheduler under test: the registered stage here, 05 with the learner's retake in exercise 5.1. */
    protected Scheduler create(String stage, Config config) {
        return Schedulers.create(stage, config);
    }

    private static final Duration GENEROUS = Duration.ofSeconds(30);
    /** Sysmon ticks, each finding the spinner over its time slice, that "never" is watched for. */
    static final int TICKS = 10;

    /**
     * "Main stays starved", counted in time slices: waits until sysmon has called
     * {@code preemptone} for the spinner's P {@link #TICKS} more times (each call is one look that
     * found the same schedtick held for at least a whole slice, whether or not a request
     * followed), or until main resumed or the run ended; then asserts main did not resume.
     * If preemption worked here, main would resume after the first of those ticks.
     */
    static void mainStillStarvedAfterSysmonTicks(Scheduler s, CompletableFuture<?> run, AtomicBoolean resumed,
                                                 String what) {
        GMPScheduler sched = (GMPScheduler) s;
        long before = sched.preemptoneCalls();
        Background.awaitOrDump(s, run, GENEROUS, what + ": " + TICKS + " sysmon ticks that each saw the spinner over its slice",
                () -> resumed.get() || sched.preemptoneCalls() - before >= TICKS);
        assertThat(resumed).as("%s: main resumed before sysmon had seen the spinner over its slice %d times (%d seen)",
                what, TICKS, sched.preemptoneCalls() - before).isFalse();
    }

    /**
     * Main starts the spinner, then yields or sleeps; returns once main runs again with the
     * spinner in its loop. Main asks again if it got the P back before the loop began: the
     * spinner inherits main's time slice through runnext, and on a busy machine that slice may
     * be used up before the loop starts, so sysmon's first request can stop it at its method's
     * entry poll, which says nothing about the loop.
     */
    private static CompletableFuture<Long> spinnerBesideMain(Scheduler s, Spinner sp, boolean withCalls,
                                                             boolean sleep, AtomicBoolean mainResumed) {
        return Background.run(s, () -> {
            Go.go(withCalls ? sp::spinWithCalls : sp::spinWithoutCalls);
            do {
                if (sleep) {
                    Go.sleep(Duration.ofMillis(10));
                } else {
                    Go.yield();
                }
            } while (!sp.started);
            mainResumed.set(true);
            sp.stop = true;
            return 0L;
        });
    }

    @ParameterizedTest(name = "main {0}s")
    @ValueSource(strings = {"yield", "sleep"})
    void async_aLoopWithoutCallsIsPreemptedAtABackEdge(String how) {
        Spinner sp = new Spinner();
        AtomicBoolean resumed = new AtomicBoolean();
        try (Scheduler s = create("05-async", Config.defaults().procs(1))) {
            // Main asks again until a preemption at a back-edge let it run: its first turn back may
            // come from a cooperative one at the spinner's method entry, before the loop (the spinner
            // inherits main's slice through runnext, and on a busy machine that slice may be up before
            // the loop starts). Without back-edge preemption main stays starved and the wait fails.
            CompletableFuture<Long> run = Background.run(s, () -> {
                Go.go(sp::spinWithoutCalls);
                do {
                    if (how.equals("sleep")) {
                        Go.sleep(Duration.ofMillis(10));
                    } else {
                        Go.yield();
                    }
                } while (s.stats().get(Stat.PREEMPTIONS_ASYNC) == 0);
                resumed.set(true);
                sp.stop = true;
                return 0L;
            });
            try {
                Background.awaitOrDump(s, run, GENEROUS, "main resumed beside a call-free spinner on 05-async", resumed::get);
            } finally {
                sp.stop = true;
            }
            Background.join(s, run, GENEROUS, "the run did not end");
            SchedStats st = s.stats();
            assertThat(st.get(Stat.PREEMPT_REQUESTS)).as("sysmon's requests").isPositive();
            assertThat(st.get(Stat.PREEMPTIONS_ASYNC)).as("preemptions at a back-edge").isPositive();
            assertThat(sp.started).isTrue();
        }
    }

    @ParameterizedTest(name = "main {0}s")
    @ValueSource(strings = {"yield", "sleep"})
    void coop_aLoopWithoutCallsIsNeverPreempted_thoughSysmonAsksForTenTicks(String how) {
        Spinner sp = new Spinner();
        AtomicBoolean resumed = new AtomicBoolean();
        try (Scheduler s = create("05-coop", Config.defaults().procs(1))) {
            CompletableFuture<Long> run = spinnerBesideMain(s, sp, false, how.equals("sleep"), resumed);
            Background.awaitOrDump(s, run, GENEROUS, "the spinner started", () -> sp.started);
            // from here on: main may have been preempted at its own yield or sleep, on a busy machine
            SchedStats inLoop = s.stats();
            try {
                mainStillStarvedAfterSysmonTicks(s, run, resumed, "main stayed starved on 05-coop");
            } finally {
                sp.stop = true;     // from outside: the only way this loop ends
            }
            SchedStats whileSpinning = s.stats().minus(inLoop);
            Background.join(s, run, GENEROUS, "the run did not end once the spinner stopped");
            assertThat(s.stats().get(Stat.PREEMPT_REQUESTS)).as("sysmon asked (the flag was set)").isPositive();
            assertThat(whileSpinning.get(Stat.PREEMPTIONS_COOPERATIVE) + whileSpinning.get(Stat.PREEMPTIONS_ASYNC))
                    .as("preemptions while the spinner was in its loop: it has no method entry to notice the flag at").isZero();
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"05-coop", "05-async"})
    void aLoopThatCallsAFunctionIsPreemptedAtTheCall(String stage) {
        Spinner sp = new Spinner();
        AtomicBoolean resumed = new AtomicBoolean();
        try (Scheduler s = create(stage, Config.defaults().procs(1))) {
            CompletableFuture<Long> run = spinnerBesideMain(s, sp, true, false, resumed);
            try {
                Background.awaitOrDump(s, run, GENEROUS, "main resumed beside a spinner that makes calls", resumed::get);
            } finally {
                sp.stop = true;
            }
            Background.join(s, run, GENEROUS, "the run did not end");
            assertThat(s.stats().get(Stat.PREEMPTIONS_COOPERATIVE) + s.stats().get(Stat.PREEMPTIONS_ASYNC))
                    .as("preemptions").isPositive();
            if (stage.equals("05-coop")) {
                assertThat(s.stats().get(Stat.PREEMPTIONS_ASYNC)).as("async preemptions on 05-coop").isZero();
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"04-gmp", "05-async"})
    void withoutPreemption_mainStaysStarvedThroughTenSysmonTicks(String stage) {
        // 04-gmp has no preemption; 05-async with preemption OFF is Go before 1.2
        Config config = Config.defaults().procs(1);
        if (stage.startsWith("05")) {
            config = config.preemption(gmp.core.Preemption.OFF);
        }
        Spinner sp = new Spinner();
        AtomicBoolean resumed = new AtomicBoolean();
        try (Scheduler s = create(stage, config)) {
            CompletableFuture<Long> run = spinnerBesideMain(s, sp, true, false, resumed);
            try {
                Background.awaitOrDump(s, run, GENEROUS, "the spinner started", () -> sp.started);
                mainStillStarvedAfterSysmonTicks(s, run, resumed, "main stayed starved on " + stage + " without preemption");
            } finally {
                sp.stop = true;
            }
            Background.join(s, run, GENEROUS, "the run did not end once the spinner stopped");
            assertThat(s.stats().get(Stat.PREEMPT_REQUESTS)).as("requests without preemption").isZero();
        }
    }

    /**
     * Where a preempted goroutine goes (Go's {@code gopreempt_m}): the global queue. Main parks
     * on a channel, so the spinner runs alone on the one P, and until it stops every put on the
     * global queue is one of its preemptions (afterwards it wakes main through the P's runnext).
     */
    @org.junit.jupiter.api.Test
    void async_aPreemptedGoroutineGoesToTheGlobalQueue() {
        Spinner sp = new Spinner();
        try (Scheduler s = create("05-async", Config.defaults().procs(1))) {
            CompletableFuture<SchedStats> run = Background.run(s, () -> {
                Chan<Boolean> done = Chan.make();
                SchedStats before = s.stats();
                Go.go(() -> {
                    sp.spinWithoutCalls();
                    done.send(true);
                });
                done.recv();                    // main parks: the spinner is alone on the P
                return s.stats().minus(before);
            });
            try {
                Background.awaitOrDump(s, run, GENEROUS, "the spinner was preempted",
                        () -> s.stats().get(Stat.PREEMPTIONS_ASYNC) > 0);
            } finally {
                sp.stop = true;
            }
            SchedStats d = Background.join(s, run, GENEROUS, "the run did not end");
            assertThat(d.get(Stat.PREEMPTIONS_ASYNC)).as("preemptions at a back-edge").isPositive();
            // (one more may come at the entry of done.send, a cooperative one, if sysmon asked again just then)
            assertThat(d.get(Stat.GLOBAL_RUNQ_PUTS)).as("puts on the global queue while the spinner ran alone:"
                    + " one per preemption, and nothing else")
                    .isEqualTo(d.get(Stat.PREEMPTIONS_ASYNC) + d.get(Stat.PREEMPTIONS_COOPERATIVE));
        }
    }

    /**
     * A poll reached while a class initialiser is on the stack cannot unmount the goroutine (a
     * {@code <clinit>} frame pins the continuation): the request is refused and counted, sysmon
     * asks again next slice, and main stays starved until the initialiser finishes.
     */
    @org.junit.jupiter.api.Test
    void async_aGoroutineInsideAClassInitialiserRefusesPreemption() {
        AtomicBoolean resumed = new AtomicBoolean();
        try (Scheduler s = create("05-async", Config.defaults().procs(1))) {
            CompletableFuture<Long> run = Background.run(s, () -> {
                Go.go(gmp.stage05.programs.ClinitHog::touch);
                do {
                    // main may get a turn before the initialiser starts (a preemption at touch()'s
                    // entry poll, on a busy machine): only a turn once it is inside counts
                    Go.yield();
                } while (!gmp.stage05.programs.ClinitHog.Stop.INSIDE.get());
                resumed.set(true);
                return 0L;
            });
            try {
                Background.awaitOrDump(s, run, GENEROUS, "a refused preemption",
                        () -> s.stats().get(Stat.PREEMPTIONS_REFUSED) > 0);
                assertThat(resumed).as("main ran while the hog was inside <clinit>").isFalse();
            } finally {
                gmp.stage05.programs.ClinitHog.Stop.FLAG.set(true);
            }
            Background.join(s, run, GENEROUS, "the run did not end once the initialiser finished");
            assertThat(s.stats().get(Stat.PREEMPTIONS_ASYNC)).as("preemptions while pinned").isZero();
        }
    }

    /**
     * Code outside the agent's include list has no polls: even 05-async cannot stop it, as Go
     * cannot stop a loop in assembly. (This lambda lives in the test class, which is not
     * instrumented.)
     */
    @org.junit.jupiter.api.Test
    void async_uninstrumentedCodeCannotBePreempted_forTenSysmonTicks() {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicBoolean started = new AtomicBoolean();
        AtomicBoolean resumed = new AtomicBoolean();
        try (Scheduler s = create("05-async", Config.defaults().procs(1))) {
            CompletableFuture<Long> run = Background.run(s, () -> {
                Go.go(() -> {
                    started.set(true);
                    while (!stop.get()) {
                        Thread.onSpinWait();
                    }
                });
                Go.yield();
                resumed.set(true);
                return 0L;
            });
            Background.awaitOrDump(s, run, GENEROUS, "the spinner started", started::get);
            // from here on: main may have been preempted at its own yield, on a busy machine
            SchedStats inLoop = s.stats();
            try {
                mainStillStarvedAfterSysmonTicks(s, run, resumed, "main stayed starved beside uninstrumented code");
            } finally {
                stop.set(true);
            }
            SchedStats whileSpinning = s.stats().minus(inLoop);
            Background.join(s, run, GENEROUS, "the run did not end once the spinner stopped");
            assertThat(s.stats().get(Stat.PREEMPT_REQUESTS)).as("sysmon asked").isPositive();
            assertThat(whileSpinning.get(Stat.PREEMPTIONS_ASYNC) + whileSpinning.get(Stat.PREEMPTIONS_COOPERATIVE))
                    .as("preemptions while the uninstrumented spinner ran").isZero();
        }
    }
}
