package gmp.stage04;

import gmp.core.spi.G;
import gmp.core.spi.PollDesc;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The network poller (Go's {@code netpoll_epoll.go} + {@code netpoll.go}) on a
 * {@link Selector}, which is epoll on Linux. A goroutine whose socket call would block parks
 * with a {@link PollDesc} naming it as the channel's reader or writer ({@code netpollblock});
 * whoever polls gets back the Gs whose channels became ready ({@code netpoll(delay)}) and
 * queues them ({@code injectglist}). The poller also is how an idle M sleeps: blocked in
 * {@code poll(delay)} until the earliest timer or until an I/O event, so no thread is needed
 * per sleeping goroutine.
 *
 * <p>Java differences: a {@code Selector} is level-triggered and takes interest changes only
 * at the start of a select, so a G that parks while an M is blocked here wakes the poller
 * ({@code netpollBreak}); epoll in Go is edge-triggered and needs neither. Two Ms cannot
 * select at once, so a poll that finds another under way returns nothing.
 *
 * <p>Invariants: {@code pd.rg}/{@code pd.wg} and the key's interest are changed under the
 * PollDesc's monitor, and no G parks on a PollDesc marked closing (a closer marks it, takes
 * its waiters, then closes the channel, so no parked G is stranded by a close); a G is in at most one of them, and is counted in {@link #waiters} and in
 * its run's pending wake-ups from park until it is handed back. {@link #lastpoll} is 0 exactly
 * while an M is blocked in {@link #poll} (Go's {@code sched.lastpoll}).
 */
final class Netpoll {
    private static final int READ_OPS = SelectionKey.OP_READ | SelectionKey.OP_ACCEPT;
    private static final int WRITE_OPS = SelectionKey.OP_WRITE | SelectionKey.OP_CONNECT;

    private final Selector selector;
    private final ReentrantLock pollLock = new ReentrantLock();
    /** Gs parked on I/O (Go's {@code netpollWaiters}). */
    final AtomicInteger waiters = new AtomicInteger();
    /** When the last poll ended; 0 while an M is blocked polling (Go's {@code sched.lastpoll}). */
    final AtomicLong lastpoll = new AtomicLong(System.nanoTime());
    /** A break is pending for the next blocking poll (Go's {@code netpollWakeSig}). */
    private final AtomicBoolean wakeSig = new AtomicBoolean();
    /** When the blocked poller will wake by itself, 0 for never (Go's {@code sched.pollUntil}). */
    final AtomicLong pollUntil = new AtomicLong();

    Netpoll() {
        try {
            selector = Selector.open();
            // Break a poll once now, so the wake-up's native code is linked: linking allocates, and
            // close() must be able to wake a poller after a run that ran out of memory.
            selector.wakeup();
            selector.selectNow();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the network poller's Selector", e);
        }
    }

    /**
     * Go's {@code netpollblock}, on the M after {@code g} switched away: {@code g} waits for
     * {@code ops} on {@code ch}. Returns false if the socket is closing or closed: ready
     * {@code g} at once, so it retries and sees the error.
     */
    boolean arm(SelectableChannel ch, int ops, G g, PollDesc pd) {
        synchronized (pd) {
            if (pd.closing) {
                return false;
            }
            try {
                SelectionKey key = (SelectionKey) pd.key;
                if (key == null) {
                    key = ch.register(selector, 0, pd);
                    pd.key = key;
                }
                key.interestOpsOr(ops);
            } catch (ClosedChannelException | CancelledKeyException e) {
                return false;
            }
            waiters.incrementAndGet();          // counted before any poller can take it
            g.run.wakeupPending();
            if ((ops & READ_OPS) != 0) {
                pd.rg = g;
            } else {
                pd.wg = g;
            }
        }
        if (lastpoll.get() == 0) {
            selector.wakeup();      // the blocked poller must pick up the new interest
        }
        return true;
    }

    /**
     * Go's {@code netpoll(delay)}: the Gs whose channels are ready. {@code delayNs} &lt; 0
     * blocks until an event or {@link #wakeup()}, 0 does not block, &gt; 0 blocks at most that
     * long (in whole milliseconds, at least 1, as Go's epoll does). The Gs are still counted as waiting: the
     * caller queues them and calls {@link #handedBack}.
     */
    List<G> poll(long delayNs) {
        if (!pollLock.tryLock()) {
            return List.of();       // another M is polling
        }
        try {
            if (delayNs < 0) {
                selector.select();
                wakeSig.set(false);         // a pending break was for a blocking poller: this one
            } else if (delayNs == 0) {
                selector.selectNow();       // clears the Selector's wake-up, which was not ours:
                if (wakeSig.get()) {
                    selector.wakeup();      // keep it for the blocking poller (Go: only delay != 0 drains it)
                }
            } else {
                // Go's netpoll on epoll: under 1 ms waits 1 ms, else whole ms, rounded down (the
                // caller polls again if woken early). So a 50 us sleep takes ~1 ms, as in Go
                // 1.16+ on Linux (golang/go#47084).
                selector.select(Math.max(1, TimeUnit.NANOSECONDS.toMillis(delayNs)));
                wakeSig.set(false);
            }
            List<G> ready = new ArrayList<>();
            Iterator<SelectionKey> it = selector.selectedKeys().iterator();
            while (it.hasNext()) {
                SelectionKey key = it.next();
                it.remove();
                take(key, ready);
            }
            return ready;
        } catch (IOException e) {
            throw new UncheckedIOException("network poller failed", e);
        } finally {
            pollLock.unlock();
        }
    }

    /** Go's {@code netpollready}: the ready side's waiters leave the PollDesc. */
    private static void take(SelectionKey key, List<G> out) {
        PollDesc pd = (PollDesc) key.attachment();
        synchronized (pd) {
            int ready;
            try {
                ready = !key.isValid() ? READ_OPS | WRITE_OPS : key.readyOps();
            } catch (CancelledKeyException e) {
                ready = READ_OPS | WRITE_OPS;
            }
            int clear = 0;
            if ((ready & READ_OPS) != 0 && pd.rg != null) {
                out.add(pd.rg);
                pd.rg = null;
                clear |= READ_OPS;
            }
            if ((ready & WRITE_OPS) != 0 && pd.wg != null) {
                out.add(pd.wg);
                pd.wg = null;
                clear |= WRITE_OPS;
            }
            if (clear != 0 && key.isValid()) {
                try {
                    key.interestOpsAnd(~clear);
                } catch (CancelledKeyException ignored) {
                    // closed meanwhile: nothing to clear
                }
            }
        }
    }

    /**
     * Go's {@code poll_runtime_pollUnblock}: {@code pd}'s socket is about to close. Marks it
     * closing (no G will park on it again) and returns its waiters, to be readied.
     */
    List<G> unblock(PollDesc pd) {
        List<G> out = new ArrayList<>(2);
        synchronized (pd) {
            pd.closing = true;
            if (pd.rg != null) {
                out.add(pd.rg);
                pd.rg = null;
            }
            if (pd.wg != null) {
                out.add(pd.wg);
                pd.wg = null;
            }
        }
        return out;
    }

    /** {@code n} Gs from {@link #poll}/{@link #unblock} were queued or dropped. */
    void handedBack(G g) {
        waiters.decrementAndGet();
        g.run.wakeupDone();
    }

    /**
     * Go's {@code netpollBreak}: wake the M blocked in {@link #poll}, or the next one to block.
     * The break stays pending until a blocking poll takes it ({@link #wakeSig}, Go's
     * {@code netpollWakeSig}): a non-blocking poll in between must not swallow it, or a
     * blocking poll that starts just after could sleep through a close.
     */
    void wakeup() {
        if (wakeSig.compareAndSet(false, true)) {
            try {
                selector.wakeup();
            } catch (RuntimeException | Error e) {
                wakeSig.set(false);     // not sent (out of memory, say): the next call must try again
                throw e;
            }
        }
    }

    void close() {
        try {
            selector.close();
        } catch (IOException ignored) {
            // nothing more to release
        }
    }
}
