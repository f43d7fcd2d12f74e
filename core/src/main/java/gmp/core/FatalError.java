package gmp.core;

/**
 * An unrecoverable runtime failure, like Go's {@code fatal error: thread exhaustion}
 * (more Ms than {@code Config.maxThreads}, Go's {@code sched.maxmcount}).
 */
public final class FatalError extends RuntimeException {
    public FatalError(String message) {
        super("fatal error: " + message);
    }
}
