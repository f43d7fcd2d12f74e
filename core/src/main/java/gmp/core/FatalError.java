package gmp.core;

/**
 * An unrecoverable runtime failure, like Go's {@code fatal error: thread exhaustion}
 * (more Ms than {@code Config.maxThreads}, Go's {@code sched.maxmcount}), or a scheduler
 * whose own loop threw (a bug in the stage, or an unfinished exercise: Go would crash).
 */
public final class FatalError extends RuntimeException {
    public FatalError(String message) {
        super("fatal error: " + message);
    }

    public FatalError(String message, Throwable cause) {
        super("fatal error: " + message, cause);
    }
}
