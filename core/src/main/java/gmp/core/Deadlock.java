package gmp.core;

/**
 * Every goroutine is blocked and nothing (a timer, a system call, the network poller) can
 * ever wake one: Go's {@code checkdead} "fatal error: all goroutines are asleep - deadlock!".
 */
public final class Deadlock extends RuntimeException {
    public static final String GO_MESSAGE = "all goroutines are asleep - deadlock!";

    public Deadlock(String detail) {
        super("fatal error: " + GO_MESSAGE + (detail == null || detail.isEmpty() ? "" : "\n\n" + detail));
    }
}
