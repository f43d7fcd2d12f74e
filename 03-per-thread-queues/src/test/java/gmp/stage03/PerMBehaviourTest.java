package gmp.stage03;

import gmp.core.Config;
import gmp.core.Go;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Stat;
import gmp.core.WaitGroup;
import gmp.core.contract.ContractSupport;
import gmp.core.contract.Programs;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** What per-M queues buy (little lock traffic, locality) and what they cost (scans of every M). */
class PerMBehaviourTest {

    private Scheduler perm(int procs) {
        return perm(Config.defaults().procs(procs));
    }

    /** The scheduler under test: 03-perm here, 03-perm with the learner's code in exercises 3.1-3.3. */
    protected Scheduler perm(Config config) {
        return Schedulers.create("03-perm", config);
    }

    @Test
    void theGlobalLockIsOffTheHotPath_aFractionOf02sTwoAcquisitionsPerGoroutine() {
        int n = 10_000;
        SchedStats gm;
        try (Scheduler s = Schedulers.create("02-gm", Config.defaults().procs(2))) {
            gm = Programs.measure(s, () -> Programs.fanOut(n));
        }
        try (Scheduler s = perm(2)) {
            SchedStats d = Programs.measure(s, () -> Programs.fanOut(n));
            System.out.printf("fan-out 10k, lock acquisitions per goroutine: 02-gm %.2f, 03-perm %.3f%n",
                    gm.perSchedule(Stat.LOCK_ACQUISITIONS), d.perSchedule(Stat.LOCK_ACQUISITIONS));
            assertThat(gm.perSchedule(Stat.LOCK_ACQUISITIONS)).isGreaterThanOrEqualTo(2.0);
            assertThat(d.perSchedule(Stat.LOCK_ACQUISITIONS)).isLessThan(0.2);
            // every new G went to its creator's queue, but for the one that found it full each time
            // 129 of them moved to the global queue in one batch (at most n/129 such)
            assertThat(d.get(Stat.LOCAL_RUNQ_PUTS)).isGreaterThanOrEqualTo(n - n / 129);
        }
    }

    @Test
    void aGoroutineRunsOnItsCreatorsM_unlessItWasStolen() {
        int n = 10_000;
        try (Scheduler s = perm(2)) {
            SchedStats d = Programs.measure(s, () -> Programs.fanOut(n));
            long byCreator = d.get(Stat.RUN_BY_CREATOR_M);
            long stolen = d.get(Stat.GOROUTINES_STOLEN);
            long viaGlobal = d.get(Stat.GLOBAL_RUNQ_GETS);
            System.out.printf("03-perm fan-out: %d by creator, %d stolen, %d via the global queue%n",
                    byCreator, stolen, viaGlobal);
            // a new G starts on its creator's queue; it can only leave it by being stolen
            // (or by overflowing to the global queue, which a 10k fan-out into 256 slots can do)
            assertThat(byCreator + stolen + viaGlobal).isGreaterThanOrEqualTo(n);
        }
    }

