package gmp.stage04;

import gmp.core.browser.Chromium;
import gmp.stage04.ScenarioPage.Scenario;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenario page as a reader uses it, in a real headless Chromium: the page's own keyboard
 * handler steps through all ten scenarios ({@code #selftest} presses → from the first step of
 * the first scenario to the last step of the last, and writes what was shown after each press),
 * and a few frames are saved as PNG under {@code target/scenarios/frames/} (with
 * {@code -Dgmp.scenarios.docs=true}, into {@code docs/scenarios/} too). Skipped, saying why,
 * where no Chromium can be found; it never passes without a browser.
 */
class ScenarioPageInBrowserTest {

    /** Frames for the READMEs: a scenario test, and words of the caption of the step shown. */
    record Shot(String method, String caption, String file) {
    }

    static final List<Shot> SHOTS = List.of(
            new Shot("scenario4_overflowMovesHalfPlusOneToTheGlobalQueue", "runqputslow moves", "scenario-4-overflow.png"),
            new Shot("scenario8_stealingHalf", "steals half", "scenario-8-steal.png"),
            new Shot("scenario10_syscallWithWorkHandsThePOff", "handoffp starts an M", "scenario-10-handoff.png"),
            new Shot("scenario1_newGoroutineGoesToTheCreatorsP", "go G2()", "scenario-1-wrong-ring-beside-the-reference.png"));

    @Test
    void stepsThroughAllTenScenariosWithTheKeyboard_andSavesFrames() throws Exception {
        Chromium chromium = Chromium.find(Path.of("target", "chromium-profile"));
        Assumptions.assumeTrue(chromium != null, Chromium.MISSING);

        // beside the reference, a wrong ring (it forgets runnext), as a learner's would be shown
        List<Scenario> scenarios = ScenarioPicturesTest.replay(Map.of("no runnext", ScenarioPicturesTest::forgetsRunnext));
        Path dir = Path.of("target", "scenarios-browser").toAbsolutePath();
        Path page = ScenarioPage.write(dir, scenarios, "../../src/test/java");

        Chromium.Result dom = chromium.run("--virtual-time-budget=10000", "--dump-dom", page.toUri() + "#selftest");
        assertThat(dom.err()).doesNotContainIgnoringCase("Uncaught").doesNotContain("SyntaxError");
        Matcher m = Pattern.compile("<pre id=\"selftest\">([^<]*)</pre>").matcher(dom.out());
        assertThat(m.find()).as("the page's self test ran (stderr: %s)", dom.err()).isTrue();
        List<String> lines = m.group(1).lines().toList();
        assertThat(lines).as("one line per scenario test, and the comparison").hasSize(scenarios.size() + 1);
        assertThat(lines.getLast()).as("choosing a learner's run shows it beside the reference")
                .isEqualTo("compare no runnext shown=1");
        for (int i = 0; i < scenarios.size(); i++) {
            Scenario s = scenarios.get(i);
            int n = s.reference().frames().size();
            List<String> steps = new ArrayList<>();
            for (int j = 1; j <= n; j++) {
                steps.add(String.valueOf(j));
            }
            String then = i + 1 < scenarios.size() ? scenarios.get(i + 1).method() : s.method();
            assertThat(lines.get(i)).as("→ shows each step of %s once, in order, then the next scenario", s.method())
                    .isEqualTo(s.method() + " steps=" + n + " seen=" + String.join(",", steps) + " then=" + then);
        }

        Path frames = Path.of("target", "scenarios", "frames").toAbsolutePath();
        Files.createDirectories(frames);
        for (Shot shot : SHOTS) {
            int index = scenarios.indexOf(scenarios.stream().filter(s -> s.method().equals(shot.method())).findFirst().orElseThrow());
            int step = step(scenarios.get(index), shot.caption());
            Path png = frames.resolve(shot.file());
            Files.deleteIfExists(png);
            Chromium.Result r = chromium.run("--screenshot=" + png, shot.file().contains("beside") ? "--window-size=1400,560" : "--window-size=1000,660",
                    page.toUri() + "#s=" + (index + 1) + "&step=" + step + "&only"
                            + (shot.file().contains("beside") ? "&compare=1" : ""));
            assertThat(png).as("Chromium saved %s (stderr: %s)", shot.file(), r.err()).exists();
            assertThat(Files.size(png)).isGreaterThan(10_000);
            if (Boolean.getBoolean("gmp.scenarios.docs")) {
                Path docs = Path.of("..", "docs", "scenarios");
                Files.createDirectories(docs);
                Files.copy(png, docs.resolve(shot.file()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    /** The first step (1-based, as the page counts) whose caption says {@code words}. */
    private static int step(Scenario s, String words) {
        var frames = s.reference().frames();
        for (int i = 1; i < frames.size(); i++) {
            if (frames.get(i).en().contains(words)) {
                return i + 1;
            }
        }
        throw new AssertionError("no step of " + s.method() + " says '" + words + "'");
    }
}
