package gmp.core;

import java.time.Duration;
import java.util.Objects;

/**
 * How to build a scheduler: an immutable value with "wither" methods,
 * {@code Config.defaults().procs(4).runqCapacity(4)}. Nothing is checked until
 * {@link Schedulers#create}, which calls {@link #validate()}: a bad value fails there,
 * with a message that says what is allowed.
 *
 * @param procs        GOMAXPROCS: how many goroutines may run Go code at once (default: CPUs)
 * @param runqCapacity slots in a local run queue (Go: 256); a power of two
 * @param maxThreads   most Ms alive at once (Go's {@code sched.maxmcount} = 10000)
 * @param preemption   how running goroutines are preempted, where the stage supports it
 * @param timeSlice    how long a goroutine may run before sysmon preempts it (Go's forcePreemptNS = 10 ms)
 * @param trace        record scheduler events (off by default)
 */
public record Config(int procs, int runqCapacity, int maxThreads, Preemption preemption,
                     Duration timeSlice, boolean trace) {

    public static final int MAX_RUNQ_CAPACITY = 1 << 16;

    public Config {
        Objects.requireNonNull(preemption, "preemption");
        Objects.requireNonNull(timeSlice, "timeSlice");
    }

    public static Config defaults() {
        return new Config(Runtime.getRuntime().availableProcessors(), 256, 10_000,
                Preemption.STAGE_DEFAULT, Duration.ofMillis(10), false);
    }

    public Config procs(int procs) {
        return new Config(procs, runqCapacity, maxThreads, preemption, timeSlice, trace);
    }

    public Config runqCapacity(int runqCapacity) {
        return new Config(procs, runqCapacity, maxThreads, preemption, timeSlice, trace);
    }

    public Config maxThreads(int maxThreads) {
        return new Config(procs, runqCapacity, maxThreads, preemption, timeSlice, trace);
    }

    public Config preemption(Preemption preemption) {
        return new Config(procs, runqCapacity, maxThreads, preemption, timeSlice, trace);
    }

    public Config timeSlice(Duration timeSlice) {
        return new Config(procs, runqCapacity, maxThreads, preemption, timeSlice, trace);
    }

    public Config trace(boolean trace) {
        return new Config(procs, runqCapacity, maxThreads, preemption, timeSlice, trace);
    }

    /** Checks every field; throws {@link IllegalArgumentException} naming the field and what is allowed. */
    public Config validate() {
        if (procs <= 0) {
            throw new IllegalArgumentException("procs (GOMAXPROCS) must be at least 1, got " + procs);
        }
        if (runqCapacity < 2 || runqCapacity > MAX_RUNQ_CAPACITY || Integer.bitCount(runqCapacity) != 1) {
            throw new IllegalArgumentException("runqCapacity must be a power of two from 2 to "
                    + MAX_RUNQ_CAPACITY + " (Go uses 256; 4 replays the scenarios), got " + runqCapacity);
        }
        if (maxThreads < 1) {
            throw new IllegalArgumentException("maxThreads must be at least 1 (Go's limit is 10000), got " + maxThreads);
        }
        if (timeSlice.isNegative() || timeSlice.isZero()) {
            throw new IllegalArgumentException("timeSlice must be positive (Go's forcePreemptNS is 10ms), got " + timeSlice);
        }
        return this;
    }
}
