package gmp.core.spi;

/**
 * What an exercise skeleton's bodies throw until the learner writes them: "exercise 4.1 not
 * done yet: runqput: ...". The exercise tests recognise it anywhere in a failure's causes
 * (a goroutine's panic, a crashed M) and report it as the first thing to do.
 */
public final class ExerciseNotDone extends RuntimeException {

    /** The exercise's number, e.g. "4.1". */
    private final String exercise;

    public ExerciseNotDone(String exercise, String whatToDo) {
        super("exercise " + exercise + " not done yet: " + whatToDo);
        this.exercise = exercise;
    }

    public String exercise() {
        return exercise;
    }
}
