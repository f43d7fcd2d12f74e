package gmp.benchmarks.programs;

import java.util.concurrent.atomic.AtomicBoolean;

/** A hog that calls a (user) function every iteration: cooperative preemption can stop it. */
public final class HogWithCalls implements Runnable {
    private final AtomicBoolean stop;
    public static volatile long sink;

    public HogWithCalls(AtomicBoolean stop) {
        this.stop = stop;
    }

    @Override
    public void run() {
        long x = 0;
        while (!stop.get()) {
            x = step(x);
        }
        sink = x;
    }

    private static long step(long x) {
        return x + 1;
    }
}
