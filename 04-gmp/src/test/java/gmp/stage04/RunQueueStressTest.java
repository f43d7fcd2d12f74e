package gmp.stage04;

import gmp.core.spi.G;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ring under fire: its owner puts (to the ring and to runnext) and gets while two thieves
 * steal half at a time, runnext included, into rings of their own. Every G must come out
 * exactly once: none lost, none duplicated. Capacity 4 makes overflow to the global queue
 * frequent. The owner's choices are random, from a printed seed. The reference {@link Runq}
 * here; the learner's ring in exercise 4.2 ({@code Ex42RunqStressTest}).
 */
class RunQueueStressTest {

    /** The queues under test. */
    protected LocalRunQueue.Factory runqs() {
        return Runq::new;
    }

    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {4, 256})
    void ownerAndThievesNeverLoseOrDuplicateAGoroutine(int capacity) throws Throwable {
        long seed = Long.getLong("gmp.seed", System.nanoTime());
        System.out.println("RunQueueStressTest seed=" + seed + " (rerun with -Dgmp.seed=" + seed + ")");
        Random rnd = new Random(seed);
        int n = 200_000;
        G[] gs = new G[n];
        for (int i = 0; i < n; i++) {
            gs[i] = G.detached(i);
        }
        AtomicIntegerArray seen = new AtomicIntegerArray(n);
        List<G> global = new ArrayList<>();
        LocalRunQueue.Overflow overflow = (batch, k) -> {
            synchronized (global) {
                for (int i = 0; i < k; i++) {
                    global.add(batch[i]);
                }
            }
        };
        LocalRunQueue owner = runqs().create(capacity, () -> true);    // a running owner: runnext thieves pause
        AtomicBoolean done = new AtomicBoolean();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> thieves = new ArrayList<>();
        try {
            thieves.addAll(RunQueueRaceTest.startThieves(runqs(), capacity, owner, done, seen, failure,
                    RunQueueRaceTest.MORE_THAN_IT_HOLDS + "; or runqputslow (exercise 4.2) claimed its half without a CAS"));
            for (int i = 0; i < n && failure.get() == null; i++) {
                owner.runqput(gs[i], rnd.nextInt(4) == 0, overflow);
                if (rnd.nextInt(3) == 0) {
                    RunQueueRaceTest.take(owner, seen);
                }
            }
        } finally {
            done.set(true);
            RunQueueRaceTest.stopThieves(thieves, owner, seen, failure);
        }
        if (failure.get() != null) {
            throw failure.get();
        }
        RunQueueRaceTest.drain(owner, capacity, capacity + 1, seen, RunQueueRaceTest.MORE_THAN_IT_HOLDS);
        for (G g : global) {
            seen.incrementAndGet((int) g.goid);
        }
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(i)).as("G %d came out %d times (seed %d): with overflow; if RunQueueRaceTest (exercise 4.1's"
                    + " races, no overflow) passes, look at runqputslow: copy the older half first, then claim it with one CAS"
                    + " of runqhead (go round if a thief moved it), then put the half and g on the global queue", i, seen.get(i), seed)
                    .isEqualTo(1);
        }
    }
}
