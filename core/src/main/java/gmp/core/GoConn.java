package gmp.core;

import gmp.core.spi.GoRuntime;
import gmp.core.spi.AbstractScheduler;
import gmp.core.spi.PollDesc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;

/**
 * A TCP connection from {@link GoNet}: Go's {@code net.Conn}. Reads and writes look blocking
 * to the goroutine; see {@link GoNet} for what they cost on each stage. One goroutine reads
 * and one writes at a time (as with Go's {@code net.Conn}, concurrent readers are not ordered).
 */
public final class GoConn implements AutoCloseable {
    private final AbstractScheduler sched;
    private final SocketChannel ch;
    private final boolean polled;
    /** Go's pollDesc for this socket (poller stages only). */
    private final PollDesc pd;

    GoConn(AbstractScheduler sched, SocketChannel ch, boolean polled, PollDesc pd) {
        this.sched = sched;
        this.ch = ch;
        this.polled = polled;
        this.pd = pd;
    }

    /** Reads at least one byte into {@code b[off..off+len)}; -1 at end of stream. */
    public int read(byte[] b, int off, int len) {
        if (len == 0) {
            return 0;
        }
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        try {
            if (!polled) {
                return Go.syscall(() -> ch.read(buf));
            }
            while (true) {
                if (pd.closing) {
                    throw new ClosedChannelException();    // Go: "use of closed network connection"
                }
                int n = ch.read(buf);
                if (n != 0) {
                    return n;
                }
                GoRuntime.netpollWait(ch, SelectionKey.OP_READ, pd);
            }
        } catch (IOException | SyscallException e) {
            throw GoNet.unchecked("read", e);
        }
    }

    /** Reads exactly {@code len} bytes, or fewer if the stream ends first; returns how many. */
    public int readFully(byte[] b, int off, int len) {
        int done = 0;
        while (done < len) {
            int n = read(b, off + done, len - done);
            if (n < 0) {
                break;
            }
            done += n;
        }
        return done;
    }

    /** Writes all of {@code b[off..off+len)}. */
    public void write(byte[] b, int off, int len) {
        ByteBuffer buf = ByteBuffer.wrap(b, off, len);
        try {
            while (buf.hasRemaining()) {
                int n = polled ? ch.write(buf) : Go.syscall(() -> ch.write(buf));
                if (n == 0 && polled) {
                    if (pd.closing) {
                        throw new ClosedChannelException();
                    }
                    GoRuntime.netpollWait(ch, SelectionKey.OP_WRITE, pd);
                }
            }
        } catch (IOException | SyscallException e) {
            throw GoNet.unchecked("write", e);
        }
    }

    /** Half-closes the sending side: the peer reads end of stream ({@code CloseWrite}). */
    public void closeWrite() {
        try {
            ch.shutdownOutput();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the connection; goroutines parked on it wake and fail. */
    @Override
    public void close() {
        GoNet.close(sched, polled, pd, ch);
    }
}
