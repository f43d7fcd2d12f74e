package gmp.workbook;

import com.google.gson.JsonObject;
import gmp.core.contract.TraceChecks;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A short smoke of the tour: every stage, small rounds; bad options get clear messages. */
class TourTest {

    @Test
    void theTourPrintsOneRowPerStageAndWorkload_andSaysWhatAStageCannotDo() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Tour.Options o = Tour.parse(new String[]{"--stages", "01-serial,01-n1,01-threads,02-gm,03-perm,04-gmp",
                "--workloads", "pingpong,syscalls,echo", "--rounds", "1", "--procs", "2", "--trace", "off"});
        new Tour().run(o, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("stage", "workload", "wall ms", "threads", "switches", "lock/G", "contended/G");
        assertThat(out).containsPattern("01-serial +pingpong +deadlock: serial cannot wait");
        assertThat(out).containsPattern("01-n1 +pingpong +[0-9.]+ +1 +1 +20,00[0-9]");
        assertThat(out).containsPattern("01-threads +syscalls +[0-9.]+");
        assertThat(out).containsPattern("01-n1 +echo +n/a: one thread");
        assertThat(out).containsPattern("04-gmp +echo +[0-9.]+ +[0-9] ");      // a handful of threads
        assertThat(out).contains("SCHED ");
    }

    /**
     * The CPU-hog row: only 05-async preempts a loop without calls (at a back-edge), so main
     * gets its P back long before the hogs' 200 ms are up; 05-coop asks and is never answered.
     * (This module's tests run with the preempt agent, like the tour; see the pom.)
     */
    @Test
    void theHogRowShowsPreemptionOn05AsyncOnly() {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Tour.Options o = Tour.parse(new String[]{"--stages", "04-gmp,05-coop,05-async",
                "--workloads", "hog", "--rounds", "1", "--procs", "2", "--trace", "off"});
        new Tour().run(o, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).containsPattern("04-gmp +hog +[0-9.]+ .* -\\n");
        assertThat(out).containsPattern("05-coop +hog +[0-9.]+ .* 0 \\(asked [0-9]+\\)\\n");
        assertThat(out).containsPattern("05-async +hog +[0-9.]+ .* [0-9]+\\+[1-9][0-9]*\\n");
        assertThat(out).containsPattern("hog: how long main waited.*\\n +04-gmp [0-9]+ ms, 05-coop [0-9]+ ms, 05-async [0-9]+ ms");
        assertThat(out).doesNotContain("the preempt agent is not on this JVM's command line");
    }

    /**
     * The report: one traced run per stage, each written as Chrome Trace JSON (valid, one track
     * per P) and drawn in one self-contained HTML page with one lane per P (per M without Ps).
     */
    @Test
    void theReportHasATimelinePerStage_andValidTraces() throws Exception {
        Path dir = Path.of("target", "test-report");
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Tour.Options o = Tour.parse(new String[]{"--stages", "01-n1,02-gm,04-gmp,05-async",
                "--workloads", "pingpong", "--rounds", "1", "--procs", "2", "--out", dir.toString()});
        new Tour().run(o, new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);
        assertThat(out).contains("report:  " + dir.toAbsolutePath().resolve("index.html"));
        String html = Files.readString(dir.resolve("index.html"));
        assertThat(html).doesNotContain("<script").contains("ui.perfetto.dev");
        assertThat(html).as("a headline chart per workload").contains("class=\"chart\" data-workload=\"pingpong\"");
        for (String stage : List.of("01-n1", "02-gm", "04-gmp", "05-async")) {
            assertThat(html).contains("id=\"stage-" + stage + "\"");
            String json = Files.readString(dir.resolve(stage + ".json"));
            List<JsonObject> events = TraceChecks.validChromeTrace(json);
            assertThat(events).anyMatch(e -> e.get("ph").getAsString().equals("X"));
            String svg = Files.readString(dir.resolve(stage + "-timeline.svg"));
            assertThat(svg).as("a standalone timeline per stage, with its own style and legend (the READMEs show them)")
                    .startsWith("<?xml").contains("<style>", "class=\"slice\"", "ended:", "preempted").endsWith("</svg>\n");
            javax.xml.parsers.DocumentBuilderFactory.newInstance().newDocumentBuilder()
                    .parse(new org.xml.sax.InputSource(new java.io.StringReader(svg)));     // well-formed XML
        }
        String gmp = section(html, "04-gmp");
        assertThat(gmp).contains("data-lane=\"P0\"", "data-lane=\"P1\"").doesNotContain("data-lane=\"P2\"");
        assertThat(gmp).contains("class=\"slice\"");
        assertThat(section(html, "01-n1")).contains("data-lane=\"M0\"").doesNotContain("data-lane=\"P0\"");
    }

    private static String section(String html, String stage) {
        int a = html.indexOf("id=\"stage-" + stage + "\"");
        int b = html.indexOf("</section>", a);
        return html.substring(a, b);
    }

    @Test
    void badOptionsAreRefusedWithTheValidValues() {
        assertThatThrownBy(() -> Tour.parse(new String[]{"--stages", "07-magic"}))
                .hasMessageContaining("unknown stage '07-magic'").hasMessageContaining("01-n1");
        assertThatThrownBy(() -> Tour.parse(new String[]{"--workloads", "fib"}))
                .hasMessageContaining("valid workloads: fanout,pingpong,chain,syscalls,blocked,echo,hog");
        assertThatThrownBy(() -> Tour.parse(new String[]{"--procs", "0"})).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Tour.parse(new String[]{"--rounds"})).hasMessageContaining("needs a value");
        assertThatThrownBy(() -> Tour.parse(new String[]{"--trace", "maybe"})).hasMessageContaining("on or off");
        assertThatThrownBy(() -> Tour.parse(new String[]{"--colour", "red"})).hasMessageContaining("valid options");
        assertThatThrownBy(() -> Tour.parse(new String[]{"--runq", "100"})).hasMessageContaining("power of two");
        assertThatThrownBy(() -> Tour.parse(new String[]{"--time-slice", "0"})).hasMessageContaining("at least 1");
        assertThat(Tour.parse(new String[]{"--help"})).isNull();
        assertThat(Tour.usage()).contains("--stages", "--workloads", "--procs", "--runq", "--time-slice", "--rounds", "--trace", "--out");
        Tour.Options o = Tour.parse(new String[]{"--runq", "4", "--time-slice", "50", "--procs", "1"});
        assertThat(o.config().runqCapacity()).isEqualTo(4);
        assertThat(o.config().timeSlice()).isEqualTo(java.time.Duration.ofMillis(50));
        assertThat(o.config().procs()).isEqualTo(1);
    }
}
