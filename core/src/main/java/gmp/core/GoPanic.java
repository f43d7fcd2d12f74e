package gmp.core;

/**
 * A runtime panic raised inside a goroutine by the workbook's Go semantics, with Go's own
 * message: "send on closed channel", "close of closed channel",
 * "sync: negative WaitGroup counter", "sync: unlock of unlocked mutex".
 * Uncaught, it ends the run as the cause of a {@link GoroutinePanic}.
 */
public final class GoPanic extends RuntimeException {
    public GoPanic(String message) {
        super(message);
    }
}
