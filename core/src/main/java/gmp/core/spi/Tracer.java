package gmp.core.spi;

import gmp.core.Trace;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Records a scheduler's events when {@code Config.trace(true)} (otherwise the scheduler has
 * none, and every hook is one null check). Each M writes only its own {@link Buffer}, so the
 * hot path takes no lock; threads that are not Ms (a timer thread, the caller of
 * {@code run}) share one synchronized buffer. A buffer holds at most {@value #CAPACITY}
 * events and counts what it drops.
 *
 * <p>Invariants: a buffer is appended to by one thread; {@link #snapshot} is meant for when no
 * run is active (between runs, or after {@code close}) and copies whatever is there.
 */
public final class Tracer {

    static final int CAPACITY = 1 << 20;

    private final long t0;
    private final List<Buffer> buffers = new CopyOnWriteArrayList<>();
    private final Buffer shared = new Buffer();

    Tracer(long t0) {
        this.t0 = t0;
        buffers.add(shared);
    }

    /** One thread's events. */
    static final class Buffer {
        private final List<Trace.Event> events = new ArrayList<>();
        private long dropped;

        void add(Trace.Event e) {
            if (events.size() < CAPACITY) {
                events.add(e);
            } else {
                dropped++;
            }
        }
    }

    Buffer newBuffer() {
        Buffer b = new Buffer();
        buffers.add(b);
        return b;
    }

    void record(M m, Trace.Kind kind, int p, long g, int n, int other, String note) {
        Trace.Event e = new Trace.Event(System.nanoTime() - t0, kind, m == null ? -1 : m.id, p, g, n, other, note);
        Buffer b = m != null && m.traceBuffer != null && Thread.currentThread() == m.thread ? m.traceBuffer : null;
        if (b != null) {
            b.add(e);
        } else {
            synchronized (shared) {
                shared.add(e);
            }
        }
    }

    /** Everything recorded so far, in time order. */
    Trace snapshot(String stage, int procs) {
        List<Trace.Event> all = new ArrayList<>();
        long dropped = 0;
        for (Buffer b : buffers) {
            synchronized (b == shared ? shared : b) {
                all.addAll(b.events);
                dropped += b.dropped;
            }
        }
        all.sort(Comparator.comparingLong(Trace.Event::ts));
        return new Trace(stage, procs, all, dropped);
    }
}
