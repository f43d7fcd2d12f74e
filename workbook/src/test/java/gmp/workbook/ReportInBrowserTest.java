package gmp.workbook;

import gmp.core.browser.Chromium;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The tour's HTML report as a reader sees it: opened in a real headless Chromium (Debian's
 * {@code chromium}, which {@code .ci/run} installs when it is missing), with a screenshot
 * saved to {@code target/report-screenshot.png}, and the DOM Chromium built checked: one lane
 * per P in each stage's timeline, goroutine slices in every lane set, no script errors. Where
 * no Chromium can be found the test says so and is skipped; it never passes without a browser.
 */
class ReportInBrowserTest {

    @Test
    void theReportRendersInChromiumWithOneLanePerP() throws Exception {
        Chromium chromium = Chromium.find(Path.of("target", "chromium-profile"));
        Assumptions.assumeTrue(chromium != null, Chromium.MISSING);

        Path dir = Path.of("target", "browser-report").toAbsolutePath();
        Tour.Options o = Tour.parse(new String[]{"--stages", "01-n1,03-perm,04-gmp,05-async", "--workloads", "pingpong",
                "--rounds", "1", "--procs", "2", "--out", dir.toString()});
        new Tour().run(o, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String url = dir.resolve("index.html").toUri().toString();

        Path shot = Path.of("target", "report-screenshot.png").toAbsolutePath();
        Files.deleteIfExists(shot);
        Chromium.Result screenshot = chromium.run("--screenshot=" + shot, "--window-size=1200,2400", url);
        assertThat(shot).as("Chromium wrote a screenshot (stderr: %s)", screenshot.err()).exists();
        assertThat(Files.size(shot)).isGreaterThan(10_000);

        Chromium.Result dom = chromium.run("--dump-dom", url);
        assertThat(dom.out()).as("the DOM Chromium built (stderr: %s)", dom.err()).contains("<svg");
        assertThat(dom.err()).doesNotContainIgnoringCase("Uncaught").doesNotContain("SyntaxError");
        assertThat(dom.out()).as("the headline chart").contains("data-workload=\"pingpong\"");
        assertThat(dom.out()).as("a link to the ten scenarios as pictures, copied beside the report")
                .contains("href=\"scenarios.html\"");
        assertThat(dir.resolve("scenarios.html")).content().contains("SeedScenariosTest#scenario1_");
        assertThat(count(dom.out(), "class=\"timeline shared\"")).as("every stage on one shared time axis").isEqualTo(4);
        for (String stage : List.of("01-n1", "03-perm", "04-gmp", "05-async")) {
            String section = section(dom.out(), stage);
            assertThat(section).as("a slice in %s's timeline", stage).contains("class=\"slice\"");
            assertThat(section).as("%s's caption: what to look for", stage).contains("class=\"caption\"").contains("Look for");
            assertThat(section).as("%s's phases, each in a panel of its own", stage).contains("class=\"panel\"")
                    .contains("data-phase=\"ping-pong\"").contains("data-phase=\"hogs\"");
            if (stage.equals("04-gmp")) {
                // the traced program's "steal" phase keeps main's P busy until another P has stolen
                assertThat(count(section, "class=\"steal\"")).as("steal arrows on 04-gmp's timeline").isPositive();
            }
            if (stage.startsWith("04") || stage.startsWith("05")) {
                assertThat(lanes(section)).as("lanes of %s", stage).containsExactly("P0", "P1");
            } else {
                assertThat(lanes(section)).as("lanes of %s (no Ps: one per M)", stage).isNotEmpty()
                        .allMatch(l -> l.startsWith("M"));
            }
        }
    }

    private static String section(String html, String stage) {
        int a = html.indexOf("id=\"stage-" + stage + "\"");
        assertThat(a).as("a section for %s", stage).isNotNegative();
        return html.substring(a, html.indexOf("</section>", a));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** The lanes of the section's first timeline (the whole run; the panels repeat them). */
    private static List<String> lanes(String section) {
        int a = section.indexOf("<svg");
        String first = a < 0 ? "" : section.substring(a, section.indexOf("</svg>", a));
        List<String> lanes = new ArrayList<>();
        Matcher m = Pattern.compile("data-lane=\"([^\"]+)\"").matcher(first);
        while (m.find()) {
            lanes.add(m.group(1));
        }
        return lanes;
    }
}
