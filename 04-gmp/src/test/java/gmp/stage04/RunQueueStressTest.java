package gmp.stage04;

import gmp.core.spi.G;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicIntegerArray;

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
    void ownerAndThievesNeverLoseOrDuplicateAGoroutine(int capacity) throws Exception {
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
        List<Thread> thieves = new ArrayList<>();
        for (int t = 1; t <= 2; t++) {
            LocalRunQueue mine = runqs().create(capacity, () -> false);
            boolean takeRunnext = t == 2;
            thieves.add(Thread.ofPlatform().start(() -> {
                while (!done.get() || !owner.runqempty()) {
                    G g = mine.runqsteal(owner, takeRunnext);
                    while (g != null) {
                        seen.incrementAndGet((int) g.goid);
                        g = mine.runqget();
                    }
                    Thread.onSpinWait();
                }
            }));
        }
        for (int i = 0; i < n; i++) {
            owner.runqput(gs[i], rnd.nextInt(4) == 0, overflow);
            if (rnd.nextInt(3) == 0) {
                G g = owner.runqget();
                if (g != null) {
                    seen.incrementAndGet((int) g.goid);
                }
            }
        }
        done.set(true);
        for (Thread t : thieves) {
            t.join();
        }
        for (G g; (g = owner.runqget()) != null; ) {
            seen.incrementAndGet((int) g.goid);
        }
        for (G g : global) {
            seen.incrementAndGet((int) g.goid);
        }
        for (int i = 0; i < n; i++) {
            assertThat(seen.get(i)).as("G %d seen (seed %d)", i, seed).isEqualTo(1);
        }
    }
}
