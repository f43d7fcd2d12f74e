package gmp.core.spi;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.FatalError;
import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A scheduler whose own M loop throws (a bug in a stage, or an exercise body that still throws
 * "not done yet") must fail the run with the cause, not leave {@code run} waiting forever for
 * an M that is gone; and it must refuse to run again.
 */
class MCrashTest {

    /** A stage whose one M throws as soon as it starts, before running any goroutine. */
    private static final class CrashingScheduler extends AbstractScheduler {
        private final java.util.function.Supplier<Throwable> crash;

        CrashingScheduler() {
            this(() -> new ExerciseNotDone("0.0", "the loop of this test scheduler"));
        }

        CrashingScheduler(java.util.function.Supplier<Throwable> crash) {
            super("00-crash", Config.defaults(), EnumSet.noneOf(Capability.class));
            this.crash = crash;
        }

        @Override
        protected void startRun(G main) {
            new M(this, () -> {
                switch (crash.get()) {
                    case RuntimeException e -> throw e;
                    case Error e -> throw e;
                    case Throwable t -> throw new IllegalStateException(t);
                }
            }).start();
        }

        @Override
        protected void spawn(G g, M m) {
        }

        @Override
        protected void ready(G g) {
        }

        @Override
        protected void gosched(G g, M m) {
        }

        @Override
        protected void endRun(RunState run) {
        }

        @Override
        protected void shutdown() {
        }

        @Override
        protected String schedtraceFields() {
            return "";
        }
    }

    @Test
    void anMWhoseLoopThrowsFailsTheRun_withTheCause_andTheSchedulerRefusesToRunAgain() throws Exception {
        try (CrashingScheduler s = new CrashingScheduler()) {
            CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> s.run(() -> 1));
            assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS))
                    .as("the run ends (it does not hang) and says why")
                    .hasCauseInstanceOf(FatalError.class)
                    .hasMessageContaining("M0's scheduling loop threw")
                    .hasRootCauseInstanceOf(ExerciseNotDone.class)
                    .hasRootCauseMessage("exercise 0.0 not done yet: the loop of this test scheduler");
            assertThatThrownBy(() -> s.run(() -> 2))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is broken");
        }
    }

    /** Out of memory on an M (its own loop, or sysmon's): Go's "fatal error: runtime: out of memory". */
    @Test
    void anMThatRunsOutOfMemoryFailsTheRunWithAFatalOutOfMemory() throws Exception {
        try (CrashingScheduler s = new CrashingScheduler(() -> new OutOfMemoryError("Java heap space"))) {
            CompletableFuture<Object> run = CompletableFuture.supplyAsync(() -> s.run(() -> 1));
            assertThatThrownBy(() -> run.get(30, TimeUnit.SECONDS))
                    .hasCauseInstanceOf(FatalError.class)
                    .hasMessageContaining("fatal error: runtime: out of memory")
                    .hasMessageContaining("M0")
                    .hasRootCauseInstanceOf(OutOfMemoryError.class);
            assertThatThrownBy(() -> s.run(() -> 2))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("is broken").hasMessageContaining("out of memory");
        }
    }
}
