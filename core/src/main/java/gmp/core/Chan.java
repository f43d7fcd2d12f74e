package gmp.core;

import gmp.core.spi.GoRuntime;
import gmp.core.spi.AbstractScheduler;
import gmp.core.spi.G;
import gmp.core.spi.RuntimeMutex;
import gmp.core.spi.Safepoint;
import gmp.core.spi.Sudog;
import gmp.core.spi.WaitQ;

import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Go channel, modelled on {@code runtime/chan.go}: a ring buffer of {@code cap} slots,
 * a queue of waiting receivers ({@code recvq}) and of waiting senders ({@code sendq}),
 * all under one lock per channel (Go's {@code hchan.lock}). A blocked operation parks the
 * goroutine, never the thread, so it works the same on every stage.
 *
 * <p>Fast paths, as in Go: a send to a waiting receiver copies the value straight to it
 * (no buffer); a receive from a full buffer with a waiting sender takes the head and moves
 * the sender's value to the tail, so FIFO order holds.
 *
 * <p>Only a goroutine of a run in progress may send, receive or close; a plain thread is
 * refused with an {@link IllegalStateException} ({@code len} and {@code cap} may be read
 * anywhere). A channel may outlive a run: the waiters that run left are never woken (see
 * {@link WaitQ#dequeue}).
 *
 * <p>Invariants: every field but {@code id} and {@code cap} is guarded by {@code lock};
 * {@code qcount > 0} implies {@code recvq} holds no live waiter, and {@code qcount < cap} implies
 * {@code sendq} holds none (waiters of an ended run may linger until a dequeue drops them).
 * The lock is released only after a parking goroutine is off its
 * stack (see {@link AbstractScheduler#gopark}). Go's zero value for a closed, empty channel
 * is {@code null} here.
 */
public final class Chan<T> implements Iterable<T> {

    private static final AtomicLong IDS = new AtomicLong();

    /** Lock order for select (Go sorts by channel address). */
    final long id = IDS.incrementAndGet();
    final RuntimeMutex lock = new RuntimeMutex();
    /** What a parking sender or receiver asks its M to run after the switch (made once, not per park). */
    private final Runnable unlockAfterPark = lock::unlock;
    /** What a sender or receiver that failed to park gives back, lock still held (see {@link AbstractScheduler#gopark}). */
    private final java.util.function.Consumer<Sudog> unqueueSender = s -> {
        this.sendq.remove(s);
        lock.unlock();
    };
    private final java.util.function.Consumer<Sudog> unqueueReceiver = s -> {
        this.recvq.remove(s);
        lock.unlock();
    };
    private final int cap;
    private final Object[] buf;
    private int qcount;
    private int sendx;
    private int recvx;
    private boolean closed;
    final WaitQ recvq = new WaitQ();
    final WaitQ sendq = new WaitQ();

    private Chan(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("makechan: size out of range: " + capacity);
        }
        this.cap = capacity;
        this.buf = new Object[capacity];
    }

    /** {@code make(chan T)}: an unbuffered channel; every send waits for its receiver. */
    public static <T> Chan<T> make() {
        return new Chan<>(0);
    }

    /** {@code make(chan T, capacity)}. */
    public static <T> Chan<T> make(int capacity) {
        return new Chan<>(capacity);
    }

    /** The result of {@link #recv2()}: {@code v, ok := <-ch}. */
    public record Received<T>(T value, boolean ok) {
    }

    /** {@code ch <- v}: blocks until a receiver takes it or a buffer slot is free. Panics if closed. */
    public void send(T v) {
        Safepoint.entry();      // a preemption point, like the prologue of Go's chansend
        G g = GoRuntime.requireLiveG("Chan.send");
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new GoPanic("send on closed channel");
        }
        boolean sent;
        try {
            sent = trySendLocked(v);
        } catch (VirtualMachineError e) {
            throw unlockOn(e);
        }
        if (sent) {
            lock.unlock();
            return;
        }
        Sudog mine;
        try {
            mine = GoRuntime.acquireSudog(g, this, v);
        } catch (VirtualMachineError e) {
            throw unlockOn(e);
        }
        sendq.enqueue(mine);
        GoRuntime.gopark(mine, unlockAfterPark, unqueueSender, "chan send");
        boolean delivered = mine.success;
        GoRuntime.releaseSudog(mine);
        if (!delivered) {
            throw new GoPanic("send on closed channel");
        }
    }

    /** {@code <-ch}: blocks until a value arrives; {@code null} once closed and drained. */
    @SuppressWarnings("unchecked")
    public T recv() {
        Safepoint.entry();      // a preemption point, like the prologue of Go's chanrecv
        G g = GoRuntime.requireLiveG("Chan.recv");
        lock.lock();
        Object r = tryRecvLockedOrUnlock();
        if (r != WAIT) {
            lock.unlock();
            return r == CLOSED ? null : (T) r;
        }
        Sudog mine = parkToReceive(g);
        T v = (T) mine.elem;
        GoRuntime.releaseSudog(mine);
        return v;
    }

    /** {@code v, ok := <-ch}: {@code ok} is false once the channel is closed and drained. */
    public Received<T> recv2() {
        Safepoint.entry();      // a preemption point, like the prologue of Go's chanrecv
        G g = GoRuntime.requireLiveG("Chan.recv2");
        lock.lock();
        Object r = tryRecvLockedOrUnlock();
        if (r != WAIT) {
            lock.unlock();
            return received(r);
        }
        Sudog woken = parkToReceive(g);
        @SuppressWarnings("unchecked")
        Received<T> got = new Received<>((T) woken.elem, woken.success);
        GoRuntime.releaseSudog(woken);
        return got;
    }

    /** What {@link #tryRecvLocked} returned, other than {@link #WAIT}, as {@code v, ok}. */
    @SuppressWarnings("unchecked")
    static <T> Received<T> received(Object r) {
        return r == CLOSED ? new Received<>(null, false) : new Received<>((T) r, true);
    }

    /**
     * Lock held: queue {@code g}, the current G, as a receiver and park; a sender or a close wakes
     * it. The caller reads the sudog, then gives it back ({@link GoRuntime#releaseSudog}).
     */
    private Sudog parkToReceive(G g) {
        Sudog mine;
        try {
            mine = GoRuntime.acquireSudog(g, this, null);
        } catch (VirtualMachineError e) {
            throw unlockOn(e);
        }
        recvq.enqueue(mine);
        GoRuntime.gopark(mine, unlockAfterPark, unqueueReceiver, "chan receive");
        return mine;
    }

    /**
     * With the lock held, completes a send that need not wait; false when the sender must
     * wait. The channel must be open. A woken receiver is readied before the lock is released.
     */
    boolean trySendLocked(Object v) {
        Sudog r = recvq.dequeue();
        if (r != null) {
            r.elem = v;
            r.success = true;
            wake(r);
            return true;
        }
        if (qcount < cap) {
            buf[sendx] = v;
            sendx = (sendx + 1) % cap;
            qcount++;
            return true;
        }
        return false;
    }

    /** What {@link #tryRecvLocked} returns when the receiver must wait. */
    static final Object WAIT = new Object();
    /** What {@link #tryRecvLocked} returns when the channel is closed and drained (Go: the zero value, ok false). */
    static final Object CLOSED = new Object();

    /**
     * With the lock held, completes a receive that need not wait: the value, {@link #CLOSED} once
     * the channel is closed and drained, or {@link #WAIT} when the receiver must wait. Markers,
     * not a record: a receive is the hot half of a handoff, and Go's allocates nothing.
     */
    Object tryRecvLocked() {
        Sudog s = sendq.dequeue();
        if (s != null) {
            Object v;
            if (cap == 0) {
                v = s.elem;
            } else {
                // the buffer is full: take its head, put the sender's value at its tail
                v = buf[recvx];
                buf[recvx] = s.elem;
                recvx = (recvx + 1) % cap;
                sendx = recvx;
            }
            s.elem = null;
            s.success = true;
            wake(s);
            return v;
        }
        if (qcount > 0) {
            Object v = buf[recvx];
            buf[recvx] = null;
            recvx = (recvx + 1) % cap;
            qcount--;
            return v;
        }
        return closed ? CLOSED : WAIT;
    }

    boolean isClosedLocked() {
        return closed;
    }

    /** {@link #tryRecvLocked()}, letting go of the lock if it fails (see {@link #unlockOn}). */
    private Object tryRecvLockedOrUnlock() {
        try {
            return tryRecvLocked();
        } catch (VirtualMachineError e) {
            throw unlockOn(e);
        }
    }

    /**
     * Lock held, and something under it could not be allocated (a record, a sudog, a stage's
     * ready) or ran out of stack: let go of the lock before the error goes up, or every later
     * user of the channel waits forever, and so does close() for its M.
     */
    private VirtualMachineError unlockOn(VirtualMachineError e) {
        lock.unlock();
        return e;
    }

    private static void wake(Sudog s) {
        s.g.param = s;
        GoRuntime.goready(s.g);
    }

    /**
     * {@code close(ch)}: receivers get the buffered values, then zero values with ok=false;
     * blocked senders panic. Closing a closed channel panics.
     */
    public void close() {
        GoRuntime.requireLiveG("Chan.close");
        lock.lock();
        if (closed) {
            lock.unlock();
            throw new GoPanic("close of closed channel");
        }
        closed = true;
        Sudog woken = null;
        for (Sudog s; (s = recvq.dequeue()) != null; ) {
            s.elem = null;
            s.success = false;
            s.next = woken;
            woken = s;
        }
        for (Sudog s; (s = sendq.dequeue()) != null; ) {
            s.success = false;
            s.next = woken;
            woken = s;
        }
        lock.unlock();
        while (woken != null) {
            Sudog next = woken.next;
            woken.next = null;
            wake(woken);
            woken = next;
        }
    }

    /** {@code len(ch)}: values buffered now. Only reads: allowed outside goroutines too. */
    public int len() {
        lock.lock();
        try {
            return qcount;
        } finally {
            lock.unlock();
        }
    }

    /** {@code cap(ch)}. Allowed outside goroutines too. */
    public int cap() {
        return cap;
    }

    /** {@code for v := range ch}: receives until the channel is closed and drained. */
    @Override
    public Iterator<T> iterator() {
        return new Iterator<>() {
            private boolean received;
            private boolean ok;
            private T value;

            @Override
            public boolean hasNext() {
                if (!received) {
                    receive();
                }
                return ok;
            }

            /** {@code v, ok := <-ch} without a Received record: a range loop is a hot path. */
            @SuppressWarnings("unchecked")
            private void receive() {
                Safepoint.entry();
                G g = GoRuntime.requireLiveG("Chan.iterator (a range over a channel)");
                lock.lock();
                Object r = tryRecvLockedOrUnlock();
                if (r != WAIT) {
                    lock.unlock();
                    ok = r != CLOSED;
                    value = ok ? (T) r : null;
                } else {
                    Sudog woken = parkToReceive(g);
                    value = (T) woken.elem;
                    ok = woken.success;
                    GoRuntime.releaseSudog(woken);
                }
                received = true;
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException("channel closed");
                }
                T v = value;
                received = false;
                value = null;
                return v;
            }
        };
    }

    @Override
    public String toString() {
        return "chan#" + id + "(cap " + cap + ")";
    }
}
