package gmp.core;

import gmp.core.spi.GoRuntime;
import gmp.core.spi.AbstractScheduler;
import gmp.core.spi.PollDesc;

import java.io.IOException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * A listening socket from {@link GoNet#listen}: Go's {@code net.Listener}.
 * {@link #accept()} parks the goroutine (poller stages) or blocks its M (the others).
 */
public final class GoListener implements AutoCloseable {
    private final AbstractScheduler sched;
    private final ServerSocketChannel ch;
    private final boolean polled;
    /** Go's pollDesc for this socket (poller stages only). */
    private final PollDesc pd = new PollDesc();

    GoListener(AbstractScheduler sched, ServerSocketChannel ch, boolean polled) {
        this.sched = sched;
        this.ch = ch;
        this.polled = polled;
    }

    /** The port it listens on. */
    public int port() {
        return ch.socket().getLocalPort();
    }

    /** {@code Accept()}: waits for the next connection. */
    public GoConn accept() {
        try {
            if (!polled) {
                return GoNet.accepted(sched, Go.syscall(ch::accept), false);
            }
            while (true) {
                if (pd.closing) {
                    throw new ClosedChannelException();    // Go: "use of closed network connection"
                }
                SocketChannel c = ch.accept();
                if (c != null) {
                    return GoNet.accepted(sched, c, true);
                }
                GoRuntime.netpollWait(ch, SelectionKey.OP_ACCEPT, pd);
            }
        } catch (IOException | SyscallException e) {
            throw GoNet.unchecked("accept", e);
        }
    }

    /** Stops listening; a goroutine parked in {@link #accept()} wakes and fails. */
    @Override
    public void close() {
        GoNet.close(sched, polled, pd, ch);
    }
}
