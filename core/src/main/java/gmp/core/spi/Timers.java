package gmp.core.spi;

import gmp.core.Stat;

import java.util.PriorityQueue;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Sleeping goroutines, woken by one thread per scheduler: Go 1.0-1.13's {@code timerproc},
 * a goroutine (here a thread) that sleeps until the earliest timer and readies its G.
 * Go 1.14 moved timers into per-P heaps checked by the scheduler itself (stage 04 may too).
 *
 * <p>Invariants: the heap is guarded by {@code lock}. A pending timer is counted in its run's
 * {@code wakeupsPending} from {@link #add} until after its G was readied, so checkdead never
 * sees "nothing can wake anyone" while a timer is about to.
 */
public final class Timers {
    private record Timer(long when, long seq, G g) implements Comparable<Timer> {
        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(when, o.when);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final PriorityQueue<Timer> heap = new PriorityQueue<>();
    private final StatBlock stats;
    /** Told if the thread's loop throws (out of memory, say): its run cannot go on without it. */
    private final java.util.function.Consumer<Throwable> crashed;
    final Thread thread;
    private long seq;
    private boolean stopped;

    Timers(String name, StatBlock stats, java.util.function.Consumer<Throwable> crashed) {
        this.stats = stats;
        this.crashed = crashed;
        this.thread = new Thread(this::timerprocOrCrash, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Readies {@code g} at {@code when} ({@code System.nanoTime()} time). Called by g's M in unlockf. */
    void add(long when, G g) {
        g.run.wakeupPending();
        lock.lock();
        try {
            Timer t = new Timer(when, seq++, g);
            heap.add(t);
            if (heap.peek() == t) {
                changed.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Drops the timers of a finished run. */
    void purge(RunState run) {
        lock.lock();
        try {
            if (heap.isEmpty()) {
                return;         // allocates nothing (after a run that ran out of memory, say)
            }
            heap.removeIf(t -> t.g.run == run);
        } finally {
            lock.unlock();
        }
    }

    void stop() {
        lock.lock();
        try {
            stopped = true;
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    private void timerprocOrCrash() {
        try {
            timerproc();
        } catch (Throwable t) {
            crashed.accept(t);
        }
    }

    private void timerproc() {
        while (true) {
            Timer due;
            lock.lock();
            try {
                while (true) {
                    if (stopped) {
                        return;
                    }
                    Timer first = heap.peek();
                    long now = System.nanoTime();
                    if (first != null && first.when - now <= 0) {
                        due = heap.poll();
                        break;
                    }
                    try {
                        if (first == null) {
                            changed.await();
                        } else {
                            changed.awaitNanos(first.when - now);
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            } finally {
                lock.unlock();
            }
            RunState run = due.g.run;
            GoRuntime.goready(due.g);
            stats.incShared(Stat.TIMERS_FIRED);
            run.wakeupDone();
        }
    }
}
