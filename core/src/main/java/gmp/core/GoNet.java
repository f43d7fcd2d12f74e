package gmp.core;

import gmp.core.spi.GoRuntime;
import gmp.core.spi.AbstractScheduler;
import gmp.core.spi.PollDesc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.SelectionKey;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;

/**
 * Goroutine-style TCP on loopback: Go's {@code net.Listen}/{@code net.Dial} with calls that
 * look blocking to the goroutine.
 *
 * <p>What "blocking" costs depends on the stage. A stage with a network poller (04-gmp and
 * later, like Go 1.1+) keeps every socket non-blocking: a call that would block parks the G on
 * the poller ({@link java.nio.channels.Selector}) and the M runs other goroutines. A stage
 * without one does each call as a blocking system call ({@link Go#syscall}) that holds its
 * thread, like a thread-per-connection server (Go 1.0 had a poll server goroutine instead; the
 * earlier stages leave it out so the cost of blocking I/O shows).
 *
 * <p>I/O errors come as {@link UncheckedIOException}, so goroutine lambdas stay short.
 * {@link Scheduler#close()} closes the sockets still open, which frees an M blocked in one.
 */
public final class GoNet {
    private GoNet() {
    }

    /** {@code net.Listen("tcp", "127.0.0.1:port")}; port 0 picks a free port. */
    public static GoListener listen(int port) {
        AbstractScheduler s = GoRuntime.currentScheduler("GoNet.listen");
        try {
            ServerSocketChannel ch = ServerSocketChannel.open();
            try {
                s.socketOpened(ch);
                ch.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4096);
                boolean polled = s.netpoller() != null;
                ch.configureBlocking(!polled);
                return new GoListener(s, ch, polled);
            } catch (IOException | RuntimeException e) {
                s.socketClosed(ch);
                ch.close();
                throw e;
            }
        } catch (IOException e) {
            throw unchecked("listen on port " + port, e);
        }
    }

    /** {@code net.Dial("tcp", "127.0.0.1:port")}. */
    public static GoConn dial(int port) {
        AbstractScheduler s = GoRuntime.currentScheduler("GoNet.dial");
        InetSocketAddress addr = new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
        boolean polled = s.netpoller() != null;
        try {
            SocketChannel ch = SocketChannel.open();
            PollDesc pd = new PollDesc();
            try {
                s.socketOpened(ch);
                if (polled) {
                    ch.configureBlocking(false);
                    if (!ch.connect(addr)) {
                        while (true) {
                            GoRuntime.netpollWait(ch, SelectionKey.OP_CONNECT, pd);
                            if (ch.finishConnect()) {
                                break;
                            }
                        }
                    }
                } else {
                    Go.syscall(() -> ch.connect(addr));
                }
                return new GoConn(s, ch, polled, pd);
            } catch (IOException | RuntimeException e) {
                s.socketClosed(ch);
                ch.close();
                throw e;
            }
        } catch (IOException | SyscallException e) {
            throw unchecked("dial 127.0.0.1:" + port, e);
        }
    }

    static UncheckedIOException unchecked(String what, Throwable e) {
        if (e instanceof SyscallException se && se.getCause() != null) {
            e = se.getCause();
        }
        IOException io = e instanceof IOException i ? i : new IOException(e);
        return new UncheckedIOException(what + ": " + io, io);
    }

    /**
     * A socket accepted for a goroutine of {@code s}: registered (see
     * {@link AbstractScheduler#socketOpened}), then made non-blocking where a poller waits for it.
     */
    static GoConn accepted(AbstractScheduler s, SocketChannel c, boolean polled) throws IOException {
        try {
            s.socketOpened(c);
            if (polled) {
                c.configureBlocking(false);
            }
            return new GoConn(s, c, polled, new PollDesc());
        } catch (IOException | RuntimeException e) {
            s.socketClosed(c);
            c.close();
            throw e;
        }
    }

    /**
     * Closes a socket: first its PollDesc (no G may park on it any more; those parked wake),
     * then the channel (Go's {@code fd.pd.evict()} before the close). The scheduler forgets it.
     */
    static void close(AbstractScheduler s, boolean polled, PollDesc pd, java.io.Closeable ch) {
        if (polled) {
            s.netpoller().pollClose(pd);
        }
        s.socketClosed(ch);
        try {
            ch.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
