package gmp.core.exercises;

import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.TestPlan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * The grade of a run of exercise tests ({@code -Pgrade}, which sets {@code gmp.grade}): one row
 * per exercise with the tests passed out of those run and the first failure's message, printed
 * when the run ends and written to {@code target/grade.txt} and {@code target/grade.json} for
 * an autograder. Maven's exit code is 0 only when every test passed. Registered for every test
 * run through {@code META-INF/services}; does nothing unless {@code gmp.grade} is set.
 */
public final class GradeListener implements TestExecutionListener {

    /** The system property that turns grading on (its value is ignored). */
    public static final String PROPERTY = "gmp.grade";

    /** One exercise's tally. */
    static final class Row {
        final String title;
        int run;
        int passed;
        String firstFailure;

        Row(String title) {
            this.title = title;
        }
    }

    private final boolean on = System.getProperty(PROPERTY) != null;
    private final Map<String, Row> rows = new TreeMap<>();

    @Override
    public synchronized void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (!on || !id.isTest() || !(id.getSource().orElse(null) instanceof MethodSource ms)) {
            return;
        }
        Exercise ex = exerciseOf(ms.getClassName());
        if (ex == null) {
            return;
        }
        if (result.getStatus() == TestExecutionResult.Status.ABORTED) {
            return;         // an assumption: the test does not apply to this stage, nothing was graded
        }
        Row row = rows.computeIfAbsent(ex.id(), k -> new Row(ex.title()));
        row.run++;
        if (result.getStatus() == TestExecutionResult.Status.SUCCESSFUL) {
            row.passed++;
        } else if (row.firstFailure == null) {
            String why = result.getThrowable().map(t -> String.valueOf(t.getMessage())).orElse(result.getStatus().toString());
            row.firstFailure = simpleName(ms.getClassName()) + "." + ms.getMethodName() + ": " + firstLines(why);
        }
    }

    @Override
    public synchronized void testPlanExecutionFinished(TestPlan plan) {
        if (!on || rows.isEmpty()) {
            return;
        }
        String table = table();
        System.out.println(table);
        try {
            Path dir = Path.of("target");
            Files.createDirectories(dir);
            Files.writeString(dir.resolve("grade.txt"), table);
            Files.writeString(dir.resolve("grade.json"), json());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The rows so far, by exercise id. */
    Map<String, Row> rows() {
        return rows;
    }

    String table() {
        StringBuilder sb = new StringBuilder("\nexercise  passed   first failure\n");
        int run = 0;
        int passed = 0;
        for (var e : rows.entrySet()) {
            Row r = e.getValue();
            run += r.run;
            passed += r.passed;
            sb.append(String.format("%-8s %4d/%-4d %s%n", e.getKey(), r.passed, r.run,
                    r.firstFailure == null ? "all pass (" + r.title + ")" : r.firstFailure));
        }
        sb.append(String.format("%-8s %4d/%-4d %s%n", "total", passed, run,
                passed == run ? "every exercise passes" : (run - passed) + " test(s) to go"));
        return sb.toString();
    }

    String json() {
        StringBuilder sb = new StringBuilder("{\"exercises\": [");
        String sep = "";
        for (var e : rows.entrySet()) {
            Row r = e.getValue();
            sb.append(sep).append("\n  {\"id\": ").append(quote(e.getKey())).append(", \"title\": ").append(quote(r.title))
                    .append(", \"passed\": ").append(r.passed).append(", \"run\": ").append(r.run)
                    .append(", \"firstFailure\": ").append(r.firstFailure == null ? "null" : quote(r.firstFailure)).append('}');
            sep = ",";
        }
        return sb.append("\n]}\n").toString();
    }

    private static Exercise exerciseOf(String className) {
        try {
            return Class.forName(className, false, GradeListener.class.getClassLoader()).getAnnotation(Exercise.class);
        } catch (ClassNotFoundException e) {
            return null;
        }
    }

    private static String simpleName(String className) {
        return className.substring(className.lastIndexOf('.') + 1);
    }

    /**
     * What to do next: the message's first line after the exercise kit's header ("Exercise 4.1
     * (...), test ... on your code:"), which the table's row already says.
     */
    static String firstLines(String message) {
        return message.lines().map(String::strip).filter(l -> !l.isEmpty())
                .filter(l -> !(l.startsWith("Exercise ") && (l.endsWith("on your code:") || l.endsWith("on the solution:"))))
                .findFirst().orElse(message.strip());
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c < 0x20 ? String.format("\\u%04x", (int) c) : String.valueOf(c));
            }
        }
        return sb.append('"').toString();
    }
}
