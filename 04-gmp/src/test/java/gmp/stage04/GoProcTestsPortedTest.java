package gmp.stage04;

import gmp.core.Chan;
import gmp.core.Config;
import gmp.core.Go;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Select;
import gmp.core.Stat;
import gmp.core.WaitGroup;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Tests from Go's {@code src/runtime/proc_test.go}, ported to 04-gmp. Each says what it proves
 * about the scheduler. A test that would hang if the scheduler were wrong runs the program
 * in the background and gives up after a generous bound, with a message saying what failed.
 */
class GoProcTestsPortedTest {

    private Scheduler gmp(int procs) {
        return gmp(Config.defaults().procs(procs));
    }

    /** The scheduler under test: 04-gmp here, 04-gmp with the learner's code in exercises 4.3 and 4.4. */
    protected Scheduler gmp(Config config) {
        return Schedulers.create("04-gmp", config);
    }

    /** Runs {@code program} on {@code s}, failing with {@code whatWentWrong} if it has not ended within 60 s. */
    private static <T> T runWithin(Scheduler s, java.util.concurrent.Callable<T> program, AtomicBoolean bailOut,
                                   String whatWentWrong) {
        CompletableFuture<T> f = CompletableFuture.supplyAsync(() -> s.run(program));
        try {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(5))
                    .alias(whatWentWrong).until(f::isDone);
        } finally {
            bailOut.set(true);      // lets spinning goroutines end if the test failed
        }
        return f.join();
    }

    /**
     * Go's {@code TestGoroutineParallelism} (short mode: P=3, N=3): {@code procs} goroutines
     * that never block pass a token around by busy-waiting on a shared counter. It can only
     * finish if all of them run at the same time, on {@code procs} Ms: new goroutines must be
     * spread to idle Ps (wakep, spinning Ms, stealing) rather than wait on their creator's P.
     */
    @Test
    void goroutineParallelism() {
        int procs = 3;
        int tries = 3;
        AtomicBoolean bailOut = new AtomicBoolean();
        try (Scheduler s = gmp(procs)) {
            runWithin(s, () -> {
                for (int t = 0; t < tries; t++) {
                    Chan<Boolean> done = Chan.make();
                    AtomicInteger x = new AtomicInteger();
                    for (int p = 0; p < procs; p++) {
                        int me = p;
                        Go.go(() -> {
                            for (int i = 0; i < 3; i++) {
                                int expected = procs * i + me;
                                while (x.get() != expected) {
                                    if (bailOut.get()) {
                                        return;
                                    }
                                    Thread.onSpinWait();
                                }
                                x.set(expected + 1);
                            }
                            done.send(true);
                        });
                    }
                    for (int p = 0; p < procs; p++) {
                        done.recv();
                    }
                }
                return null;
            }, bailOut, "the spinners were never all running at once");
        }
    }

    /**
     * Go's {@code TestTimerFairness} at procs=1: two goroutines keep main busy with a channel
     * ping-pong (each handoff goes through runnext and inherits the time slice, so schedtick
     * never moves and the 61st-tick check never fires). The timer must still fire: timers live
     * on the P and are checked on every schedule, not on the global queue. (With a timer thread
     * that readies the sleeper through the global queue, this program never ends.)
     *
     * <p>Main takes its first value with a plain receive, before it looks at the timer: with the
     * timer in every select, a thread stalled for 20 ms by a busy machine let the timer win
     * before any value came, and "received at least one" failed on timing alone. (The timer is
     * still armed first, as Go's {@code time.After}: main's receive parks it, and the sleeper,
     * created last, runs first from runnext. Armed after the ping-pong started, it never was:
     * the runnext hand-offs never let the sleeper run, and the test hung.)
     */
    @Test
    void timerFairness() {
        AtomicBoolean bailOut = new AtomicBoolean();
        try (Scheduler s = gmp(1)) {
            SchedStats before = s.stats();
            long received = runWithin(s, () -> {
                Chan<Boolean> done = Chan.make();
                Chan<Boolean> c = Chan.make();
                for (int i = 0; i < 2; i++) {
                    Go.go(() -> {
                        AtomicBoolean stop = new AtomicBoolean();
                        while (!stop.get()) {
                            Select.on().send(c, true, () -> { }).recv(done, v -> stop.set(true)).run();
                        }
                    });
                }
                Chan<Boolean> timer = Chan.make(1);       // time.After(20 * time.Millisecond)
                Go.go(() -> {
                    Go.sleep(Duration.ofMillis(20));
                    timer.send(true);
                });
                AtomicLong n = new AtomicLong();
                c.recv();                                 // the first value: the ping-pong with main is going
                n.incrementAndGet();
                AtomicBoolean fired = new AtomicBoolean();
                while (!fired.get()) {
                    Select.on().recv(c, v -> n.incrementAndGet()).recv(timer, v -> fired.set(true)).run();
                }
                done.close();
                return n.get();
            }, bailOut, "the timer never fired while two goroutines ping-ponged with main");
            assertThat(received).as("values main received from the ping-pong").isPositive();
            assertThat(s.stats().minus(before).get(Stat.TIMERS_FIRED)).as("timers fired").isEqualTo(1);
        }
    }

    /**
     * Go's {@code TestTimerFairness2}: two goroutines ping-pong with each other over one
     * channel, making a (zero-length) system call before every select, so their P goes in and
     * out of syscall state; each also waits for its own timer, which must still fire. Go's test
     * asserts only that it ends; here also what the run did: both timers fired, each goroutine
     * made exactly one syscall per round, and the channel matched every send with a receive.
     */
    @Test
    void timerFairness2() {
        AtomicBoolean bailOut = new AtomicBoolean();
        AtomicInteger timersSeen = new AtomicInteger();
        AtomicLong rounds = new AtomicLong();
        AtomicLong sent = new AtomicLong();
        AtomicLong received = new AtomicLong();
        try (Scheduler s = gmp(1)) {
            SchedStats before = s.stats();
            runWithin(s, () -> {
                Chan<Boolean> done = Chan.make();
                Chan<Boolean> c = Chan.make();
                for (int i = 0; i < 2; i++) {
                    Go.go(() -> {
                        Chan<Boolean> timer = Chan.make(1);
                        Go.go(() -> {
                            Go.sleep(Duration.ofMillis(20));
                            timer.send(true);
                        });
                        AtomicBoolean fired = new AtomicBoolean();
                        while (!fired.get() && !bailOut.get()) {
                            rounds.incrementAndGet();
                            Go.syscall(() -> { });
                            Select.on().send(c, true, sent::incrementAndGet).recv(c, v -> received.incrementAndGet())
                                    .recv(timer, v -> fired.set(true)).run();
                        }
                        if (fired.get()) {
                            timersSeen.incrementAndGet();
                        }
                        done.send(true);
                    });
                }
                done.recv();
                done.recv();
                return null;
            }, bailOut, "a timer never fired beside goroutines ping-ponging through syscalls");
            SchedStats d = s.stats().minus(before);
            System.out.printf("TimerFairness2: %d rounds, %d values passed, timers fired %d%n",
                    rounds.get(), received.get(), d.get(Stat.TIMERS_FIRED));
            assertThat(timersSeen).as("goroutines whose own timer fired").hasValue(2);
            assertThat(d.get(Stat.TIMERS_FIRED)).as("timers fired").isEqualTo(2);
            assertThat(d.get(Stat.SYSCALLS)).as("one syscall per round of either goroutine").isEqualTo(rounds.get());
            assertThat(received.get()).as("values received: each send on the unbuffered channel met one")
                    .isEqualTo(sent.get());
        }
    }

    /**
     * Go's {@code TestYieldProgress}-style and {@code TestPreemptionAfterSyscall}-style: many
     * goroutines doing many short blocking syscalls all finish, each syscall is counted once,
     * and threads grow with the syscalls blocked at once, never with the goroutine count.
     */
    @Test
    void manyShortSyscalls_allFinish_threadsBoundedBySyscallsNotGoroutines() {
        int goroutines = 200;
        int each = 20;
        int procs = 2;
        try (Scheduler s = gmp(procs)) {
            SchedStats before = s.stats();
            AtomicInteger finished = new AtomicInteger();
            s.run(() -> {
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < goroutines; i++) {
                    wg.add(1);
                    Go.go(() -> {
                        for (int k = 0; k < each; k++) {
                            Go.syscall(() -> Thread.sleep(0, 100_000));
                        }
                        finished.incrementAndGet();
                        wg.done();
                    });
                }
                wg.await();
                return null;
            });
            SchedStats d = s.stats().minus(before);
            System.out.printf("04-gmp %d goroutines x %d short syscalls: threads peak %d, handoffs %d%n",
                    goroutines, each, s.stats().get(Stat.THREADS_PEAK), d.get(Stat.HANDOFFS));
            assertThat(finished).hasValue(goroutines);
            assertThat(d.get(Stat.SYSCALLS)).isEqualTo((long) goroutines * each);
            // At most procs goroutines can be *in* a syscall at once (only a G on a P makes one,
            // and its P is handed off only after ~20 us): Ms <= 2 * procs + handoffs in flight,
            // far below one per goroutine.
            assertThat(s.stats().get(Stat.THREADS_PEAK)).isLessThan(goroutines / 4);
        }
    }
}
