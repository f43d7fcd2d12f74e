package gmp.stage05;

import com.google.gson.JsonObject;
import gmp.core.Config;
import gmp.core.Go;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Trace;
import gmp.core.contract.TraceChecks;
import gmp.stage05.programs.Spinner;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** A preemption, as the tracer sees it: sysmon's request, and the slice that ended at a back-edge. */
class PreemptionTraceTest {

    @Test
    void theTraceShowsTheRequestAndThePreemptedSlice() {
        Spinner sp = new Spinner();
        AtomicBoolean resumed = new AtomicBoolean();
        try (Scheduler s = Schedulers.create("05-async", Config.defaults().procs(1).trace(true))) {
            CompletableFuture<Long> run = Background.run(s, () -> {
                Go.go(sp::spinWithoutCalls);
                do {
                    Go.yield();     // again if the first preemption came at the spinner's entry, before its loop
                } while (s.stats().get(gmp.core.Stat.PREEMPTIONS_ASYNC) == 0);
                resumed.set(true);
                sp.stop = true;
                return 0L;
            });
            try {
                Background.awaitOrDump(s, Duration.ofSeconds(30), "main resumed", resumed::get);
            } finally {
                sp.stop = true;
            }
            Background.join(s, run, Duration.ofSeconds(30), "the run did not end");
            Trace t = s.trace();
            assertThat(t.events()).anyMatch(e -> e.kind() == Trace.Kind.PREEMPT_REQUEST && "async".equals(e.note()));
            assertThat(t.events()).anyMatch(e -> e.kind() == Trace.Kind.SLICE_END && "preempted (async)".equals(e.note()));
            List<JsonObject> json = TraceChecks.validChromeTrace(t.chromeJson());
            assertThat(json).anyMatch(e -> e.get("ph").getAsString().equals("i")
                    && e.get("name").getAsString().startsWith("preempt G"));
        }
    }
}
