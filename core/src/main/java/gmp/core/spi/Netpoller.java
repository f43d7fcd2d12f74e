package gmp.core.spi;

import java.nio.channels.SelectableChannel;

/**
 * A stage's network poller (Go 1.1+'s netpoll), as core sees it: the two calls a goroutine's
 * socket operations make ({@code GoNet}, {@code GoConn}, {@code GoListener}). A stage that has
 * one returns it from {@link AbstractScheduler#netpoller()}; without one, every socket call is
 * a blocking system call that holds its M's thread.
 *
 * <p>Invariant: a G parked in {@link #pollWait} is readied exactly once, when the channel is
 * ready or when {@link #pollClose} wakes it; until then it counts as a pending wake-up of its
 * run, so a program waiting only on the network is not reported as deadlocked.
 */
public interface Netpoller {

    /**
     * Parks {@code g}, the current goroutine, until {@code ch} is ready for {@code ops} (Go's
     * {@code poll_runtime_pollWait} -> {@code netpollblock}).
     */
    void pollWait(G g, SelectableChannel ch, int ops, PollDesc pd);

    /**
     * {@code pd}'s socket is about to be closed: mark it closing and wake the Gs parked on it
     * (Go's {@code poll_runtime_pollUnblock}). Called before the channel is closed.
     */
    void pollClose(PollDesc pd);
}
