package gmp.stage04;

import gmp.core.spi.G;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A lesson from Lincheck: Go's steal with runnext ({@code runqgrab(..., stealRunNext=true)})
 * is not linearizable, and is not meant to be. The thief reads head and tail, sees an empty
 * ring, and only then reads runnext. Between the two, the owner can kick runnext's G into the
 * ring and take the new runnext ({@code go} then {@code runqget}), so the thief finds nothing
 * in a P that was never empty; or the owner's {@code go} lands first and the thief takes the
 * new runnext while the ring holds the old one. No G is lost or duplicated, but no sequential
 * order of the same operations gives these results. Go accepts this: a steal is a best effort,
 * and an M re-checks every P ({@code checkRunqsNoP}) after it stops spinning and before it
 * sleeps, so a missed G is found then.
 *
 * <p>This test asserts that Lincheck does find such a history (with these three operations it
 * does within a few scenarios; the budget is 200). If it ever stops finding one, the steal has
 * become stricter than Go's, which deserves a look.
 */
@Param(name = "v", gen = IntGen.class, conf = "1:3")
public class RunnextStealIsBestEffortTest {

    private final LocalRunQueue p = new Runq(16);     // large enough never to overflow in these scenarios

    @Operation(nonParallelGroup = "owner")
    public void putNext(@Param(name = "v") int v) {
        p.runqput(G.detached(v), true, (batch, n) -> { });
    }

    @Operation(nonParallelGroup = "owner")
    public long get() {
        G g = p.runqget();
        return g == null ? -1 : g.goid;
    }

    @Operation
    public List<Long> stealWithRunnext() {
        return RunQueueLincheckTest.grab(p, true);
    }

    /** The strict meaning: steal half of the ring, or runnext if the ring is empty. */
    public static final class Spec {
        private final ArrayDeque<Long> ring = new ArrayDeque<>();
        private Long runnext;

        public void putNext(int v) {
            Long old = runnext;
            runnext = (long) v;
            if (old != null) {
                ring.addLast(old);
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

        public List<Long> stealWithRunnext() {
            List<Long> out = new ArrayList<>();
            int n = ring.size() - ring.size() / 2;
            if (n == 0 && runnext != null) {
                out.add(runnext);
                runnext = null;
            }
            for (int i = 0; i < n; i++) {
                out.add(ring.pollFirst());
            }
            return out;
        }
    }

    @Test
    // fixed work (Lincheck explores interleavings): 15 s idle, ~100 s on a very busy machine
    @Timeout(value = 10, unit = java.util.concurrent.TimeUnit.MINUTES)
    void lincheckFindsAHistoryNoSequentialOrderExplains() {
        assertThatThrownBy(() -> new ModelCheckingOptions()
                .sequentialSpecification(Spec.class)
                .threads(2).actorsPerThread(2).actorsBefore(1).actorsAfter(1)
                .iterations(200).invocationsPerIteration(300).minimizeFailedScenario(false)
                .check(getClass()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("Invalid execution results")
                .hasMessageContaining("stealWithRunnext");
    }
}
