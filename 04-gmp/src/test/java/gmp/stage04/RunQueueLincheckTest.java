package gmp.stage04;

import gmp.core.spi.G;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.StressOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * Lincheck proof of the P's lock-free ring: every concurrent history of owner operations
 * ({@code runqput} with and without runnext, {@code runqget}, overflow to the "global queue"),
 * thieves' {@code runqgrab} of half the ring, and anyone's {@code runqempty} must be
 * explainable by some sequential order of the same operations on a plain queue ({@link Spec}).
 * A lost or duplicated G, a steal of the wrong half, or a wrong "empty" shows up as a history
 * no order can explain.
 *
 * <p>Stealing runnext is left out here on purpose: it is <em>not</em> linearizable, in Go
 * either, and {@link RunnextStealIsBestEffortTest} shows Lincheck finding why. That a runnext
 * steal never loses or duplicates a G is {@link RunQueueStressTest}'s job.
 *
 * <p>Capacity 4, so overflow is exercised constantly. Two modes: stress (real threads) and
 * model checking (Lincheck controls the interleavings). CI runs a short pass of each; the long
 * run is {@code ./mvnw -pl 04-gmp test -Dtest='RunQueueLincheck*' -Dgmp.lincheck.long=true}
 * (see the stage README for its last result). The reference {@link Runq} here; the learner's
 * ring in exercise 4.2 ({@code Ex42RunqLincheckTest}).
 */
@Param(name = "v", gen = IntGen.class, conf = "1:9")
public class RunQueueLincheckTest {

    static final boolean LONG = Boolean.getBoolean("gmp.lincheck.long");
    private static final int CAPACITY = 4;

    final LocalRunQueue p = runqs().create(CAPACITY, () -> false);
    /** Where runqputslow's batches go; only the owner thread touches it. */
    private final List<Long> global = new ArrayList<>();
    private final LocalRunQueue.Overflow overflow = (batch, n) -> {
        for (int i = 0; i < n; i++) {
            global.add(batch[i].goid);
        }
    };

    /** The queue under test (called while the test object is built: it must not use fields). */
    protected LocalRunQueue.Factory runqs() {
        return Runq::new;
    }

    @Operation(nonParallelGroup = "owner")
    public void put(@Param(name = "v") int v) {
        p.runqput(G.detached(v), false, overflow);
    }

    @Operation(nonParallelGroup = "owner")
    public void putNext(@Param(name = "v") int v) {
        p.runqput(G.detached(v), true, overflow);
    }

    @Operation(nonParallelGroup = "owner")
    public long get() {
        G g = p.runqget();
        return g == null ? -1 : g.goid;
    }

    /** The Gs moved to the global queue so far, in order; clears the list. */
    @Operation(nonParallelGroup = "owner")
    public List<Long> drainGlobal() {
        List<Long> out = List.copyOf(global);
        global.clear();
        return out;
    }

    @Operation
    public List<Long> steal() {
        return grab(false);
    }

    @Operation
    public boolean empty() {
        return p.runqempty();
    }

    List<Long> grab(boolean runnext) {
        return grab(p, runnext);
    }

    /** A thief's {@code runqgrab} of {@code p}, as the goids it took. */
    static List<Long> grab(LocalRunQueue p, boolean runnext) {
        G[] batch = new G[64];
        int n = p.runqgrab(batch, 0, runnext);
        List<Long> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(batch[i].goid);
        }
        return out;
    }

    /** The sequential meaning of each operation: Go's run queue, written the obvious way. */
    public static final class Spec {
        private final ArrayDeque<Long> ring = new ArrayDeque<>();
        private Long runnext;
        private final List<Long> global = new ArrayList<>();

        public void put(int v) {
            putTail(v);
        }

        private void putTail(long v) {
            if (ring.size() < CAPACITY) {
                ring.addLast(v);
                return;
            }
            for (int i = 0; i < CAPACITY / 2; i++) {     // runqputslow: the front half, then v
                global.add(ring.pollFirst());
            }
            global.add(v);
        }

        public void putNext(int v) {
            Long old = runnext;
            runnext = (long) v;
            if (old != null) {
                putTail(old);
            }
        }

        public long get() {
            if (runnext != null) {
                long v = runnext;
                runnext = null;
                return v;
            }
            Long v = ring.pollFirst();
            return v == null ? -1 : v;
        }

        public List<Long> drainGlobal() {
            List<Long> out = List.copyOf(global);
            global.clear();
            return out;
        }

        public List<Long> steal() {
            return grab(false);
        }

        public boolean empty() {
            return ring.isEmpty() && runnext == null;
        }

        List<Long> grab(boolean withRunnext) {
            int n = ring.size() - ring.size() / 2;
            List<Long> out = new ArrayList<>();
            if (n == 0) {
                if (withRunnext && runnext != null) {
                    out.add(runnext);
                    runnext = null;
                }
                return out;
            }
            for (int i = 0; i < n; i++) {
                out.add(ring.pollFirst());
            }
            return out;
        }
    }

    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)     // fixed work, longer when the machine is busy
    void stress() {
        new StressOptions()
                .sequentialSpecification(Spec.class)
                .threads(3).actorsPerThread(4).actorsBefore(4)
                .iterations(LONG ? 200 : 20)
                .invocationsPerIteration(LONG ? 5_000 : 1_000)
                .check(getClass());
    }

    @Test
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)     // fixed work, longer when the machine is busy
    void modelChecking() {
        new ModelCheckingOptions()
                .sequentialSpecification(Spec.class)
                .threads(3).actorsPerThread(3).actorsBefore(4)
                .iterations(LONG ? 100 : 10)
                .invocationsPerIteration(LONG ? 2_000 : 500)
                .check(getClass());
    }
}
