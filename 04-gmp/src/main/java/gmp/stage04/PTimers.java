package gmp.stage04;

import gmp.core.spi.RunState;
import gmp.core.spi.G;

import java.util.List;
import java.util.PriorityQueue;

/**
 * A P's timer heap (Go 1.14+'s {@code p.timers}): the sleeping goroutines whose timers were
 * added on this P. No thread per timer and no timer thread: the scheduler runs due timers
 * itself, in {@code findRunnable} ({@code checkTimers}), on its own P every time and on other
 * Ps while stealing; an M with nothing to do sleeps in the poller until the earliest one.
 *
 * <p>Invariants: the heap is guarded by this object's monitor (Go's {@code p.timersLock}): the
 * owner adds and runs, thieves run. {@link #next} is the earliest {@code when}, or 0 when
 * empty, readable without the lock (Go's {@code p.timer0When}).
 */
final class PTimers {
    private record Timer(long when, long seq, G g) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(when, o.when);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Timer> heap = new PriorityQueue<>();
    private long seq;
    private volatile long next;

    /** Go's {@code addtimer}/{@code doaddtimer}: {@code g} wakes at {@code when} (nanoTime). */
    synchronized void add(long when, G g) {
        g.run.wakeupPending();
        heap.add(new Timer(when, seq++, g));
        next = heap.peek().when;
    }

    /** The earliest {@code when}, 0 if none (lock-free read). */
    long next() {
        return next;
    }

    /** Removes the timers due at {@code now} and adds their Gs to {@code due}. */
    synchronized void popDue(long now, List<G> due) {
        Timer t;
        while ((t = heap.peek()) != null && t.when - now <= 0) {
            heap.poll();
            due.add(t.g);
        }
        next = t == null ? 0 : t.when;
    }

    /** Drops every timer (the scheduler is closing). */
    synchronized void clear() {
        heap.clear();
        next = 0;
    }

    /** Drops the timers of a finished run. */
    synchronized void purge(RunState run) {
        if (heap.isEmpty()) {
            next = 0;
            return;     // allocates nothing (after a run that ran out of memory, say)
        }
        heap.removeIf(t -> t.g.run == run);
        Timer t = heap.peek();
        next = t == null ? 0 : t.when;
    }
}
