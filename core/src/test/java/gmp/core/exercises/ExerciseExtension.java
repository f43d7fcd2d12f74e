package gmp.core.exercises;

import gmp.core.spi.ExerciseNotDone;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.LifecycleMethodExecutionExceptionHandler;
import org.junit.jupiter.api.extension.TestExecutionExceptionHandler;
import org.opentest4j.TestAbortedException;

import java.util.HashSet;
import java.util.Set;

/**
 * Turns an exercise test's failure into a message that starts with what the learner should
 * do next. If an unwritten body threw {@link ExerciseNotDone} anywhere underneath (in the test
 * thread, in a goroutine, in a crashed M), that comes first; any other failure is prefixed with
 * the exercise, the test that failed, and which code was checked.
 */
public final class ExerciseExtension implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler {

    @Override
    public void handleBeforeEachMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        handleTestExecutionException(context, thrown);      // a test's setUp already runs the learner's code
    }

    @Override
    public void handleAfterEachMethodExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        handleTestExecutionException(context, thrown);
    }

    @Override
    public void handleTestExecutionException(ExtensionContext context, Throwable thrown) throws Throwable {
        if (thrown instanceof TestAbortedException) {
            throw thrown;       // an assumption: the test does not apply, nothing failed
        }
        Exercise ex = context.getRequiredTestClass().getAnnotation(Exercise.class);
        String header = "Exercise " + ex.id() + " (" + ex.title() + "), test \"" + context.getDisplayName()
                + "\" on " + (Exercises.solutions() ? "the solution" : "your code") + ":";
        ExerciseNotDone notDone = find(thrown);
        if (notDone != null) {
            throw new AssertionError(header + "\n  " + notDone.getMessage()
                    + "\n  (that body of the skeleton still throws: write it, then run this test again)", thrown);
        }
        throw new AssertionError(header + "\n  " + thrown, thrown);
    }

    /** The first ExerciseNotDone among {@code t}, its causes and their suppressed exceptions. */
    static ExerciseNotDone find(Throwable t) {
        Set<Throwable> seen = new HashSet<>();
        java.util.ArrayDeque<Throwable> todo = new java.util.ArrayDeque<>();
        todo.add(t);
        while (!todo.isEmpty()) {
            Throwable x = todo.poll();
            if (!seen.add(x)) {
                continue;
            }
            if (x instanceof ExerciseNotDone n) {
                return n;
            }
            if (x.getCause() != null) {
                todo.add(x.getCause());
            }
            for (Throwable s : x.getSuppressed()) {
                todo.add(s);
            }
        }
        return null;
    }
}
