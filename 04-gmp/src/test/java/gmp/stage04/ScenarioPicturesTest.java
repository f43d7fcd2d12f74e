package gmp.stage04;

import gmp.core.Config;
import gmp.core.spi.G;
import gmp.stage04.ScenarioPage.Run;
import gmp.stage04.ScenarioPage.Scenario;
import gmp.stage04.ScenarioRecorder.Frame;
import gmp.stage04.ScenarioRecorder.Move;
import gmp.stage04.ScenarioRecorder.State;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The scenario pictures: every test of {@link SeedScenariosTest} is run as JUnit would run it
 * (set up, the test with all its assertions, tear down) while its recorder keeps the state after
 * each step; the page ({@link ScenarioPage}) draws those states. So a picture is the state the
 * test's assertions read, and a picture of a run that failed stops where the test failed.
 *
 * <p>{@code ./mvnw -pl 04-gmp test -Dtest=ScenarioPicturesTest} writes
 * {@code 04-gmp/target/scenarios/index.html}: the reference, and beside it your ring (exercises
 * 4.1/4.2) and your handoffp (4.4) replaying the same steps. {@code -Dgmp.scenarios.docs=true}
 * also writes the reference pages into {@code docs/scenarios/} (the committed copy).
 */
class ScenarioPicturesTest {

    static final String RING = "your ring (exercises 4.1/4.2)";
    static final String HANDOFFP = "your handoffp (exercise 4.4)";

    @Test
    void everyScenarioIsDrawnStepByStep_fromTheStatesItsTestAsserted() throws Exception {
        List<Scenario> scenarios = replay(Map.of(RING, Ex42SeedScenariosTest::new, HANDOFFP, Ex44SeedScenariosTest::new));

        assertThat(scenarios.stream().map(Scenario::number).distinct())
                .as("the ten scenarios of the article").containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        for (Scenario s : scenarios) {
            assertThat(s.reference().failure()).as("%s ran to its end on 04-gmp", s.method()).isNull();
            assertThat(s.reference().frames()).as("%s: the state before it and at least one step", s.method()).hasSizeGreaterThan(1);
        }
        // Spot checks against what the tests assert, in the pictures' terms.
        State overflow = last(find(scenarios, "scenario4_overflowMovesHalfPlusOneToTheGlobalQueue"));
        assertThat(overflow.global()).containsExactly("G3", "G4", "G7");
        assertThat(overflow.p("P1").ring()).containsExactly("G5", "G6");
        assertThat(overflow.p("P1").runnext()).isEqualTo("G8");
        assertThat(moves(find(scenarios, "scenario4_overflowMovesHalfPlusOneToTheGlobalQueue"), "overflow"))
                .as("the overflow arrows").containsExactly("G3", "G4", "G7");
        assertThat(moves(find(scenarios, "scenario8_stealingHalf"), "steal")).as("M2 steals G5 from P1").containsExactly("G5");
        assertThat(moves(find(scenarios, "scenario9_spinningMsFindNothingThenSleep"), "steal"))
                .as("M3 steals G6, M4 steals P1's runnext G8").containsExactly("G6", "G8");
        assertThat(find(scenarios, "scenario10_syscallWithWorkHandsThePOff").reference().frames().stream().skip(1)
                .flatMap(f -> f.pMoves().stream()).map(m -> m.p() + ":" + m.from() + ">" + m.to()))
                .as("M4 lets go of P4 in its syscall; handoffp gives P4 to M5").contains("P4:M4>null", "P4:null>M5");

        String html = ScenarioPage.html(scenarios, "../../src/test/java");
        int frames = scenarios.stream().mapToInt(s -> s.reference().frames().size()).sum();
        assertThat(count(html, "<div class=\"step\"")).as("one step per recorded frame").isEqualTo(frames);
        assertThat(count(html, "<figure class=\"ref\">")).isEqualTo(frames);
        assertThat(count(html, "lang=\"zh\">")).as("a Chinese caption per step").isGreaterThanOrEqualTo(frames);
        assertThat(html).as("self-contained: nothing loaded from elsewhere").doesNotContain("<script src", "<link", "<img")
                .contains("SeedScenariosTest#scenario10_");

        Path page = ScenarioPage.write(Path.of("target", "scenarios"), scenarios, "../../src/test/java");
        System.out.println("Scenario pictures: " + page.toAbsolutePath().toUri() + " (" + frames + " steps)");
        if (Boolean.getBoolean("gmp.scenarios.docs")) {
            List<Scenario> reference = scenarios.stream()
                    .map(s -> new Scenario(s.number(), s.method(), s.title(), s.reference(), Map.of())).toList();
            Path docs = ScenarioPage.write(Path.of("..", "docs", "scenarios"), reference, "../../04-gmp/src/test/java");
            System.out.println("Committed copy: " + docs.toAbsolutePath().normalize());
        }
    }

