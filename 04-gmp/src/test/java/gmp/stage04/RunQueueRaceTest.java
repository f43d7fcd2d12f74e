package gmp.stage04;

import gmp.core.spi.G;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ring's races, without overflow: its owner puts (to the ring and to runnext) and gets
 * while two thieves steal half at a time (one of them runnext too). The owner never fills the
 * ring, so {@code runqputslow} (exercise 4.2) is never called: these are exercise 4.1's own
 * races, and a failure lists the mistakes that cause them: a G that comes out twice or never is
 * either a slot claimed twice ({@code runqget} or {@code runqgrab} moving the head without a
 * CAS) or a slot read before it was written ({@code runqput} publishing the tail first), and
 * which symptom shows first depends on the timing.
 * The reference {@link Runq} here; the learner's ring in {@code Ex41RunqRaceTest}. Random from
 * a printed seed ({@code -Dgmp.seed=} repeats the owner's choices; the thieves' timing is the
 * machine's).
 */
class RunQueueRaceTest {

    /** A ring whose head ran past its tail hands out stale Gs for ever: stop, and say so. */
    static final String MORE_THAN_IT_HOLDS = "a ring of %d slots (plus runnext) handed out more Gs than it can hold:"
            + " runqhead ran past runqtail, which a plain (non-CAS) store of the head by a thief or the owner"
            + " can do; (1) runqget and runqgrab must move runqhead with a CAS";

    /** The queues under test. */
    protected LocalRunQueue.Factory runqs() {
        return Runq::new;
    }

    @Test
    void ownerAndTwoThieves_everyGoroutineComesOutExactlyOnce_withoutOverflow() throws Throwable {
        long seed = Long.getLong("gmp.seed", System.nanoTime());
        System.out.println("RunQueueRaceTest seed=" + seed + " (rerun with -Dgmp.seed=" + seed + ")");
        Random rnd = new Random(seed);
        int capacity = 8;
        int n = 300_000;
        G[] gs = new G[n];
        for (int i = 0; i < n; i++) {
            gs[i] = G.detached(i);
        }
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        LocalRunQueue.Overflow noOverflow = (batch, k) -> {
            throw new AssertionError("runqputslow was called although the ring had room: runqput must overflow"
                    + " only when runqtail - runqhead == capacity; if it does, runqhead went backwards, which a"
                    + " thief's or the owner's plain store of an old head does: (1) runqget and runqgrab must move"
                    + " runqhead with a CAS");
        };
        LocalRunQueue owner = runqs().create(capacity, () -> true);
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> thieves = new ArrayList<>();
        try {
            thieves.addAll(startThieves(runqs(), capacity, owner, done, seen, failure, MORE_THAN_IT_HOLDS));
            for (int i = 0; i < n && failure.get() == null; i++) {
                // Leave room for g and for a G that runnext may kick into the ring: never overflow.
                for (int tries = 0; owner.runqsize() >= capacity - 1; tries++) {
                    take(owner, seen);
                    assertThat(tries).as("runqsize() says %d but runqget() finds nothing: runqsize must be"
                            + " runqtail - runqhead", owner.runqsize()).isLessThan(1_000_000);
                }
                owner.runqput(gs[i], rnd.nextInt(4) == 0, noOverflow);
                if (rnd.nextInt(3) == 0) {
                    take(owner, seen);
                }
            }
        } finally {
            done.set(true);
            stopThieves(thieves, owner, seen, failure);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        drain(owner, capacity, capacity + 1, seen, MORE_THAN_IT_HOLDS);      // the ring and runnext
        for (int i = 0; i < n; i++) {
            int times = seen.get(i);
            assertThat(times).as("G %d came out %d times, not once (seed %d). Either two takers claimed the same slot,"
                    + " or a thief read a slot before the owner had written it (an old G, or nothing, and the new G is"
                    + " lost). Look for: (1) runqget and runqgrab must move runqhead with a CAS (a plain or release"
                    + " store lets the owner and a thief, or two thieves, take the same G); (2) runqput must write the"
                    + " slot first, then publish runqtail with a release store; (3) runqsteal must not publish the G"
                    + " it returns (its new tail is t + n - 1)", i, times, seed).isEqualTo(1);
        }
    }

    /**
     * Two thieves robbing {@code owner} (the second one takes runnext too) into rings of their
     * own, counting in {@code seen} every G they take, until {@code done} and the owner is empty
     * (after {@code done}, a ring whose runqempty never says so gets a bounded look). A thief that
     * throws stops, its error kept in {@code failure}; {@code tooMany} is the message for a ring
     * that hands out more Gs than it holds.
     */
    static List<Thread> startThieves(LocalRunQueue.Factory runqs, int capacity, LocalRunQueue owner, AtomicBoolean done,
                                     AtomicIntegerArray seen, AtomicReference<Throwable> failure, String tooMany) {
        List<Thread> thieves = new ArrayList<>();
        for (int t = 1; t <= 2; t++) {
            LocalRunQueue mine = runqs.create(capacity, () -> false);
            boolean takeRunnext = t == 2;
            thieves.add(Thread.ofPlatform().name("thief-" + t).daemon().start(() -> {
                try {
                    for (long after = 0; !done.get() || (!owner.runqempty() && after++ < 10_000_000); ) {
                        G g = mine.runqsteal(owner, takeRunnext);
                        if (g != null) {
                            seen.incrementAndGet((int) g.goid);
                            drain(mine, capacity, capacity, seen, tooMany);     // its ring: no runnext here
                        }
                        Thread.onSpinWait();
                    }
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                }
            }));
        }
        return thieves;
    }

    /** What a thief that never comes back out of runqsteal means. */
    static final String STUCK = "a thief never came back from runqsteal: runqgrab retries while runqtail - runqhead says more"
            + " than the ring can hold, which is for ever once runqhead went backwards (a plain, non-CAS store of an old"
            + " head); (1) runqget and runqgrab must move runqhead with a CAS";

    /**
     * Waits for the thieves after {@code done}. A thief can be stuck inside {@code runqsteal}: a
     * ring whose head went backwards looks fuller than it can be, and {@code runqgrab} retries
     * until it does not. The owner frees it by taking Gs (what its own {@code runqget} may always
     * do, counted in {@code seen}); a thief still stuck after two minutes is reported in
     * {@code failure} and left behind (a daemon thread), so a hang becomes a failure that names
     * the mistake.
     */
    static void stopThieves(List<Thread> thieves, LocalRunQueue owner, AtomicIntegerArray seen,
                            AtomicReference<Throwable> failure) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        for (Thread t : thieves) {
            t.join(Duration.ofSeconds(5));
            while (t.isAlive()) {
                if (take(owner, seen) == null) {
                    t.join(Duration.ofMillis(10));
                }
                if (System.nanoTime() - deadline > 0) {
                    failure.compareAndSet(null, new AssertionError(STUCK));
                    break;
                }
            }
        }
    }

    /**
     * Takes every G left in {@code q} (a ring of {@code capacity} slots), counting each in
     * {@code seen}; fails with {@code tooMany} past {@code max}, more than it can hold.
     */
    static void drain(LocalRunQueue q, int capacity, int max, AtomicIntegerArray seen, String tooMany) {
        for (int out = 1; take(q, seen) != null; out++) {
            assertThat(out).as(tooMany, capacity).isLessThanOrEqualTo(max);
        }
    }

    /** {@code q.runqget()}, counting the G it took (if any) in {@code seen}. */
    static G take(LocalRunQueue q, AtomicIntegerArray seen) {
        G g = q.runqget();
        if (g != null) {
            seen.incrementAndGet((int) g.goid);
        }
        return g;
    }
}
