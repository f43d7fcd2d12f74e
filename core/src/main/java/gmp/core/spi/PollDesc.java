package gmp.core.spi;

/**
 * Go's {@code pollDesc}: one per socket a goroutine may wait on, owned by its connection or
 * listener from creation to close. Records who waits to read ({@link #rg}) and to write
 * ({@link #wg}), and whether the socket is {@link #closing}. The stage's poller keeps its
 * registration in {@link #key}.
 *
 * <p>Invariants: every field but {@code closing} is read and written under this object's
 * monitor. Once {@code closing} is set (under the monitor, by the closer, before the channel
 * is closed) no G may park on it again, so a close can never strand a parked G: a closer
 * takes the waiters that are there, and a later waiter sees {@code closing} and does not park.
 */
public final class PollDesc {
    public G rg;
    public G wg;
    public Object key;
    public volatile boolean closing;
}
