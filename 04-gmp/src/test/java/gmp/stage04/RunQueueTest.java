package gmp.stage04;

import gmp.core.spi.G;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Go's own run-queue tests (runtime/proc_test.go and export_test.go), ported one for one, and
 * runnext. They test a {@link LocalRunQueue} made by {@link #runqs()}: the reference
 * {@link Runq} here, the learner's ring in exercise 4.1 ({@code Ex41RunqTest}). None of them
 * fills a ring: overflow is {@link RunqOverflowTest}'s (exercise 4.2).
 */
class RunQueueTest {

    static final LocalRunQueue.Overflow NO_OVERFLOW = (batch, n) -> {
        throw new AssertionError("the ring overflowed to the global queue, but it was never full: "
                + "runqput must call runqputslow only when tail - head == capacity");
    };

    /** The queues under test. */
    protected LocalRunQueue.Factory runqs() {
        return Runq::new;
    }

    /** A queue whose owner does not count as running (no pause before a runnext steal). */
    final LocalRunQueue newRunq(int capacity) {
        return runqs().create(capacity, () -> false);
    }

    static G[] gs(int n) {
        G[] gs = new G[n];
        for (int i = 0; i < n; i++) {
            gs[i] = G.detached(i + 1);
        }
        return gs;
    }

    /** {@code RunSchedLocalQueueTest}: for i in 0..255 put i Gs, get them back in order, empty after. */
    @Test
    void runSchedLocalQueueTest() {
        LocalRunQueue p = newRunq(256);
        G[] gs = gs(256);
        for (int i = 0; i < 256; i++) {
            assertThat(p.runqget()).as("runq is not empty initially").isNull();
            for (int j = 0; j < i; j++) {
                p.runqput(gs[j], false, NO_OVERFLOW);
            }
            for (int j = 0; j < i; j++) {
                assertThat(p.runqget()).as("element %d at iteration %d", j, i).isSameAs(gs[j]);
            }
            assertThat(p.runqget()).as("runq is not empty afterwards").isNull();
        }
    }

    /**
     * {@code RunSchedLocalQueueStealTest}: for i in 0..255 put i Gs on p1, steal into p2, drain
     * both: every G seen exactly once, and the thief got i/2 or i/2+1.
     */
    @Test
    void runSchedLocalQueueStealTest() {
        LocalRunQueue p1 = newRunq(256);
        LocalRunQueue p2 = newRunq(256);
        G[] gs = gs(256);
        for (int i = 0; i < 256; i++) {
            int[] sig = new int[256];
            for (int j = 0; j < i; j++) {
                p1.runqput(gs[j], false, NO_OVERFLOW);
            }
            int stolen = 0;
            G g = p2.runqsteal(p1, true);
            if (g != null) {
                stolen++;
                sig[(int) g.goid - 1]++;
            }
            while ((g = p2.runqget()) != null) {
                stolen++;
                sig[(int) g.goid - 1]++;
            }
            while ((g = p1.runqget()) != null) {
                sig[(int) g.goid - 1]++;
            }
            for (int j = 0; j < i; j++) {
                assertThat(sig[j]).as("G %d at iteration %d came out %d times (once, or none lost, is right): a G handed"
                        + " out twice usually means runqsteal published the G it returns too (its new tail is t + n - 1:"
                        + " the last G grabbed runs, the others are published); a lost one, that runqgrab copied the"
                        + " wrong slots (from runqhead, the older half rounded up)", j, i, sig[j]).isEqualTo(1);
            }
            assertThat(stolen).as("steal at iteration %d", i).isIn(i / 2, i / 2 + 1);
        }
    }

    /**
     * {@code RunSchedLocalQueueEmptyTest}: while the owner moves a G between runnext and the
     * ring, a concurrent {@code runqempty} never reports empty when a G is queued.
     */
    @Test
    // fixed work (Go's iteration count): 2 s idle, ~35 s on a very busy machine
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void runSchedLocalQueueEmptyTest() throws Exception {
        int iters = Integer.getInteger("gmp.runqEmptyIters", 2_000);   // Go: 1e5, 1e2 in -short mode
        LocalRunQueue p = newRunq(256);
        G[] gs = gs(2);
        AtomicInteger ready = new AtomicInteger();
        AtomicInteger spuriousEmpty = new AtomicInteger();
        for (int i = 0; i < iters; i++) {
            ready.set(0);
            boolean next0 = (i & 1) == 0;
            boolean next1 = (i & 2) == 0;
            p.runqput(gs[0], next0, NO_OVERFLOW);
            Thread checker = Thread.ofPlatform().start(() -> {
                ready.incrementAndGet();
                while (ready.get() != 2) {
                    Thread.onSpinWait();
                }
                if (p.runqempty()) {
                    spuriousEmpty.incrementAndGet();
                }
            });
            ready.incrementAndGet();
            while (ready.get() != 2) {
                Thread.onSpinWait();
            }
            p.runqput(gs[1], next1, NO_OVERFLOW);
            p.runqget();
            checker.join();
            p.runqget();
            if (spuriousEmpty.get() > 0) {
                break;
            }
        }
        assertThat(spuriousEmpty).as("runqempty reported an empty queue while a G was queued").hasValue(0);
    }

    /**
     * Go's steal test accepts a thief that got i/2 or i/2+1, because that is what "the larger
     * half", {@code n - n/2}, comes to. Taking the smaller half would pass it too, and then a P
     * with a single G in its ring could never be robbed of it: this test holds the rule exactly.
     */
    @Test
    void aThiefTakesTheLargerHalf_soASingleGoroutineCanBeStolen() {
        G[] gs = gs(64);
        for (int i = 1; i <= 64; i++) {
            LocalRunQueue victim = newRunq(64);
            LocalRunQueue thief = newRunq(64);
            for (int j = 0; j < i; j++) {
                victim.runqput(gs[j], false, NO_OVERFLOW);
            }
            G first = thief.runqsteal(victim, false);
            assertThat(first).as("a thief robbing a ring of %d comes back with a G", i).isNotNull();
            assertThat(1 + thief.runqsize()).as("stolen from a ring of %d: n - n/2, the older half rounded up", i)
                    .isEqualTo(i - i / 2);
            assertThat(victim.runqsize()).isEqualTo(i / 2);
            assertThat(victim.runqget()).as("the victim keeps the newer half: its oldest left is G %d", i - i / 2 + 1)
                    .isSameAs(i / 2 == 0 ? null : gs[i - i / 2]);
        }
    }

    /** runnext: the newest readied G runs next; the one it displaces goes to the tail. */
    @Test
    void runnextIsTakenFirstAndKicksTheOldOneToTheTail() {
        LocalRunQueue p = newRunq(8);
        G[] gs = gs(3);
        p.runqput(gs[0], false, NO_OVERFLOW);
        p.runqput(gs[1], true, NO_OVERFLOW);
        p.runqput(gs[2], true, NO_OVERFLOW);   // gs[1] is kicked to the tail
        assertThat(p.runqget()).as("runqget takes runnext first (the G readied last runs next)").isSameAs(gs[2]);
        assertThat(p.inheritTime()).as("a runnext G inherits the time slice").isTrue();
        assertThat(p.runqget()).as("then the ring's head: runnext's old G was kicked to the tail, behind it").isSameAs(gs[0]);
        assertThat(p.inheritTime()).as("a G from the ring does not inherit the time slice").isFalse();
        assertThat(p.runqget()).as("the G kicked out of runnext, from the tail").isSameAs(gs[1]);
        assertThat(p.runqempty()).as("runqempty after the ring and runnext are drained").isTrue();
    }
}
