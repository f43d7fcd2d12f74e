package gmp.core.spi;

import gmp.core.FatalError;
import gmp.core.RunInterrupted;
import gmp.core.Stat;

import java.io.Closeable;
import java.io.IOException;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * The life of one scheduler: one run at a time ({@code Scheduler.run}), how a run ends (main
 * returns, a goroutine panics, a deadlock, an interrupt, a thread of the scheduler crashes, the
 * heap runs out), and {@code close()}: wake every M, wait for them, let the stage drop what it
 * holds, join every thread.
 *
 * <p>Invariants: one run at a time ({@code running}); {@code current} is written only by the
 * thread inside {@link #run}; a run's outcome is set once ({@link RunState#finish}); once
 * {@code broken}, the scheduler refuses every later run; the way out of a run that ran out of
 * memory allocates nothing it cannot do without (its errors are made in advance), and close()
 * retries what failed to allocate until the Ms have left and the stage has dropped its queues.
 */
final class Lifecycle {

    private final AbstractScheduler s;
    private final AtomicBoolean running = new AtomicBoolean();
    /** The run in progress, or null; written only by the thread inside {@link #run}. */
    volatile RunState current;
    /** Set by {@link #close()}, never cleared: every M's loop returns when it sees it. */
    volatile boolean closing;
    /** Sockets GoNet opened for this scheduler's goroutines and not closed yet (see {@link #socketOpened}). */
    private final Set<Closeable> sockets = ConcurrentHashMap.newKeySet();
    /** Set when an M's loop crashed ({@link #mCrashed}): no later run can trust this scheduler. */
    private volatile FatalError broken;
    /**
     * Made in advance: what a run ends with when the heap is gone and not even its error can be
     * allocated (Go's {@code fatal error: runtime: out of memory}). Its stack trace is empty.
     */
    private final FatalError outOfMemory = preallocated("runtime: out of memory");
    /** Made in advance: a scheduler thread threw, and there was no memory left to say more. */
    private final FatalError crashedNoMemory = preallocated("runtime: a scheduler thread threw, and there was no memory left to say what");

    private static FatalError preallocated(String message) {
        FatalError e = new FatalError(message);
        e.setStackTrace(new StackTraceElement[0]);
        return e;
    }

    Lifecycle(AbstractScheduler s) {
        this.s = s;
    }

    <T> T run(Callable<T> main) {
        Objects.requireNonNull(main, "Scheduler.run: main is null");
        if (M.current() != null) {
            throw new IllegalStateException("Scheduler.run was called from inside a goroutine; use Go.go to start another goroutine");
        }
        if (closing) {
            throw new IllegalStateException("scheduler " + s.stageId + " is closed");
        }
        if (broken != null) {
            throw new IllegalStateException("scheduler " + s.stageId + " is broken: an earlier run ended with a fatal error ("
                    + broken.getMessage() + ")", broken);
        }
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("scheduler " + s.stageId + " is already running a program: one run at a time");
        }
        try {
            RunState r = new RunState(s);
            current = r;
            boolean interrupted = false;
            try {
                startMain(r, main);
                interrupted = awaitPrintingSchedtrace(r);
            } catch (OutOfMemoryError e) {
                fatal(r, e, "the thread that called run");
            } catch (RuntimeException | Error e) {
                r.finish(null, e instanceof RuntimeException re ? re : new IllegalStateException(e));
            } finally {
                if (!r.isOver()) {
                    r.finish(null, new IllegalStateException("run ended"));
                }
                r.main = null;          // from here on nothing here keeps the run's goroutines alive
                r.lastParked = null;
                dropLeftovers(r);
                current = null;
                if (interrupted) {
                    Thread.currentThread().interrupt();     // the caller's interrupt status stays set
                }
            }
            if (r.failure != null) {
                throw r.failure;
            }
            @SuppressWarnings("unchecked")
            T result = (T) r.result;
            return result;
        } finally {
            running.set(false);
        }
    }

    /** Makes {@code main} goroutine 1 of run {@code r} and starts it (no local of run() keeps it). */
    private void startMain(RunState r, Callable<?> main) {
        G g = s.newG(r, -1, null, main);
        r.main = g;
        s.external.incShared(Stat.GOROUTINES_CREATED);
        g.status = GStatus.RUNNABLE;
        s.startRun(g);
    }

    /**
     * Drops what the run left: its queued Gs ({@link AbstractScheduler#endRun}), its s.timers. After a run that
     * ran out of memory the heap may still be full: an allocation that fails here is tried again
     * twice, then left undone (the Ms discard a finished run's Gs as they meet them anyway, and
     * close() frees the rest); the run's FatalError already says what happened.
     */
    private void dropLeftovers(RunState r) {
        for (int tries = 1; ; tries++) {
            try {
                s.endRun(r);
                if (s.timers != null) {
                    s.timers.purge(r);
                }
                return;
            } catch (OutOfMemoryError e) {
                if (tries == 3) {
                    return;
                }
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(10));
            }
        }
    }

    /**
     * {@code -Dgmp.schedtrace=1000}: a schedtrace line every 1000 ms of a run, as
     * {@code GODEBUG=schedtrace=1000}; {@code -Dgmp.scheddetail=1} adds one line per P and M,
     * as Go's {@code scheddetail}. Read at the start of each run.
     */
    static final String SCHEDTRACE = "gmp.schedtrace";
    static final String SCHEDDETAIL = "gmp.scheddetail";

    /**
     * Waits for the run to end; with {@code gmp.schedtrace} set, the waiting thread prints a
     * schedtrace line to stderr every period meanwhile (Go's sysmon does it there), so no
     * thread is added for it. If the waiting thread is interrupted (or already was), the run
     * ends with {@link RunInterrupted}, unless it had ended already; returns whether it was.
     */
    private boolean awaitPrintingSchedtrace(RunState r) {
        long period = Long.getLong(SCHEDTRACE, 0);
        boolean detail = Integer.getInteger(SCHEDDETAIL, 0) > 0;
        try {
            if (period <= 0) {
                r.done.await();
                return false;
            }
            while (!r.done.await(period, TimeUnit.MILLISECONDS)) {
                System.err.println(s.schedtrace() + (detail ? "\n" + s.scheddetail() : ""));
            }
            return false;
        } catch (InterruptedException e) {
            r.finish(null, new RunInterrupted(s.stageId));
            return true;
        }
    }

    /**
     * An M's own loop threw (not a goroutine: its panics are caught in {@link G}). Go would
     * crash the process; here the run in progress fails with a {@link FatalError} carrying the
     * cause, so a scheduler bug (or an exercise's unwritten body) fails the run instead of
     * leaving {@link #run} waiting forever for an M that is gone. The scheduler refuses later
     * runs, except after thread exhaustion, which already failed its own run and leaves the
     * scheduler usable.
     */
    final void mCrashed(M m, Throwable t) {
        if (t instanceof FatalError f) {            // thread exhaustion: the scheduler stays usable
            RunState r = current;
            if (r != null) {
                r.finish(null, f);
            }
        } else {
            threadCrashed(m, "'s scheduling loop", t);
        }
    }

    /**
     * The timer thread threw (out of memory, most likely, waking a G): the run in progress
     * fails as for a crashed M, since its sleepers would never wake, and the scheduler is broken.
     */
    void timerprocCrashed(Throwable t) {
        threadCrashed("the timer thread", "", t);
    }

    /** A thread of the scheduler ({@code who}) threw {@code t}: fail the run, break the scheduler. Never throws. */
    private void threadCrashed(Object who, String what, Throwable t) {
        if (t instanceof OutOfMemoryError oom) {
            fatal(current, oom, who);
            return;
        }
        FatalError e;
        try {
            e = new FatalError(who + what + " threw " + t + " (in the scheduler, not in a goroutine)", t);
        } catch (Throwable noMemory) {          // nothing could be allocated: say what we can
            e = crashedNoMemory;
        }
        broken = e;
        RunState r = current;
        if (r != null) {
            r.finish(null, e);
        }
    }

    /**
     * The heap is gone ({@code where}: the G, M or thread that could not allocate): Go's
     * {@code fatal error: runtime: out of memory}. Ends run {@code r} (if any) with a
     * {@link FatalError} saying so, and marks the scheduler broken: whatever was half done when
     * the allocation failed cannot be trusted. Allocates only if it can; never throws.
     */
    final void fatal(RunState r, OutOfMemoryError oom, Object where) {
        FatalError e;
        try {
            e = new FatalError("runtime: out of memory (" + where + ": " + oom + ")", oom);
        } catch (Throwable stillNoMemory) {
            e = outOfMemory;
        }
        broken = e;
        if (r != null) {
            r.finish(null, e);
        }
    }

    /**
     * {@code GoNet} opened {@code socket} for a goroutine of this scheduler: until
     * {@link #socketClosed}, {@link #close()} closes it, which frees an M blocked in a call on it
     * (an {@code accept} with no poller). If this scheduler is already closing, the socket is
     * closed at once and this throws.
     */
    void socketOpened(Closeable socket) throws IOException {
        sockets.add(socket);
        if (closing) {            // close() may have looked at the set before the add: close it here
            sockets.remove(socket);
            socket.close();
            throw new IOException("scheduler " + s.stageId + " is closed");
        }
    }

    /** {@code socket}, opened by {@link #socketOpened}, is being closed by its owner. */
    void socketClosed(Closeable socket) {
        sockets.remove(socket);
    }

    void close() {
        M self = M.current();
        if (self != null && self.sched == s) {
            throw new IllegalStateException("close() was called from inside one of this scheduler's goroutines");
        }
        long deadline = System.nanoTime() + CLOSE_WAIT_NANOS;
        while (true) {
            try {
                closeBy(deadline);
                return;
            } catch (OutOfMemoryError e) {
                // After a run that ran out of memory the heap may be full until the Ms have left
                // and released() has dropped the queues; even linking code here for the first
                // time can fail then. Every step is idempotent: try again, the heap frees meanwhile.
                if (System.nanoTime() - deadline > 0) {
                    throw e;
                }
                LockSupport.parkNanos(1_000_000);
            }
        }
    }

    /** How long close() waits for the Ms (and the timer thread) to stop: 10 s. */
    private static final long CLOSE_WAIT_NANOS = 10_000_000_000L;

    private void closeBy(long deadline) {
        closing = true;
        RunState r = current;
        if (r != null) {
            try {
                r.finish(null, new IllegalStateException("scheduler " + s.stageId + " was closed during the run"));
            } catch (OutOfMemoryError e) {
                r.finish(null, outOfMemory);
            }
        }
        boolean wokeEveryM = wakeEveryMUnlessOutOfMemory();
        Timers t = s.timers;
        if (t != null) {
            t.stop();
        }
        // Once every M has left its loop (counted without allocating), nothing runs the queues:
        // the stage drops them, which frees the heap if a run ran out of memory.
        for (int i = 1; s.allm.alive() > 0 && System.nanoTime() - deadline < 0; i++) {
            if (!wokeEveryM && i % 100 == 0) {
                wokeEveryM = wakeEveryMUnlessOutOfMemory();
            }
            LockSupport.parkNanos(100_000);
        }
        if (s.allm.alive() == 0) {
            s.released();
        }
        if (!wokeEveryM) {
            s.shutdown();     // the heap is back now, or this throws and close() tries again
            closeSockets();
        }
        s.allm.joinAll(deadline);
        // A goroutine of a run that failed (it cannot be stopped from outside) may have started the
        // timer thread after we looked; with every M gone, no goroutine is left to start one now.
        t = s.timers;
        if (t != null) {
            t.stop();
            AllM.joinUntil(t.thread, deadline);
        }
        s.closed();
    }

    /**
     * Closes what the goroutines' sockets left open, as a process exit closes its descriptors: an
     * M blocked in a socket call (a stage without a poller does {@code accept} as a blocking
     * syscall) gets an exception, its goroutine (of a run that is over) fails, and the M can exit.
     */
    private void closeSockets() {
        if (sockets.isEmpty()) {
            return;         // the usual case, and it allocates nothing (the heap may be full)
        }
        for (Closeable c : sockets) {       // a concurrent set: removing while iterating is allowed
            sockets.remove(c);
            try {
                c.close();
            } catch (IOException ignored) {
                // closing is all we wanted: an error here leaves nothing blocked on it
            }
        }
    }

    /**
     * Wakes every M so that it sees {@code closing} and leaves: the stage's {@link AbstractScheduler#shutdown()},
     * then {@link #closeSockets()} (an M may be blocked in one). False if it ran out of memory half
     * way (a stage's shutdown may wake a poller, which can allocate): the heap may still be full
     * until {@link AbstractScheduler#released()}.
     */
    private boolean wakeEveryMUnlessOutOfMemory() {
        try {
            s.shutdown();
            closeSockets();
            return true;
        } catch (OutOfMemoryError e) {
            return false;
        }
    }
}
