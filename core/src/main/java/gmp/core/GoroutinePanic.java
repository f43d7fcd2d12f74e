package gmp.core;

/**
 * A goroutine's uncaught exception. As in Go, where an unrecovered panic in any goroutine
 * ends the whole program, it ends {@link Scheduler#run}; the cause is what the goroutine threw.
 */
public final class GoroutinePanic extends RuntimeException {
    private final long goroutineId;

    public GoroutinePanic(long goroutineId, Throwable cause) {
        super("panic in goroutine " + goroutineId + ": " + cause, cause);
        this.goroutineId = goroutineId;
    }

    public long goroutineId() {
        return goroutineId;
    }
}
