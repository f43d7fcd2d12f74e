package gmp.stage03;

import gmp.core.spi.G;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One M's queue on its own: FIFO order, a bounded size, overflow by halves, stealing the older
 * half, and an owner racing two thieves. The reference {@link LockedRunq} here; the learner's
 * queue in exercise 3.1 ({@code Ex31RunQueueTest}).
 */
class LockedRunqTest {

    /** The queue under test. */
    protected RunQueue newRunq(int capacity) {
        return new LockedRunq(capacity);
    }

    private static G[] gs(int n) {
        G[] gs = new G[n];
        for (int i = 0; i < n; i++) {
            gs[i] = G.detached(i);
        }
        return gs;
    }

    @Test
    void putThenGet_isFifo_andAnEmptyQueueGivesNull() {
        RunQueue q = newRunq(8);
        G[] gs = gs(5);
        assertThat(q.get()).as("a new queue is empty").isNull();
        for (G g : gs) {
            assertThat(q.put(g)).isTrue();
        }
        assertThat(q.size()).as("size() after 5 puts: each put updates the size (get's lock-free empty check reads it)").isEqualTo(5);
        assertThat(q.free()).isEqualTo(3);
        for (G g : gs) {
            assertThat(q.get()).as("oldest first: the order they were put").isSameAs(g);
        }
        assertThat(q.get()).isNull();
        assertThat(q.size()).isZero();
    }

    @Test
    void aFullQueueRefusesThePut_theCallerSendsTheGoroutineElsewhere() {
        RunQueue q = newRunq(4);
        G[] gs = gs(5);
        for (int i = 0; i < 4; i++) {
            assertThat(q.put(gs[i])).isTrue();
        }
        assertThat(q.free()).isZero();
        assertThat(q.put(gs[4])).as("the queue is bounded: put says no, and keeps nothing").isFalse();
        assertThat(q.size()).isEqualTo(4);
    }

    @Test
    void overflowTakesTheOlderHalf_inOrder() {
        RunQueue q = newRunq(8);
        G[] gs = gs(8);
        for (G g : gs) {
            q.put(g);
        }
        assertThat(q.takeHalfForOverflow()).as("the 4 oldest, oldest first: they go to the global queue in one batch")
                .containsExactly(gs[0], gs[1], gs[2], gs[3]);
        assertThat(q.size()).isEqualTo(4);
        assertThat(q.get()).as("the newer half stays, still in order").isSameAs(gs[4]);
    }

    /** Go's {@code RunSchedLocalQueueStealTest}, for this queue: the thief takes {@code i - i/2}, every G seen once. */
    @Test
    void stealTakesTheOlderHalfRoundedUp_andEveryGoroutineIsSeenOnce() {
        for (int i = 0; i <= 64; i++) {
            RunQueue victim = newRunq(64);
            RunQueue thief = newRunq(64);
            G[] gs = gs(i);
            for (G g : gs) {
                victim.put(g);
            }
            int stolen = victim.stealHalfInto(thief);
            assertThat(stolen).as("with %d queued the thief takes n - n/2 (the larger half: a queue of one can be robbed)", i)
                    .isEqualTo(i - i / 2);
            assertThat(thief.size()).isEqualTo(stolen);
            List<G> seen = new ArrayList<>();
            for (G g; (g = thief.get()) != null; ) {
                seen.add(g);
            }
            for (G g; (g = victim.get()) != null; ) {
                seen.add(g);
            }
            assertThat(seen).as("the thief got the oldest, in order, and the victim kept the rest: every G once")
                    .containsExactly(gs);
        }
    }

    @Test
    void clearDropsEverything() {
        RunQueue q = newRunq(4);
        for (G g : gs(3)) {
            q.put(g);
        }
        q.clear();
        assertThat(q.size()).isZero();
        assertThat(q.get()).isNull();
        assertThat(q.free()).isEqualTo(4);
    }

    /**
     * The owner puts (overflowing half a queue when full) and gets, while two thieves steal half at
     * a time into queues of their own: every G comes out exactly once. Random, from a printed seed.
     */
    @Test
    void anOwnerAndTwoThieves_neverLoseOrDuplicateAGoroutine() throws Exception {
        long seed = Long.getLong("gmp.seed", System.nanoTime());
        System.out.println("LockedRunqTest seed=" + seed + " (rerun with -Dgmp.seed=" + seed + ")");
        Random rnd = new Random(seed);
        int n = 100_000;
        G[] gs = gs(n);
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        RunQueue owner = newRunq(16);
        AtomicBoolean done = new AtomicBoolean();
        List<Thread> thieves = new ArrayList<>();
        for (int t = 0; t < 2; t++) {
            RunQueue mine = newRunq(16);
            thieves.add(Thread.ofPlatform().start(() -> {
                // after the owner is done, a queue the thieves cannot empty (stealHalfInto taking n / 2
                // leaves a last G behind for ever) gets a bounded look; the owner drains it below
                for (long after = 0; !done.get() || (owner.size() > 0 && after++ < 1_000_000); ) {
                    if (owner.stealHalfInto(mine) > 0) {
                        for (G g; (g = mine.get()) != null; ) {
                            seen.incrementAndGet((int) g.goid);
                        }
                    }
                    Thread.onSpinWait();
                }
            }));
        }
        for (int i = 0; i < n; i++) {
            if (!owner.put(gs[i])) {
                for (G g : owner.takeHalfForOverflow()) {   // "the global queue"
                    seen.incrementAndGet((int) g.goid);
                }
                seen.incrementAndGet(i);
            }
            if (rnd.nextInt(3) == 0) {
                G g = owner.get();
                if (g != null) {
                    seen.incrementAndGet((int) g.goid);
                }
            }
        }
        done.set(true);
        for (Thread t : thieves) {
            t.join();
        }
        for (G g; (g = owner.get()) != null; ) {
            seen.incrementAndGet((int) g.goid);
        }
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(i)).as("G %d came out %d times, not once (seed %d): a G taken twice or lost means a put, get,"
                    + " overflow or steal touched the ring outside this queue's lock, or moved head/tail wrongly", i, seen.get(i), seed)
                    .isEqualTo(1);
        }
    }
}
