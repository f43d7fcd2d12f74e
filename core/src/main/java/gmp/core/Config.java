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
 * @param stackSize    bytes of stack for each M's thread, 0 for the JVM's default ({@code -Xss}, 1 MB on
 *                     64-bit Linux). A goroutine runs on its M's stack, so this bounds how deep it can
 *                     recurse, and how deep it can still park (Go grows a goroutine's stack up to 1 GB):
 *                     see core's README
 */
public record Config(int procs, int runqCapacity, int maxThreads, Preemption preemption,
                     Duration timeSlice, boolean trace, long stackSize) {

    public static final int MAX_RUNQ_CAPACITY = 1 << 16;
    /** The smallest {@link #stackSize} other than 0 (the JVM's default): 256 KB. */
    public static final long MIN_STACK_SIZE = 256L << 10;
    /** The largest {@link #stackSize}: 1 GB, Go's maximum goroutine stack on 64-bit. */
    public static final long MAX_STACK_SIZE = 1L << 30;

    public Config {
        Objects.requireNonNull(preemption, "preemption");
        Objects.requireNonNull(timeSlice, "timeSlice");
    }

    public static Config defaults() {
        return new Config(Runtime.getRuntime().availableProcessors(), 256, 10_000,
                Preemption.STAGE_DEFAULT, Duration.ofMillis(10), false, 0);
    }

    public Config procs(int procs) {
        return new Config(procs, runqCapacity, maxThreads, preemption, timeSlice, trace, stackSize);
    }

    public Config runqCapacity(int runqCapacity) {
        return new Config(procs, runqCapacity, maxThreads, preemption, timeSlice, trace, stackSize);
    }

    public Config maxThreads(int maxThreads) {
        return new Config(procs, runqCapacity, maxThreads, preemption, timeSlice, trace, stackSize);
    }

    public Config preemption(Preemption preemption) {
        return new Config(procs, runqCapacity, maxThreads, preemption, timeSlice, trace, stackSize);
    }

    public Config timeSlice(Duration timeSlice) {
        return new Config(procs, runqCapacity, maxThreads, preemption, timeSlice, trace, stackSize);
    }

    public Config trace(boolean trace) {
        return new Config(procs, runqCapacity, maxThreads, preemption, timeSlice, trace, stackSize);
    }

    /** Each M's thread gets a stack of {@code bytes} (0: the JVM's default); see {@link #stackSize()}. */
    public Config stackSize(long bytes) {
        return new Config(procs, runqCapacity, maxThreads, preemption, timeSlice, trace, bytes);
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
        if (stackSize != 0 && (stackSize < MIN_STACK_SIZE || stackSize > MAX_STACK_SIZE)) {
            throw new IllegalArgumentException("stackSize must be 0 (the JVM's default, -Xss) or from "
                    + (MIN_STACK_SIZE >> 10) + " KB to " + (MAX_STACK_SIZE >> 20) + " MB (Go's largest goroutine stack), got "
                    + stackSize);
        }
        return this;
    }
}
