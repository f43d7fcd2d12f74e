package gmp.stage05.exerciseprograms;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The flags a {@link FreeSpinner} reads. A class of its own, outside the instrumenting loader's
 * scope, so the instrumented copy of the spinner and the test share them.
 */
public final class SpinFlags {
    public static final AtomicBoolean STOP = new AtomicBoolean();
    public static final AtomicBoolean STARTED = new AtomicBoolean();

    private SpinFlags() {
    }
}
