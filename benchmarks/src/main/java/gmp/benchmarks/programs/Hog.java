package gmp.benchmarks.programs;

import java.util.concurrent.atomic.AtomicBoolean;

/** A goroutine body that spins without calls until told to stop: Go's {@code for {}} hog. */
public final class Hog implements Runnable {
    private final AtomicBoolean stop;
    public static volatile long sink;

    public Hog(AtomicBoolean stop) {
        this.stop = stop;
    }

    @Override
    public void run() {
        long x = 0;
        while (!stop.get()) {       // a JDK call, uninstrumented: no entry poll inside the loop
            x++;
        }
        sink = x;
    }
}
