package gmp.stage05.exerciseprograms;

import java.util.concurrent.atomic.AtomicLong;

/** A poll that only counts its calls: the tests point the back-edge polls here to see how often they run. */
public final class CountingPoll {
    private static final AtomicLong CALLS = new AtomicLong();

    private CountingPoll() {
    }

    /** The poll. */
    public static void poll() {
        CALLS.incrementAndGet();
    }

    /** Calls so far, and reset to zero. */
    public static long takeCalls() {
        return CALLS.getAndSet(0);
    }
}
