package gmp.stage05.programs;

/**
 * User code for the preemption demos. The tests run this package through the preempt agent
 * ({@code include=gmp.stage05.programs.} in the module's surefire configuration), so these
 * methods have polls; the test classes themselves have none.
 */
public final class Spinner {
    /** Set from outside (the test thread or another goroutine) to end the spin. */
    public volatile boolean stop;
    /** Set once the loop has started. */
    public volatile boolean started;

    /**
     * Go's {@code for {}}: a loop whose body calls nothing (reading a field is not a call).
     * Only a back-edge poll can stop it: 05-async can, 05-coop and 04-gmp cannot.
     */
    public long spinWithoutCalls() {
        started = true;
        long x = 0;
        while (!stop) {
            x++;
        }
        return x;
    }

    /** A loop that calls a function every iteration: Go 1.2's method-entry check can stop it. */
    public long spinWithCalls() {
        started = true;
        long x = 0;
        while (!stop) {
            x = step(x);
        }
        return x;
    }

    /** Spins (back-edge polls only) until {@code stop} is set. */
    public static long spinUntil(java.util.concurrent.atomic.AtomicBoolean stop) {
        long x = 0;
        while (!stop.get()) {
            x++;
        }
        return x;
    }

    private static long step(long x) {
        return x + 1;
    }
}
