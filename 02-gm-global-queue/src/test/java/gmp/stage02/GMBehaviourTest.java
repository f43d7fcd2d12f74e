package gmp.stage02;

import gmp.core.Config;
import gmp.core.FatalError;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Stat;
import gmp.core.contract.ContractSupport;
import gmp.core.contract.Programs;
import gmp.core.Go;
import gmp.core.WaitGroup;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What Go 1.0's single lock costs, read off the counters (never off a clock). */
class GMBehaviourTest {

    private Scheduler gm(int procs) {
        return gm(Config.defaults().procs(procs));
    }

    /** The scheduler under test: 02-gm here, 02-gm with the learner's code in exercises 2.1-2.3. */
    protected Scheduler gm(Config config) {
        return Schedulers.create("02-gm", config);
    }

    @Test
    void everyGoroutineTakesTheGlobalLockAtLeastTwice_onceToQueueOnceToSchedule() {
        try (Scheduler s = gm(2)) {
            SchedStats d = Programs.measure(s, () -> Programs.fanOut(10_000));
            System.out.printf("02-gm fan-out 10k: lock/G %.2f contended/G %.3f wait ns/G %.0f%n",
                    d.perSchedule(Stat.LOCK_ACQUISITIONS), d.perSchedule(Stat.LOCK_CONTENDED),
                    d.perSchedule(Stat.LOCK_WAIT_NS));
            assertThat(d.perSchedule(Stat.LOCK_ACQUISITIONS)).isGreaterThanOrEqualTo(2.0);
            assertThat(d.get(Stat.GLOBAL_RUNQ_PUTS)).as("every new G goes through the global queue")
                    .isGreaterThanOrEqualTo(10_000);
            assertThat(d.get(Stat.LOCAL_RUNQ_PUTS)).as("there is no other queue").isZero();
        }
    }

    @Test
    void aNewGoroutineGoesWhereverACpuSlotIs_itsCreatorIsLeftToChance() {
        try (Scheduler s = gm(2)) {
            int n = 10_000;
            SchedStats d = Programs.measure(s, () -> Programs.fanOut(n));
            // every G, main included, passed through the one global queue (main a second time
            // if it had to wait for the WaitGroup)
            assertThat(d.get(Stat.GLOBAL_RUNQ_PUTS)).isBetween((long) n + 1, (long) n + 2);
            assertThat(d.get(Stat.GLOBAL_RUNQ_GETS)).isEqualTo(d.get(Stat.GLOBAL_RUNQ_PUTS));
            // nothing ties a G to its creator's M: which M runs it is whichever took the lock first
            System.out.printf("02-gm fan-out: %.0f%% of goroutines run first by their creator's M%n",
                    100.0 * d.get(Stat.RUN_BY_CREATOR_M) / n);
        }
    }

    @Test
    void whileItsCreatorKeepsRunning_aNewGoroutineIsHandedToAnotherM() {
        try (Scheduler s = gm(2)) {
            int n = 100;
            java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
            SchedStats d = Programs.measure(s, () -> {
                for (int i = 0; i < n; i++) {
                    gmp.core.Go.go(ran::incrementAndGet);
                }
                long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
                while (ran.get() < n && System.nanoTime() < deadline && !ContractSupport.runIsOver()) {
                    Thread.onSpinWait();    // main keeps its M (and its CPU slot) busy
                }
            });
            assertThat(ran).hasValue(n);
            // matchmg handed every one of them to the other M: none ran on its creator's
            assertThat(d.get(Stat.RUN_BY_CREATOR_M)).isZero();
            assertThat(d.threadsCreated()).isEqualTo(2);
        }
    }

    /**
     * An M with nothing to run parks on the idle list (nextgandunlock's {@code mput}), and the
     * next goroutine is handed to it (matchmg's {@code mget}): twenty goroutines started one at
     * a time, each after the other M has run the last and gone back to sleep, cost one thread
     * besides main's, not twenty. Waits on events (the goroutine ran, the M's thread parked),
     * never on a clock.
     */
    @Test
    void anIdleMIsReused_goroutinesStartedOneAtATimeCostOneThreadBesidesMain() {
        try (Scheduler s = gm(2)) {
            int n = 20;
            AtomicInteger ran = new AtomicInteger();
            SchedStats d = Programs.measure(s, () -> {
                Thread self = Thread.currentThread();
                for (int i = 0; i < n; i++) {
                    Go.go(ran::incrementAndGet);
                    int want = i + 1;
                    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                    // main keeps its M and slot; the other M runs the G, then parks with nothing to do
                    while ((ran.get() < want || !othersParked(self)) && System.nanoTime() < deadline
                            && !ContractSupport.runIsOver()) {
                        Thread.onSpinWait();
                    }
                }
            });
            assertThat(ran).hasValue(n);
            assertThat(d.threadsCreated()).as("threads for %d goroutines started one at a time: main's M and one more, reused"
                    + " (an M with nothing to run goes on the idle list, mput, and matchmg hands the next G to it, mget),"
                    + " not a new M per goroutine", n).isEqualTo(2);
        }
    }

