package gmp.stage05.programs;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A class whose static initialiser spins in an instrumented method: the goroutine that first
 * touches it has a {@code <clinit>} frame on its stack, so it cannot leave its thread, and a
 * preemption request reaching its back-edge poll is refused. Used once per JVM.
 */
public final class ClinitHog {
    /** Lives outside {@link ClinitHog}, so setting it does not initialise the class. */
    public static final class Stop {
        public static final AtomicBoolean FLAG = new AtomicBoolean();
        /** Set by the initialiser before it spins: from then on its goroutine is pinned. */
        public static final AtomicBoolean INSIDE = new AtomicBoolean();
    }

    static final long SPUN = spinInside();

    private static long spinInside() {
        Stop.INSIDE.set(true);
        return Spinner.spinUntil(Stop.FLAG);
    }

    private ClinitHog() {
    }

    /** Touching the class runs its initialiser (on the calling goroutine). */
    public static long touch() {
        return SPUN;
    }
}
