package gmp.stage04;

import gmp.core.spi.G;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Go's {@code runqputslow}: what a full ring does with one more G. The reference {@link Runq}
 * here; the learner's ring in exercise 4.2 ({@code Ex42RunqOverflowTest}).
 */
class RunqOverflowTest {

    /** The queues under test. */
    protected LocalRunQueue.Factory runqs() {
        return Runq::new;
    }

    final LocalRunQueue newRunq(int capacity) {
        return runqs().create(capacity, () -> false);
    }

    /** runqputslow: a full ring moves its older half and the new G to the global queue in one batch. */
    @Test
    void aFullRingMovesHalfOfItselfAndTheNewGoroutineToTheGlobalQueue() {
        LocalRunQueue p = newRunq(4);
        G[] gs = RunQueueTest.gs(5);
        List<List<G>> batches = new ArrayList<>();
        LocalRunQueue.Overflow global = (batch, n) -> batches.add(List.of(batch).subList(0, n));
        for (int i = 0; i < 5; i++) {
            p.runqput(gs[i], false, global);
        }
        assertThat(batches).containsExactly(List.of(gs[0], gs[1], gs[4]));
        assertThat(p.runqget()).isSameAs(gs[2]);
        assertThat(p.runqget()).isSameAs(gs[3]);
        assertThat(p.runqget()).isNull();
    }

    /**
     * Every put after the first overflow still keeps each G exactly once; each batch is the
     * ring's older half, in order, then the G being put (which so overtakes the ring's newer half:
     * overflow is not FIFO, and Go does not try to be).
     */
    @Test
    void overflowKeepsEveryGoroutineOnce_oneBatchPerHalfRingPlusOne() {
        LocalRunQueue p = newRunq(8);
        G[] gs = RunQueueTest.gs(100);
        List<List<G>> batches = new ArrayList<>();
        LocalRunQueue.Overflow toGlobal = (batch, n) -> {
            assertThat(n).as("a batch is half the ring plus the new G: 8/2 + 1").isEqualTo(5);
            batches.add(List.of(batch).subList(0, n));
        };
        for (G g : gs) {
            p.runqput(g, false, toGlobal);
        }
        assertThat(batches.getFirst()).as("the first batch: the 4 oldest, then the 9th G, whose put found the ring full")
                .containsExactly(gs[0], gs[1], gs[2], gs[3], gs[8]);
        List<G> all = new ArrayList<>();
        batches.forEach(all::addAll);
        all.addAll(p.runqSnapshot());
        assertThat(all).as("every G in a batch or still in the ring, exactly once").containsExactlyInAnyOrder(gs);
        assertThat(batches).as("the ring is full after 8 puts, then overflows at puts 9, 14, ..., 99: "
                + "one trip to the global queue per 5 goroutines, not one per goroutine").hasSize(19);
        assertThat(p.runqsize()).isEqualTo(100 - 19 * 5);
    }

    /** A G kicked out of runnext into a full ring overflows like any other. */
    @Test
    void aGoroutineKickedOutOfRunnextIntoAFullRingOverflowsToo() {
        LocalRunQueue p = newRunq(4);
        G[] gs = RunQueueTest.gs(6);
        List<List<G>> batches = new ArrayList<>();
        LocalRunQueue.Overflow global = (batch, n) -> batches.add(List.of(batch).subList(0, n));
        for (int i = 0; i < 4; i++) {
            p.runqput(gs[i], false, global);
        }
        p.runqput(gs[4], true, global);         // runnext was empty: nothing kicked
        assertThat(batches).isEmpty();
        p.runqput(gs[5], true, global);         // kicks gs[4] into the full ring
        assertThat(batches).as("the kicked G goes to the global queue with the ring's older half")
                .containsExactly(List.of(gs[0], gs[1], gs[4]));
        assertThat(p.runnextPeek()).isSameAs(gs[5]);
        assertThat(p.runqSnapshot()).containsExactly(gs[2], gs[3]);
    }
}
