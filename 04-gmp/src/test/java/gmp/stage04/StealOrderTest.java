package gmp.stage04;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** Go's {@code TestStealOrder} (proc_test.go), ported. */
class StealOrderTest {

    /** {@code TestStealOrder}: each enumeration visits every P exactly once, for 1..64 Ps. */
    @Test
    void testStealOrder() {
        for (int n = 1; n <= 64; n++) {
            StealOrder ord = new StealOrder(n);
            for (int start = 0; start < 3 * n; start++) {
                Set<Integer> seen = new HashSet<>();
                List<Integer> order = new ArrayList<>();
                for (StealOrder.Enum e = ord.start(start); !e.done(); e.next()) {
                    order.add(e.position());
                    seen.add(e.position());
                }
                assertThat(order).as("order for %d Ps from %d", n, start).hasSize(n);
                assertThat(seen).hasSize(n);
            }
        }
    }
}