    /** Whether every other thread of this stage is parked (WAITING): an idle M, nothing running. */
    private static boolean othersParked(Thread self) {
        return ContractSupport.liveThreadsOf("02-gm").stream()
                .filter(t -> t != self)
                .allMatch(t -> t.getState() == Thread.State.WAITING);
    }

    @Test
    void threadsGrowWithConcurrentBlockingSyscalls() {
        try (Scheduler s = gm(2)) {
            boolean allInside = s.run(() -> Programs.allInSyscallAtOnce(100, 30_000));
            assertThat(allInside).as("100 goroutines were in a blocking syscall at the same time").isTrue();
            SchedStats st = s.stats();
            assertThat(st.threadsPeak()).isGreaterThanOrEqualTo(100);
            assertThat(st.get(Stat.HANDOFFS)).isPositive();
        }
    }

    @Test
    void pastMaxThreadsBlockingSyscallsEndTheRunWithThreadExhaustion() {
        try (Scheduler s = gm(Config.defaults().procs(2).maxThreads(10))) {
            assertThatThrownBy(() -> s.run(() -> Programs.allInSyscallAtOnce(20, 30_000)))
                    .isInstanceOf(FatalError.class).hasMessageContaining("thread exhaustion");
        }
    }

    @Test
    void schedtraceHasGosShape() {
        try (Scheduler s = gm(2)) {
            s.run(() -> Programs.fanOut(10));
            assertThat(s.schedtrace()).matches(
                    "SCHED \\d+ms: gomaxprocs=2 idleprocs=\\d+ threads=\\d+ spinningthreads=0 idlethreads=\\d+ runqueue=\\d+ \\[]");
        }
    }

    /**
     * Go 1.0's {@code mcpu <= mcpumax}: goroutines in blocking syscalls make extra Ms, but at most
     * GOMAXPROCS goroutines run Go code at any instant, because an M needs one of the CPU slots
     * that matchmg and nextgandunlock hand out. Six workers compute in short slices and yield,
     * while four goroutines go in and out of blocking syscalls: each time, matchmg hands out the
     * free slots, so a slot check that lets one G too many run is seen many times a run.
     */
    @Test
    void atMostGomaxprocsGoroutinesRunAtOnce_howeverManyMsThereAre() {
        int procs = 2;
        try (Scheduler s = gm(procs)) {
            AtomicInteger computing = new AtomicInteger();
            AtomicInteger most = new AtomicInteger();
            s.run(() -> {
                WaitGroup wg = new WaitGroup();
                wg.add(10);
                for (int i = 0; i < 4; i++) {       // each syscall gives up its slot: the workers need other Ms
                    Go.go(() -> {
                        for (int k = 0; k < 10; k++) {  // every entersyscall and exitsyscall calls matchmg
                            Go.syscall(() -> { Thread.sleep(2); return null; });    // a blocking syscall
                        }
                        wg.done();
                    });
                }
                for (int i = 0; i < 6; i++) {
                    Go.go(() -> {
                        for (int k = 0; k < 20; k++) {     // long enough to overlap every syscall
                            most.accumulateAndGet(computing.incrementAndGet(), Math::max);
                            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(1);
                            while (System.nanoTime() < until && !ContractSupport.runIsOver()) {
                                Thread.onSpinWait();
                            }
                            computing.decrementAndGet();
                            Go.yield();
                        }
                        wg.done();
                    });
                }
                wg.await();
                return null;
            });
            System.out.printf("02-gm: %d threads, at most %d goroutines computing at once%n", s.stats().threadsPeak(), most.get());
            assertThat(s.stats().threadsPeak()).as("the syscalls made more Ms than GOMAXPROCS").isGreaterThan(procs);
            assertThat(most.get()).as("goroutines running Go code at once: at most GOMAXPROCS (mcpu <= mcpumax)")
                    .isBetween(1, procs);
        }
    }
}
