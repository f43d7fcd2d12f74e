package gmp.core.exercises;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.TimeUnit;

/**
 * Marks a test class as one of exercise {@link #id()}'s checks. It tags the class
 * {@code exercise} (left out of the default build; {@code -Pexercises} runs only these),
 * installs {@link ExerciseExtension} (failures say which exercise, and "not done yet" comes
 * first), and bounds every test at ten minutes in a thread of its own, so a learner's
 * scheduler that hangs fails instead of stalling the build. The bound is for a hang, not for
 * the work: on a busy 2-CPU machine (load 9-16) Lincheck's stress mode took over 2 minutes and
 * the contract kit's hot-loop test on 1:1 threads 107 s, where an idle machine needs seconds.
 *
 * <p>An exercise test class extends the stage's own reference test and overrides only the
 * factory, so the learner's code is held to exactly what the reference is held to. It gets
 * the learner's class from {@link Exercises#create}.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Inherited
@Tag("exercise")
@ExtendWith(ExerciseExtension.class)
@Timeout(value = 10, unit = TimeUnit.MINUTES, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
public @interface Exercise {

    /** The exercise's number, "stage.n": "4.1". */
    String id();

    /** What the exercise is, in a few words: "the lock-free ring". */
    String title();
}
