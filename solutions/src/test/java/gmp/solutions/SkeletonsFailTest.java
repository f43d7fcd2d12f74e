package gmp.solutions;

import gmp.core.exercises.Exercise;
import gmp.core.exercises.Exercises;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.ClassSource;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;
import org.junit.platform.launcher.core.LauncherFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectPackage;
import static org.junit.platform.launcher.TagFilter.includeTags;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * An exercise whose tests pass on its untouched skeleton is a bug: it checks nothing. So every
 * exercise found on the class path (every class annotated {@link Exercise}, from every stage's
 * test-jar) is run here against the skeletons, exactly as a learner who has written nothing
 * would run it ({@code -Pexercises}), and each must fail: at least one of its tests, and every
 * failure for the right reason, "exercise N.M not done yet" (a test that fails on a skeleton
 * for any other reason would fail the learner for a reason that is not theirs).
 *
 * <p>Runs in its own surefire execution with {@code -Dgmp.exercises=skeletons}; the solutions
 * themselves pass the same tests in the default execution. Every exercise must also have its
 * section in this module's README.
 */
@Tag("skeleton-check")
class SkeletonsFailTest {

    /** What one exercise's run on its skeleton did. */
    record Outcome(int tests, int failed, List<String> wrongReasons) {
    }

    /** Runs every exercise's tests (each bounded by its own timeout): longer than the default 300 s. */
    @Test
    @Timeout(value = 20, unit = java.util.concurrent.TimeUnit.MINUTES)
    void everyExerciseFailsOnItsUntouchedSkeleton_andOnlyBecauseItIsNotDone() throws IOException {
        assertThat(Exercises.solutions()).as("this check must run with -D%s=skeletons", Exercises.PROPERTY).isFalse();
        Launcher launcher = LauncherFactory.create();
        TestPlan plan = launcher.discover(request().selectors(selectPackage("gmp")).filters(includeTags("exercise")).build());
        Map<String, List<Class<?>>> byExercise = new TreeMap<>();
        for (TestIdentifier root : plan.getRoots()) {
            for (TestIdentifier t : plan.getDescendants(root)) {
                if (t.getSource().orElse(null) instanceof ClassSource cs) {
                    Exercise ex = cs.getJavaClass().getAnnotation(Exercise.class);
                    if (ex != null) {
                        byExercise.computeIfAbsent(ex.id(), k -> new ArrayList<>()).add(cs.getJavaClass());
                    }
                }
            }
        }
        assertThat(byExercise).as("exercises found on the class path").isNotEmpty();

        Map<String, Outcome> outcomes = new TreeMap<>();
        for (var e : byExercise.entrySet()) {
            outcomes.put(e.getKey(), runOnSkeleton(launcher, e.getValue()));
        }
        System.out.println("exercise  test classes  tests  failed on the skeleton");
        byExercise.forEach((id, classes) -> {
            Outcome o = outcomes.get(id);
            System.out.printf("%-9s %12d %6d %7d%s%n", id, classes.size(), o.tests(), o.failed(),
                    o.wrongReasons().isEmpty() ? "" : "   " + o.wrongReasons().size() + " for another reason");
        });
        for (var e : outcomes.entrySet()) {
            Outcome o = e.getValue();
            assertThat(o.tests()).as("exercise %s runs some tests", e.getKey()).isPositive();
            assertThat(o.failed()).as("exercise %s: every one of its tests must fail on its untouched skeleton (%s)", e.getKey(),
                    byExercise.get(e.getKey())).isPositive().isEqualTo(o.tests());
            assertThat(o.wrongReasons()).as("exercise %s: failures on the skeleton that are not its \"not done yet\"",
                    e.getKey()).isEmpty();
        }
        assertThat(byExercise.keySet()).as("every exercise has its section in solutions/README.md, and every section an exercise")
                .containsExactlyElementsOf(documentedExercises());
    }

    private static Outcome runOnSkeleton(Launcher launcher, List<Class<?>> classes) {
        AtomicInteger tests = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        ConcurrentLinkedQueue<String> wrong = new ConcurrentLinkedQueue<>();
        TestExecutionListener listener = new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest() && result.getStatus() != TestExecutionResult.Status.ABORTED) {
                    tests.incrementAndGet();        // a test that ran (one whose assumption failed did not apply)
                }
                if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                    if (id.isTest()) {
                        failed.incrementAndGet();
                    }
                    String why = result.getThrowable().map(Throwable::toString).orElse("(no exception)");
                    if (!result.getThrowable().map(SkeletonsFailTest::saysNotDoneYet).orElse(false)) {
                        wrong.add(id.getLegacyReportingName() + ": " + String.join("\n", why.lines().limit(12).toList()));
                    }
                }
            }
        };
        launcher.execute(request().selectors(classes.stream().map(c -> selectClass(c)).toList()).build(), listener);
        return new Outcome(tests.get(), failed.get(), List.copyOf(wrong));
    }

    /**
     * Whether a failure is reported as the skeleton's own "exercise N.M not done yet", in the
     * clean form a learner who has written nothing should read (the exercise, the test, the body
     * to write, "that body of the skeleton still throws"), not as a raw assertion that merely
     * quotes it ("Expecting actual throwable to be an instance of: GoroutinePanic but was:
     * ExerciseNotDone...").
     */
    static boolean saysNotDoneYet(Throwable t) {
        String m = t.getMessage();
        return m != null && m.contains("not done yet") && m.contains(gmp.core.exercises.ExerciseExtension.STILL_THROWS);
    }

    /** The exercise numbers of solutions/README.md's "### 4.1 ..." headings that are code exercises. */
    static Set<String> documentedExercises() throws IOException {
        Set<String> ids = new TreeSet<>();
        Matcher m = Pattern.compile("(?m)^### (\\d\\.\\d+) .*\\(code\\)\\s*$").matcher(Files.readString(Path.of("README.md")));
        while (m.find()) {
            ids.add(m.group(1));
        }
        return ids;
    }
}
