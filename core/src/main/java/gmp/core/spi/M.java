package gmp.core.spi;

import gmp.core.Stat;

import java.util.function.Consumer;

/**
 * A machine: Go's {@code m} (runtime2.go), a real platform thread that runs goroutines.
 *
 * <p>A G runs on an M by {@link #execute(G)}: the M mounts the G's continuation and runs it
 * until the G yields back. Before yielding, the G leaves the M a function to run on the M's
 * own stack, after the switch: that is Go's {@code mcall(fn)} (fn runs on {@code g0}).
 * {@code park_m}, {@code gosched_m} and {@code goexit0} are such functions. Running them
 * after the switch is what makes parking safe: a G that parks on a channel keeps the
 * channel's lock until it is off its stack, so no waker can resume it too early.
 *
 * <p>Invariants: {@code curg} and {@code mcallFn} are written only by this M's thread.
 * {@link #stats} is written only by this M's thread and read (racily) by stats snapshots.
 */
public class M {

    /** Small id, 0.. in creation order (Go's {@code m.id}). */
    public final int id;
    public final AbstractScheduler sched;
    /** This M's counters: written only by this M's thread, summed on read. */
    public final StatBlock stats = new StatBlock();
    /** Sudogs given back after a wait, for the next one (Go's {@code p.sudogcache}); this M's thread only. */
    final Sudog[] sudogcache = new Sudog[16];
    int nsudog;
    /** The G this M is running (Go's {@code m.curg}). */
    public volatile G curg;
    /**
     * A pending "signal" from sysmon (Go's {@code preemptM} sending SIGURG, and
     * {@code m.signalPending}): the running G may stop at a loop back-edge, not only at a
     * method entry. Set by sysmon, cleared by this M when the slice ends.
     */
    volatile boolean preemptSignal;
    /** What the current G asked to run on the M after it switched away (Go's mcall fn). */
    Consumer<G> mcallFn;
    /** What a parking G asked its M to unlock after the switch (Go's {@code m.waitunlockf}). */
    Runnable waitunlockf;
    /** Set when the M's loop has ended, for good (its thread is about to end). */
    volatile boolean exited;
    /** The G wired to this M for life, or null (Go's {@code m.lockedg}; see {@link G#lockedm}). */
    public volatile G lockedg;
    /** This M's trace buffer, or null when tracing is off (written only by this M's thread). */
    final Tracer.Buffer traceBuffer;
    final MThread thread;
    private final java.util.SplittableRandom rnd = new java.util.SplittableRandom();

    /**
     * Creates the M and its thread; {@code loop} is the M's scheduling loop (Go's {@code mstart}
     * then {@code schedule}), or null to run {@link #mstart()}, which a subclass overrides.
     * The thread is started by {@link #start()}.
     */
    public M(AbstractScheduler sched, Runnable loop) {
        this.sched = sched;
        this.id = sched.nextMId();
        this.traceBuffer = sched.tracer != null ? sched.tracer.newBuffer() : null;
        Runnable body = loop != null ? loop : this::mstart;
        this.thread = new MThread(this, sched.threadName("M" + id), sched.config.stackSize(), () -> {
            try {
                body.run();
            } catch (Throwable t) {
                sched.mCrashed(this, t);        // allocates nothing it cannot do without: never throws
            } finally {
                sched.mExited(this);
            }
        });
    }

    /** The M's loop when none was given to the constructor (Go's {@code mstart}). */
    protected void mstart() {
        throw new IllegalStateException(this + " has no scheduling loop");
    }

    /**
     * The M running the current code, or null (Go's {@code getg().m}). Inside a goroutine it is
     * the running G's M (see {@link G#current()} for why not the current thread); on an M's own
     * stack (its loop, an mcall function) it is the M of the thread.
     */
    public static M current() {
        G g = G.current();
        if (g != null) {
            return g.m;
        }
        return Thread.currentThread() instanceof MThread t ? t.m : null;
    }

