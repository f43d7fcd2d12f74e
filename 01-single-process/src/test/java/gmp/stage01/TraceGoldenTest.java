package gmp.stage01;

import gmp.core.Chan;
import gmp.core.Config;
import gmp.core.Go;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.WaitGroup;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tracer's text log as a golden file. On 01-n1 (one thread, a FIFO run queue) a program
 * runs in exactly one order, so its log without times is the same on every run: main makes two
 * goroutines and makes a syscall, then waits; G2's send blocks until G3 receives; G3 yields;
 * each ends. A change in scheduling order, in what is traced or in the format shows up as a
 * diff against {@code golden/n1-handoff.trace}.
 */
class TraceGoldenTest {

    @Test
    void theN1LogOfASmallProgramMatchesTheGoldenFile() throws IOException {
        try (Scheduler s = Schedulers.create("01-n1", Config.defaults().trace(true))) {
            s.run(() -> {
                Chan<Integer> ch = Chan.make();
                WaitGroup wg = new WaitGroup();
                wg.add(2);
                Go.go(() -> {
                    ch.send(1);
                    wg.done();
                });
                Go.go(() -> {
                    ch.recv();
                    Go.yield();
                    wg.done();
                });
                Go.syscall(() -> null);
                wg.await();
                return null;
            });
            assertThat(s.trace().text(false)).isEqualTo(golden("golden/n1-handoff.trace"));
            assertThat(s.trace().text(true)).as("with times, each line starts with one").containsPattern("(?m)^ +[0-9.]+ms slice_start");
        }
    }

    @Test
    void withoutTracingTheTraceIsEmpty() {
        try (Scheduler s = Schedulers.create("01-n1")) {
            s.run(() -> 1);
            assertThat(s.trace().events()).isEmpty();
        }
    }

    private static String golden(String resource) throws IOException {
        try (InputStream in = TraceGoldenTest.class.getClassLoader().getResourceAsStream(resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
