package gmp.stage04;

import gmp.core.Config;
import gmp.core.Go;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code -Dgmp.schedtrace=N -Dgmp.scheddetail=1}, Go's {@code GODEBUG=schedtrace=N,scheddetail=1}:
 * while a run lasts, a SCHED line every N ms on stderr, each followed by a line per P and M.
 */
class SchedtracePrinterTest {

    @Test
    void aRunPrintsSchedtraceAndDetailLinesWhileItLasts() {
        PrintStream err = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setProperty("gmp.schedtrace", "20");
        System.setProperty("gmp.scheddetail", "1");
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try (Scheduler s = Schedulers.create("04-gmp", Config.defaults().procs(2))) {
            // the run lasts until two SCHED lines are out (at most 30 s), not a fixed 200 ms: on a busy
            // machine the printing thread may get the CPU too late for 200 ms to hold two periods
            s.run(() -> {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (schedLines(buf) < 2 && System.nanoTime() - deadline < 0) {
                    Go.sleep(Duration.ofMillis(20));
                }
                return null;
            });
        } finally {
            System.setErr(err);
            System.clearProperty("gmp.schedtrace");
            System.clearProperty("gmp.scheddetail");
        }
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("(?m)^SCHED [0-9]+ms: gomaxprocs=2 idleprocs=[0-2] threads=[0-9]+ ");
        assertThat(out).containsPattern("(?m)^  P0: status=\\w+ schedtick=[0-9]+ ");
        assertThat(out).containsPattern("(?m)^  P1: ");
        assertThat(out).containsPattern("(?m)^  M[0-9]+: curg=");
        assertThat(schedLines(buf)).as("SCHED lines, one every 20 ms, in a run that lasted until there were 2 (or 30 s)")
                .isGreaterThanOrEqualTo(2);
    }

    private static long schedLines(ByteArrayOutputStream buf) {
        return buf.toString(StandardCharsets.UTF_8).lines().filter(l -> l.startsWith("SCHED ")).count();
    }
}
