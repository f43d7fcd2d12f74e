package gmp.stage01;

import gmp.core.Config;
import gmp.core.spi.RunState;
import gmp.core.spi.G;
import gmp.core.spi.GStatus;
import gmp.core.spi.M;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * 01-threads: 1:1, one platform thread per goroutine; the operating system is the scheduler.
 * Parking a goroutine parks its thread; waking it unparks that thread; a yield is
 * {@code Thread.yield()}. Parallel (the OS spreads threads over CPUs), and a blocking system
 * call stalls only its own goroutine, but every goroutine costs a thread: ~50-100 us to
 * create, a reserved stack, and a kernel wake-up (15-35 us across CPUs here) per handoff.
 * Past {@code Config.maxThreads} live threads the run fails with "thread exhaustion".
 *
 * <p>{@code Config.procs} does not limit anything here: the kernel decides.
 *
 * <p>Invariants: a G and its M are bound for life ({@code g.lockedm == m},
 * {@code m.lockedg == g}, as Go's {@code LockOSThread} wires them); only that M's thread runs the G.
 */
public class ThreadsScheduler extends gmp.core.spi.AbstractScheduler {

    /**
     * The live goroutine threads, linked through their {@link Bound}s (made with the thread):
     * endRun walks them without allocating anything, since after a run that ran out of memory,
     * waking its parked threads so they end is what frees the heap.
     */
    private final Object boundLock = new Object();
    private Bound first;

    /** A goroutine and its M, in the list of live threads. */
    private static final class Bound {
        final M m;
        final G g;
        /** Guarded by boundLock. Unlinking keeps {@code next}, so a walk standing on it goes on. */
        Bound prev;
        Bound next;
        boolean linked;

        Bound(M m, G g) {
            this.m = m;
            this.g = g;
        }
    }

    /** Stage 01-threads (and exercise 1.2's subclass, which replaces threadMain and ready). */
    protected ThreadsScheduler(Config config) {
        super(Stage01Provider.THREADS.id(), config, Stage01Provider.THREADS.capabilities());
    }

    @Override
    protected void startRun(G main) {
        newThreadFor(main);
    }

    @Override
    protected void spawn(G g, M m) {
        newThreadFor(g);
    }

    /** Go's {@code newm}, one per goroutine. */
    private void newThreadFor(G g) {
        Bound[] self = new Bound[1];
        M m = new M(this, () -> {
            Bound b = self[0];
            self[0] = null;     // the ended thread (kept a while to be joined) must not keep the G alive
            try {
                threadMain(b.m, b.g);
            } finally {
                unlink(b);
                b.m.lockedg = null;
            }
        });
        Bound b = new Bound(m, g);
        self[0] = b;
        m.lockedg = g;
        g.lockedm = m;
        link(b);
        try {
            m.start();
        } catch (RuntimeException | Error e) {
            unlink(b);
            throw e;
        }
    }

    private void link(Bound b) {
        synchronized (boundLock) {
            b.next = first;
            if (first != null) {
                first.prev = b;
            }
            first = b;
            b.linked = true;
        }
    }

    private void unlink(Bound b) {
        synchronized (boundLock) {
            if (!b.linked) {
                return;
            }
            if (b.prev != null) {
                b.prev.next = b.next;
            } else {
                first = b.next;
            }
            if (b.next != null) {
                b.next.prev = b.prev;
            }
            b.prev = null;
            b.linked = false;
        }
    }

    private Bound firstBound() {
        synchronized (boundLock) {
            return first;
        }
    }

    private Bound nextBound(Bound b) {
        synchronized (boundLock) {
            return b.next;
        }
    }

    /**
     * The thread's life: run its goroutine; while it waits, the thread waits (parked until
     * {@link #ready} unparks it); a yield is {@code Thread.yield()}; when the G is dead or its
     * run is over, the thread ends. Exercise 1.2 writes it.
     */
    protected void threadMain(M m, G g) {
        while (!closing()) {
            m.execute(g);
            if (g.status == GStatus.DEAD) {
                return;
            }
            if (g.status == GStatus.RUNNABLE) {
                Thread.yield();
                continue;
            }
            while (g.status == GStatus.WAITING && !g.run.isOver() && !closing()) {
                LockSupport.park(g);
            }
            if (g.run.isOver()) {
                g.status = GStatus.DEAD;
                return;
            }
        }
    }

    /** A parked G is runnable: wake its thread (the G's M is {@code g.lockedm}). Exercise 1.2 writes it. */
    @Override
    protected void ready(G g) {
        LockSupport.unpark(g.lockedm.thread());
    }

    @Override
    protected void gosched(G g, M m) {
        // the thread calls Thread.yield() and runs g again: the OS picks who runs
    }

    /**
     * Wakes the threads of the run's discarded goroutines so they exit, and waits (a bounded
     * while) until they have: their threads count against {@code maxThreads}, and the next run
     * must not find them still alive.
     */
    @Override
    protected void endRun(RunState run) {
        for (Bound b = firstBound(); b != null; b = nextBound(b)) {
            if (b.g.run == run) {
                LockSupport.unpark(b.m.thread());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        for (Bound b = firstBound(); b != null; b = nextBound(b)) {
            if (b.g.run != run) {
                continue;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;      // a goroutine that never blocks cannot be stopped: close() reports it
            }
            try {
                b.m.thread().join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
    }

    @Override
    protected void shutdown() {
        for (Bound b = firstBound(); b != null; b = nextBound(b)) {
            LockSupport.unpark(b.m.thread());
        }
    }

    @Override
    protected String schedtraceFields() {
        int threads = threadsAlive();
        long waiting = 0;
        for (Bound b = firstBound(); b != null; b = nextBound(b)) {
            if (b.g.status == GStatus.WAITING) {
                waiting++;
            }
        }
        return "gomaxprocs=" + config.procs() + " idleprocs=0 threads=" + threads
                + " spinningthreads=0 idlethreads=" + waiting + " runqueue=0 []";
    }
}
