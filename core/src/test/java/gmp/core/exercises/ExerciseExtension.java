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
public final class ExerciseExtension implements TestExecutionExceptionHandler, LifecycleMethodExecutionExceptionHandler,
        org.junit.jupiter.api.extension.InvocationInterceptor {

    /**
     * A test that passes while some of its exercise's bodies still throw "not done yet" did not
     * reach them (a kit test with no syscall in a syscall exercise, say): it fails, naming the
     * bodies left, so an untouched skeleton fails every one of its tests, and an exercise counts
     * as done only when all of its bodies are written. (A test that fails shows its own message.)
     */
    @Override
    public void interceptTestMethod(Invocation<Void> invocation,
                                    org.junit.jupiter.api.extension.ReflectiveInvocationContext<java.lang.reflect.Method> ctx,
                                    ExtensionContext context) throws Throwable {
        invocation.proceed();
        requireEveryBodyWritten(context);
    }

    @Override
    public void interceptTestTemplateMethod(Invocation<Void> invocation,
                                            org.junit.jupiter.api.extension.ReflectiveInvocationContext<java.lang.reflect.Method> ctx,
                                            ExtensionContext context) throws Throwable {
        invocation.proceed();
        requireEveryBodyWritten(context);
    }

    private static void requireEveryBodyWritten(ExtensionContext context) {
        if (Exercises.solutions()) {
            return;
        }
        Exercise ex = context.getRequiredTestClass().getAnnotation(Exercise.class);
        java.util.List<String> left = Exercises.unwrittenBodies(ex.id());
        if (!left.isEmpty()) {
            throw new ExerciseNotDone(ex.id(), "this test passed without reaching " + String.join(", ", left)
                    + ", which still throw" + (left.size() == 1 ? "s" : "") + " \"not done yet\": the exercise counts when every body is written");
        }
    }

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
        String notDoneMessage = notDone != null ? notDone.getMessage() : quotedNotDone(thrown);
        if (notDoneMessage != null) {
            throw new AssertionError(header + "\n  " + notDoneMessage + "\n  " + STILL_THROWS, thrown);
        }
        throw new AssertionError(header + "\n  " + thrown, thrown);
    }

    /** What every failure caused by an unwritten body ends with (the skeleton check looks for it). */
    public static final String STILL_THROWS = "(that body of the skeleton still throws: write it, then run this test again)";

    private static final java.util.regex.Pattern QUOTED = java.util.regex.Pattern.compile(
            java.util.regex.Pattern.quote(ExerciseNotDone.class.getName()) + ": (exercise \\S+ not done yet: [^\\n]*)");

    /**
     * The "not done yet" message of an ExerciseNotDone that a test's assertion only quotes (e.g.
     * AssertJ's "Expecting actual throwable to be an instance of: ... but was: ExerciseNotDone:
     * exercise 4.1 not done yet: ..."), which carries it in its text, not as a cause; or null.
     */
    static String quotedNotDone(Throwable t) {
        for (Throwable x = t; x != null; x = x.getCause()) {
            String m = x.getMessage();
            java.util.regex.Matcher q = m == null ? null : QUOTED.matcher(m);
            if (q != null && q.find()) {
                return q.group(1);
            }
        }
        return null;
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
