package gmp.stage04;

import com.google.gson.JsonObject;
import gmp.core.Chan;
import gmp.core.Config;
import gmp.core.Go;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Trace;
import gmp.core.WaitGroup;
import gmp.core.contract.TraceChecks;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracer on 04-gmp at procs=2: a fan-out, a ping-pong, syscalls and sleeps, traced and
 * exported to the Chrome Trace Event format; the JSON must be what Perfetto needs (see
 * {@link TraceChecks}) and must say what happened: one track per P, a slice per time slice
 * with how it ended, and every goroutine created once.
 */
class TraceExportTest {

    @Test
    void aTracedRunExportsValidPerfettoJsonWithOneTrackPerP() throws Exception {
        int n = 2_000;
        try (Scheduler s = Schedulers.create("04-gmp", Config.defaults().procs(2).trace(true))) {
            s.run(() -> {
                WaitGroup wg = new WaitGroup();
                wg.add(n);
                for (int i = 0; i < n; i++) {
                    Go.go(wg::done);
                }
                wg.await();
                Chan<Integer> ping = Chan.make();
                Go.go(() -> {
                    for (int i = 0; i < 100; i++) {
                        ping.send(i);
                    }
                    ping.close();
                });
                for (Integer ignored : ping) {
                    Go.yield();
                }
                Go.syscall(() -> {
                    TimeUnit.MILLISECONDS.sleep(1);     // the blocking system call itself
                    return null;
                });
                Go.sleep(Duration.ofMillis(2));
                return null;
            });
            Trace t = s.trace();
            assertThat(t.dropped()).isZero();
            assertThat(t.events()).filteredOn(e -> e.kind() == Trace.Kind.GO_CREATE).hasSize(n + 1);
            long starts = t.events().stream().filter(e -> e.kind() == Trace.Kind.SLICE_START).count();
            long ends = t.events().stream().filter(e -> e.kind() == Trace.Kind.SLICE_END).count();
            assertThat(ends).isEqualTo(starts).isGreaterThan(n);
            assertThat(t.events()).filteredOn(e -> e.kind() == Trace.Kind.SLICE_END)
                    .extracting(Trace.Event::note)
                    .contains("exited", "yielded", "blocked: sleep");
            // each of the 100 hand-offs on the unbuffered channel parks whichever side came first:
            // main in its receive or the sender in its send, as the two Ps' timing has it
            assertThat(t.events()).filteredOn(e -> e.kind() == Trace.Kind.SLICE_END)
                    .extracting(Trace.Event::note)
                    .containsAnyOf("blocked: chan receive", "blocked: chan send");
            assertThat(t.events()).anyMatch(e -> e.kind() == Trace.Kind.SYSCALL_ENTER);

            List<JsonObject> json = TraceChecks.validChromeTrace(t.chromeJson());
            assertThat(TraceChecks.trackNames(json, 1)).contains("P0", "P1");
            assertThat(TraceChecks.trackNames(json, 2)).isNotEmpty().allMatch(name -> name.matches("M[0-9]+"));
            long slicesOnMs = json.stream().filter(e -> e.get("ph").getAsString().equals("X") && e.get("pid").getAsInt() == 2).count();
            assertThat(slicesOnMs).as("one M-track slice per time slice").isEqualTo(ends);
            assertThat(json).anyMatch(e -> e.get("ph").getAsString().equals("C"));

            Path file = Path.of("target", "traces", "04-gmp-trace-test.json");
            t.writeChromeJson(file);
            assertThat(Files.size(file)).isPositive();
        }
    }
}
