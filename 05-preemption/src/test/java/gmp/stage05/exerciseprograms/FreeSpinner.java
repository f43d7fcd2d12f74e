package gmp.stage05.exerciseprograms;

/**
 * {@code for {}} in Java: spins without calling any method that has a poll until
 * {@link SpinFlags#STOP} is set. The loop's only safe point is its back-edge, so only back-edge
 * polls (put there by the instrumenting class loader that loaded this copy) let 05-async stop it.
 */
public final class FreeSpinner implements Runnable {
    public static volatile long sink;

    @Override
    public void run() {
        SpinFlags.STARTED.set(true);
        long x = 0;
        while (!SpinFlags.STOP.get()) {
            x += 31;
        }
        sink = x;
    }
}
