package gmp.stage05;

import gmp.core.spi.Safepoint;
import org.junit.jupiter.api.AfterEach;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * For the test classes of preemption: after each test, no preemption request is left
 * outstanding. A request sysmon made must be honoured or cleared when its goroutine stops
 * running; one left over would preempt whatever runs next.
 */
interface NoRequestOutlivesItsSlice {

    @AfterEach
    default void noRequestOutlivesItsSlice() {
        assertThat(Safepoint.outstanding()).as("preemption requests still outstanding").isZero();
    }
}