    /** Go's {@code fastrand}: a cheap per-M random number (select's poll order, steal victims). */
    public int fastrand(int bound) {
        return rnd.nextInt(bound);
    }

    public Thread thread() {
        return thread;
    }

    public void start() {
        sched.mStarted(this);
        try {
            thread.start();
        } catch (Throwable t) {         // "unable to create native thread", or out of memory
            sched.mNeverStarted(this);
            throw t;
        }
    }

    /**
     * Runs {@code g} on this M until it switches away (Go's {@code execute} + {@code gogo}),
     * then runs what it asked for (its mcall fn) or retires it if it finished.
     * A G of a run that has already ended is discarded without running.
     */
    public void execute(G g) {
        if (g.run.isOver()) {
            g.status = GStatus.DEAD;
            return;
        }
        curg = g;
        g.m = this;
        g.status = GStatus.RUNNING;
        stats.inc(Stat.SCHEDULES);
        if (g.slices++ == 0 && g.creatorM == id) {
            stats.inc(Stat.RUN_BY_CREATOR_M);     // locality: first run on the M that made it
        }
        Tracer tr = sched.tracer;
        if (tr != null) {
            traceSliceStart(tr, g);
        }
        if (g.interrupted) {                    // the G's own interrupt status, kept while it was off
            g.interrupted = false;
            Thread.currentThread().interrupt();
        }
        try {
            g.cont.run();
        } finally {
            // Interrupt status belongs to the goroutine, not to the M: a G that left its thread
            // interrupted (the "restore the interrupt flag" idiom) takes the flag with it, or
            // the M's own waits (LockSupport.park) would return at once, forever.
            if (Thread.interrupted()) {
                g.interrupted = true;
            }
            curg = null;
            g.m = null;
            Safepoint.sliceEnded(g, this);      // a request for the slice that ended is void
        }
        if (tr != null) {
            tr.record(this, gmp.core.Trace.Kind.SLICE_END, sched.traceP(this), g.goid, -1, -1,
                    g.cont.isDone() ? (g.panic != null ? "exited (panic)" : "exited") : GoRuntime.switchNote(mcallFn, g));
        }
        if (g.cont.isDone()) {
            sched.goexit0(g, this);
        } else {
            Consumer<G> fn = mcallFn;
            mcallFn = null;
            fn.accept(g);
        }
    }

    private void traceSliceStart(Tracer tr, G g) {
        int p = sched.traceP(this);
        tr.record(this, gmp.core.Trace.Kind.SLICE_START, p, g.goid, -1, -1, null);
        int[] q = sched.traceQueues(this);
        if (q != null) {
            tr.record(this, gmp.core.Trace.Kind.QUEUES, p, -1, q[0], q[1], null);
        }
    }

    /**
     * Go's {@code mcall(fn)}: switch from the current G to this M, then run {@code fn(g)} here.
     * If the switch fails, it throws in the G, which is still on this M's thread and has not
     * left it: pinned ({@link G.PinnedGoroutineException}), or the JVM could not save its stack
     * ({@code StackOverflowError "Stack overflow while freezing"} for a G thousands of frames
     * deep, {@code OutOfMemoryError} for its copy on the heap). {@code fn} never runs then.
     */
    static void mcall(M m, Consumer<G> fn) {
        m.mcallFn = fn;
        try {
            G.yieldToM();
        } catch (Throwable e) {
            m.mcallFn = null;
            throw e;
        }
    }

    @Override
    public String toString() {
        return "M" + id;
    }

    /** The platform thread of an M; lets {@link #current()} find the M without a ThreadLocal. */
    static final class MThread extends Thread {
        final M m;

        MThread(M m, String name, long stackSize, Runnable loop) {
            super(null, loop, name, stackSize, false);     // 0: the JVM's default (-Xss)
            this.m = m;
            setDaemon(true);
        }
    }
}