    @Test
    void aWrongAnswerIsDrawnBesideTheReference_upToWhereItsTestFails() throws Exception {
        // a ring that forgets runnext: every new G joins the tail (the article's picture, not Go's)
        List<Scenario> scenarios = replay(Map.of("no runnext", ScenarioPicturesTest::forgetsRunnext));
        Scenario one = find(scenarios, "scenario1_newGoroutineGoesToTheCreatorsP");
        Run wrong = one.yours().get("no runnext");
        assertThat(wrong.failure()).as("its test fails").contains("G2");
        assertThat(wrong.frames()).as("the step that went wrong is still drawn").hasSize(2);
        assertThat(wrong.frames().get(1).state().p("P1").ring()).containsExactly("G2");
        assertThat(one.reference().frames().get(1).state().p("P1").runnext()).isEqualTo("G2");

        String html = ScenarioPage.html(scenarios, "../../src/test/java");
        assertThat(html).contains("differs from the reference here").contains("stopped before this step");
    }

    /** The scenario tests on 04-gmp with a ring that forgets runnext. */
    static SeedScenariosTest forgetsRunnext() {
        return new SeedScenariosTest() {
            @Override
            protected GMPScheduler paper(Config config) {
                return PaperMs.paper(() -> new GMPScheduler(config.validate(), ForgetsRunnext::new));
            }
        };
    }

    /** Runs every scenario test on 04-gmp and on each of {@code yours}, keeping each run's frames. */
    static List<Scenario> replay(Map<String, Supplier<SeedScenariosTest>> yours) throws Exception {
        List<Method> tests = new ArrayList<>();
        for (Method m : SeedScenariosTest.class.getDeclaredMethods()) {
            if (m.isAnnotationPresent(Test.class)) {
                tests.add(m);
            }
        }
        tests.sort(Comparator.comparingInt(ScenarioPicturesTest::number).thenComparing(Method::getName));
        List<Scenario> out = new ArrayList<>();
        for (Method m : tests) {
            Map<String, Run> theirs = new LinkedHashMap<>();
            yours.entrySet().stream().sorted(Map.Entry.comparingByKey())
                    .forEach(e -> theirs.put(e.getKey(), run(e.getValue(), m)));
            out.add(new Scenario(number(m), m.getName(), m.getAnnotation(DisplayName.class).value(),
                    run(SeedScenariosTest::new, m), theirs));
        }
        return out;
    }

    /** One scenario test, as JUnit runs it: the frames of its own scenario, after the state before it. */
    static Run run(Supplier<SeedScenariosTest> make, Method test) {
        SeedScenariosTest t = make.get();
        String failure = null;
        try {
            t.setUp();
            test.invoke(t);
        } catch (InvocationTargetException e) {
            failure = e.getCause().toString();
        } catch (Throwable e) {
            failure = e.toString();
        } finally {
            try {
                t.tearDown();
            } catch (RuntimeException e) {
                // setUp failed before the scheduler existed
            }
        }
        int n = number(test);
        List<Frame> all = t.recorder.frames();
        List<Frame> frames = new ArrayList<>();
        all.stream().filter(f -> f.scene() < n).reduce((a, b) -> b).ifPresent(frames::add);
        all.stream().filter(f -> f.scene() == n).forEach(frames::add);
        return new Run(frames, failure);
    }

    private static int number(Method m) {
        String name = m.getAnnotation(DisplayName.class).value();
        return Integer.parseInt(name.substring(0, name.indexOf(':')));
    }

    private static Scenario find(List<Scenario> all, String method) {
        return all.stream().filter(s -> s.method().equals(method)).findFirst().orElseThrow();
    }

    private static State last(Scenario s) {
        return s.reference().frames().getLast().state();
    }

    private static List<String> moves(Scenario s, String kind) {
        return s.reference().frames().stream().skip(1).flatMap(f -> f.moves().stream())
                .filter(m -> m.kind().equals(kind)).map(Move::g).toList();
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    /** 04's ring with one mistake: {@code runqput} ignores {@code next}, so runnext stays empty. */
    static final class ForgetsRunnext implements LocalRunQueue {
        private final Runq ring;

        ForgetsRunnext(int capacity, BooleanSupplier ownerRunning) {
            ring = new Runq(capacity, ownerRunning);
        }

        @Override
        public void runqput(G g, boolean next, Overflow overflow) {
            ring.runqput(g, false, overflow);
        }

        @Override
        public G runqget() {
            return ring.runqget();
        }

        @Override
        public boolean inheritTime() {
            return ring.inheritTime();
        }

        @Override
        public int runqgrab(G[] batch, int batchHead, boolean stealRunNext) {
            return ring.runqgrab(batch, batchHead, stealRunNext);
        }

        @Override
        public G runqsteal(LocalRunQueue victim, boolean stealRunNext) {
            return ring.runqsteal(victim instanceof ForgetsRunnext f ? f.ring : victim, stealRunNext);
        }

        @Override
        public boolean runqempty() {
            return ring.runqempty();
        }

        @Override
        public int runqsize() {
            return ring.runqsize();
        }

        @Override
        public int capacity() {
            return ring.capacity();
        }

        @Override
        public G runnextPeek() {
            return ring.runnextPeek();
        }

        @Override
        public List<G> runqSnapshot() {
            return ring.runqSnapshot();
        }
    }
}