    @Test
    void withTheCreatorBusy_idleMsStealHalfAtATime() {
        try (Scheduler s = perm(2)) {
            int n = 100;
            java.util.concurrent.atomic.AtomicInteger ran = new java.util.concurrent.atomic.AtomicInteger();
            SchedStats d = Programs.measure(s, () -> {
                for (int i = 0; i < n; i++) {
                    Go.go(ran::incrementAndGet);
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (ran.get() < n && System.nanoTime() < deadline && !ContractSupport.runIsOver()) {
                    Thread.onSpinWait();    // main keeps its M: only a thief can run them
                }
            });
            assertThat(ran).hasValue(n);
            assertThat(d.get(Stat.GOROUTINES_STOLEN)).as("goroutines stolen: a steal counts the Gs it took (Stat.GOROUTINES_STOLEN),"
                    + " and a thief ran all %d", n).isEqualTo(n);
            // each successful steal takes the larger half of what is queued: far fewer steals than Gs
            assertThat(d.get(Stat.STEAL_SUCCESSES)).isLessThan(n);
        }
    }

    @Test
    void msBlockedInSyscallsPileUp_andAnMLookingForWorkScansThemAll() throws Exception {
        try (Scheduler s = perm(2)) {
            int blocked = 100;
            // with no P to look at, an M that goes looking for work must look at every M
            SchedStats d = Programs.stealWhileBlockedInSyscalls(s, blocked);
            System.out.printf("03-perm with %d goroutines blocked in syscalls: %d threads, %d steal attempts scanned %d queues%n",
                    blocked, s.stats().threadsPeak(), d.get(Stat.STEAL_ATTEMPTS), d.get(Stat.QUEUES_SCANNED));
            assertThat(s.stats().threadsPeak()).isGreaterThan(blocked);
            // one fruitless attempt looks at every other M: 100 of them are blocked in syscalls
            assertThat(d.get(Stat.QUEUES_SCANNED)).as("queues scanned: a thief counts every M it looks at (Stat.QUEUES_SCANNED,"
                    + " one per victim), and one fruitless attempt looks at all %d blocked Ms", blocked).isGreaterThanOrEqualTo(blocked);
        }
    }

    @Test
    void aBlockedMsQueueIsReachedOnlyByStealing() {
        try (Scheduler s = perm(2)) {
            int n = 20;
            CountDownLatch allRan = new CountDownLatch(n);
            java.util.concurrent.atomic.AtomicBoolean ranWhileBlocked = new java.util.concurrent.atomic.AtomicBoolean();
            SchedStats d = Programs.measure(s, () -> {
                WaitGroup wg = new WaitGroup();
                wg.add(1);
                Go.go(() -> {
                    // queue n goroutines on this M, then block it in a syscall until they have run
                    for (int i = 0; i < n; i++) {
                        Go.go(allRan::countDown);
                    }
                    ranWhileBlocked.set(Go.syscall(() -> ContractSupport.awaitInGoroutine(allRan, 30_000)));
                    wg.done();
                });
                wg.await();
            });
            assertThat(ranWhileBlocked).as("the queued goroutines ran while their M was blocked").isTrue();
            assertThat(d.get(Stat.GOROUTINES_STOLEN)).isGreaterThanOrEqualTo(n);
        }
    }

    /**
     * Overflow and refill in batches, counted exactly. At procs=1 main's M is the only one, so
     * nothing is stolen: main spawns 300 goroutines into a 4-slot queue without blocking. Each time
     * the queue is full, its older half and the new G (2 + 1) go to the global queue under one lock
     * acquisition. Then main waits and its M drains: the local queue, then the global queue in
     * batches of {@code min(n, n/procs + 1, capacity/2)} = 2, one acquisition each.
     */
    @Test
    void overflowAndRefillMoveGoroutinesInBatches_oneLockPerBatch() {
        int n = 300;
        try (Scheduler s = perm(Config.defaults().procs(1).runqCapacity(4))) {
            SchedStats[] spawnPhase = new SchedStats[1];
            SchedStats whole = Programs.measure(s, () -> {
                WaitGroup wg = new WaitGroup();
                wg.add(n);
                SchedStats before = s.stats();
                for (int i = 0; i < n; i++) {
                    Go.go(wg::done);
                }
                spawnPhase[0] = s.stats().minus(before);
                wg.await();
            });
            SchedStats spawn = spawnPhase[0];
            long toGlobal = spawn.get(Stat.GLOBAL_RUNQ_PUTS);
            System.out.printf("03-perm, 4-slot queue, %d spawns: %d to the global queue in %d lock acquisitions;"
                    + " whole run: %d global gets, %d acquisitions%n", n, toGlobal, spawn.lockAcquisitions(),
                    whole.get(Stat.GLOBAL_RUNQ_GETS), whole.lockAcquisitions());
            assertThat(toGlobal).as("a full 4-slot queue overflows 2 old + 1 new at a time, under one lock acquisition (not one per G)").isPositive().isEqualTo(
                    3 * spawn.lockAcquisitions());
            assertThat(spawn.get(Stat.LOCAL_RUNQ_PUTS) + spawn.lockAcquisitions()).as("each spawn is a local put or starts a batch")
                    .isEqualTo(n);
            long drainLocks = whole.lockAcquisitions() - spawn.lockAcquisitions();
            long gets = whole.get(Stat.GLOBAL_RUNQ_GETS);
            assertThat(gets).as("every G sent to the global queue came back (main too: a run starts there)")
                    .isEqualTo(whole.get(Stat.GLOBAL_RUNQ_PUTS)).isEqualTo(toGlobal + 1);
            assertThat(drainLocks).as("the global queue is drained 2 Gs per acquisition (half the 4-slot queue),"
                    + " plus a few looks on the way to sleep, not one acquisition per G").isLessThanOrEqualTo(gets / 2 + 8);
            assertThat(drainLocks).as("and never more than half the local queue per batch (Go's globrunqget: n = min(len,"
                    + " len/GOMAXPROCS + 1, capacity/2)), or one M would hoard what others could steal")
                    .isGreaterThanOrEqualTo(gets / 2);
        }
    }
}
