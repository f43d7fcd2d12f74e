package gmp.stage01;

import gmp.core.Chan;
import gmp.core.Config;
import gmp.core.FatalError;
import gmp.core.Go;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.contract.ContractSupport;
import gmp.core.contract.Programs;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What 1:1 threads cost: a thread per goroutine, and Go's limit on threads. */
class ThreadsBehaviourTest {

    /** The scheduler under test: 01-threads here, 01-threads with the learner's code in exercise 1.2. */
    protected Scheduler threads(Config config) {
        return Schedulers.create("01-threads", config);
    }

    @Test
    void threads_eachGoroutineCostsOneThread() {
        try (Scheduler s = threads(Config.defaults())) {
            int n = 200;
            SchedStats d = Programs.measure(s, () -> Programs.fanOut(n));
            assertThat(d.threadsCreated()).isEqualTo(d.goroutinesCreated()).isEqualTo(n + 1);
        }
    }

    @Test
    void threads_pastMaxThreadsTheRunFailsWithThreadExhaustion() {
        try (Scheduler s = threads(Config.defaults().maxThreads(10))) {
            assertThatThrownBy(() -> s.run(() -> {
                Chan<Integer> never = Chan.make();
                for (int i = 0; i < 20; i++) {
                    Go.go(never::recv);
                }
                return null;
            })).isInstanceOf(FatalError.class).hasMessageContaining("thread exhaustion").hasMessageContaining("10");
            assertThat(s.run(() -> "recovered")).isEqualTo("recovered");
        }
        assertThat(ContractSupport.threadsOf("01-threads")).isEmpty();
    }
}
