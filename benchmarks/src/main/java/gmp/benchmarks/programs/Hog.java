package gmp.benchmarks.programs;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A goroutine body that spins until told to stop: Go's {@code for {}} hog, either without any
 * call in its loop (only a back-edge poll can stop it) or calling a function each iteration
 * (a method-entry poll can).
 */
public final class Hog implements Runnable {
    private final AtomicBoolean stop;
    private final boolean calls;
    public static volatile long sink;

    public Hog(AtomicBoolean stop, boolean calls) {
        this.stop = stop;
        this.calls = calls;
    }

    @Override
    public void run() {
        sink = calls ? spinWithCalls() : spinWithoutCalls();
    }

    private long spinWithoutCalls() {
        long x = 0;
        while (!stop.get()) {       // a JDK call, uninstrumented: no entry poll inside the loop
            x++;
        }
        return x;
    }

    private long spinWithCalls() {
        long x = 0;
        while (!stop.get()) {
            x = step(x);
        }
        return x;
    }

    private static long step(long x) {
        return x + 1;
    }
}
