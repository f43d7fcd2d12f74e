package gmp.core.spi;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.ContendedLock;
import gmp.core.Deadlock;
import gmp.core.FatalError;
import gmp.core.GoroutinePanic;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Stat;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * What every stage shares: the life of a run, goroutine creation and exit, parking and
 * waking, system calls, timers, deadlock detection, thread accounting, stats. A stage
 * supplies only its scheduling policy, through the abstract hooks below:
 * <pre>
 *   startRun(main)        put the main G where an M will find it; start Ms if needed
 *   spawn(g, m)           a new G made by Go.go on M m (Go's newproc -> runqput)
 *   ready(g)              a parked G became runnable (Go's goready -> runqput)
 *   gosched(g, m)         a G yielded on m, after the switch (Go's gosched_m)
 *   entersyscall/exitsyscall(g, m), sleep(g, d), parked(g, m)   optional
 *   schedtraceFields()    the stage's half of a GODEBUG=schedtrace line
 *   endRun(run)           drop whatever the finished run left queued
 *   shutdown()            make every M's loop return (close); core joins the threads
 * </pre>
 * Channels, select, WaitGroup, GoMutex and sleep are written once, in core, on top of
 * {@link GoRuntime#gopark} and {@link GoRuntime#goready}, so they work on every stage.
 *
 * <p>Deadlock detection (Go's {@code checkdead}): a run counts its goroutines that are not
 * waiting (runnable, running or in a syscall) and its pending wake-ups (timers, poll waits). A
 * waker always counts the G it wakes before it parks itself, and a timer or poller counts its G
 * before it stops counting itself, so the count reaches zero only when nothing can ever wake anyone.
 *
 * <p>Around it: {@link GoRuntime} (what a goroutine may call), {@link RunState} (one run),
 * {@link Lifecycle} (one run at a time, how runs end, close), {@link AllM} (every M and its
 * thread). Invariants: a goroutine's count moves from "not waiting" only in {@code park_m}
 * (after the switch) and back only in {@code goready}, so checkdead never fires while a wake-up
 * is on its way; a G is created and retired once ({@link #newproc}, {@code goexit0}).
 */
public abstract class AbstractScheduler implements Scheduler {

    protected final String stageId;
    protected final Config config;
    private final Set<Capability> capabilities;

    /** Every M and its thread (Go's {@code allm}). */
    final AllM allm = new AllM();
    /** Counters of threads that are not Ms (the timer thread, the caller of run). */
    final StatBlock external = new StatBlock();
    private final List<ContendedLock> globalLocks = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();
    /** Null unless {@code Config.trace(true)}. */
    final Tracer tracer;
    volatile Timers timers;
    /** One run at a time, how a run ends, close(). */
    final Lifecycle life = new Lifecycle(this);
    protected AbstractScheduler(String stageId, Config config, Set<Capability> capabilities) {
        this.stageId = stageId;
        this.config = config;
        this.capabilities = Set.copyOf(capabilities);
        this.tracer = config.trace() ? new Tracer(startNanos) : null;
    }

    /*
     * Recording an event (only if Config.trace(true); see gmp.core.Trace.Kind for what each
     * kind means). Three shapes, so that a call says what it records: an M's event on a P
     * (parked, woken, spinning, a handoff), a goroutine's event, and Gs moved in a batch.
     */

    /** An event of M {@code m} on P {@code p} (-1: no P), e.g. {@code M_PARK}, {@code M_WAKE}, {@code HANDOFF}. */
    public final void traceM(gmp.core.Trace.Kind kind, M m, int p) {
        if (tracer != null) {
            tracer.record(m, kind, p, -1, -1, -1, null);
        }
    }

    /** An event of goroutine {@code goid} on {@code m} (and its P), e.g. {@code GO_CREATE}, with an optional note. */
    public final void traceG(gmp.core.Trace.Kind kind, M m, long goid, String note) {
        if (tracer != null) {
            tracer.record(m, kind, traceP(m), goid, -1, -1, note);
        }
    }

    /**
     * {@code n} goroutines moved by {@code m} on P {@code p}: a batch from the global queue, an
     * overflow to it, or a steal from {@code from} (a P, or an M where there are no Ps; -1 for none).
     */
    public final void traceMoved(gmp.core.Trace.Kind kind, M m, int p, int n, int from) {
        if (tracer != null) {
            tracer.record(m, kind, p, -1, n, from, null);
        }
    }

    /**
     * Marks the start of a phase of the running program ({@code Trace.Kind.MARK}): the tour's
     * report draws each phase in a panel of its own. Does nothing unless tracing is on.
     */
    public final void traceMark(String phase) {
        if (tracer != null) {
            tracer.record(M.current(), gmp.core.Trace.Kind.MARK, -1, -1, -1, -1, phase);
        }
    }

    /** Whether this scheduler records events: check it before building an expensive note. */
    public final boolean tracing() {
        return tracer != null;
    }

    /** The P {@code m} holds, for the trace: -1 where the stage has no Ps. */
    protected int traceP(M m) {
        return -1;
    }

    /** How many Ps the stage has, for the trace's tracks: 0 where the stage has none. */
    protected int traceProcs() {
        return 0;
    }

    /** Run-queue lengths for the trace's counters: {global, local of m's P}, or null. */
    protected int[] traceQueues(M m) {
        return null;
    }

    /** What was recorded so far (empty unless created with {@code Config.trace(true)}). */
    @Override
    public final gmp.core.Trace trace() {
        return tracer == null ? new gmp.core.Trace(stageId, traceProcs(), java.util.List.of(), 0)
                : tracer.snapshot(stageId, traceProcs());
    }

    // ------------------------------------------------------------------ the stage's hooks

    /** Make the main goroutine runnable; start the first M(s) if they are not running. */
    protected abstract void startRun(G main);

    /** A new goroutine {@code g} was created by goroutine code on {@code m} (Go's {@code newproc}). */
    protected abstract void spawn(G g, M m);

    /** {@code g} is runnable again (Go's {@code ready}); may be called from any thread. */
    protected abstract void ready(G g);

    /** {@code g} yielded on {@code m} and is runnable (Go's {@code gosched_m}), called on m after the switch. */
    protected abstract void gosched(G g, M m);

    /** The run is over: drop the Gs it left queued. Ms keep running for the next run. */
    protected abstract void endRun(RunState run);

    /**
     * {@link #close()} was called: make every M's loop return and wake parked Ms. Allocate
     * nothing (not even an iterator): after a run that ran out of memory the heap may be full.
     */
    protected abstract void shutdown();

    /** {@code g} on {@code m} enters a blocking system call (Go's {@code entersyscall}). */
    protected void entersyscall(G g, M m) {
    }

    /** {@code g}'s system call returned (Go's {@code exitsyscall}); it may resume on another M. */
    protected void exitsyscall(G g, M m) {
    }

    /** Called on m after {@code g} parked, before it counts as waiting: a stage that cannot wait fails here. */
    protected void parked(G g, M m) {
    }

    /** {@code Go.sleep}: by default parks the G on a timer; a stage may block the M instead. */
    protected void sleep(G g, Duration d) {
        long when = System.nanoTime() + d.toNanos();
        GoRuntime.gopark(() -> timers().add(when, g), "sleep");
    }

    /**
     * The stage's network poller (Go 1.1+'s netpoll), or null: without one, {@code GoNet} does
     * every socket call as a blocking system call that holds its M's thread.
     */
    public Netpoller netpoller() {
        return null;
    }

    /**
     * Where a preempted G goes (Go's {@code gopreempt_m} -> {@code goschedImpl}): by default
     * wherever {@link #gosched} puts a yielding G, which from stage 04 on is the global queue.
     */
    protected void gopreempt(G g, M m) {
        gosched(g, m);
    }

    /**
     * {@link #close()} saw every M leave its loop: drop every reference the stage still holds to
     * goroutines (stale run-queue slots too), so that no goroutine outlives close(), not even
     * those of a run that ran out of memory, whose heap this gives back. Allocate nothing here.
     */
    protected void released() {
    }

    /** After {@link #close()} joined every thread: release what the stage holds (e.g. a Selector). */
    protected void closed() {
    }

    /** Extra text for a deadlock report (why this stage could not go on). */
    protected String deadlockDetail(RunState run) {
        return "";
    }

    /** Stage-specific part of {@link #schedtrace()}: everything after "SCHED Nms: ". */
    protected abstract String schedtraceFields();

    // ------------------------------------------------------------------ the run

    @Override
    public final <T> T run(Callable<T> main) {
        return life.run(main);
    }

    /**
     * The detail lines of Go's {@code scheddetail}: one per M (its running goroutine, or -1),
     * after the stage's own lines ({@link #scheddetailFields()}, e.g. one per P). We keep no
     * list of every goroutine (Go's {@code allgs}), so goroutines appear only as an M's curg.
     */
    public final String scheddetail() {
        StringBuilder sb = new StringBuilder(scheddetailFields());
        allm.forEachLive(m -> {
            G g = m.curg;
            sb.append(sb.isEmpty() ? "" : "\n").append("  M").append(m.id).append(": curg=")
                    .append(g == null ? -1 : g.goid).append(g == null ? "" : " (" + g.status.name().toLowerCase() + ")")
                    .append(" thread=").append(m.thread.getState().name().toLowerCase());
        });
        return sb.toString();
    }

    /** The stage's detail lines (one per P in stage 04 and later), or empty. */
    protected String scheddetailFields() {
        return "";
    }

    /** The run in progress, or null. */
    protected final RunState currentRun() {
        return life.current;
    }

    /** Whether {@link #close()} has been called: every M's loop returns when it sees this. */
    public final boolean closing() {
        return life.closing;
    }

    /** Allocates a G of run {@code r} (Go's {@code newproc1}); it counts as live and not waiting. */
    G newG(RunState r, int creatorM, Runnable fn, Callable<?> mainFn) {
        G g = new G(r.goidgen.incrementAndGet(), r, creatorM, fn, mainFn);
        r.live.incrementAndGet();
        r.notWaiting.incrementAndGet();
        return g;
    }

    /** {@code go fn()} from the goroutine running on {@code m} (Go's {@code newproc}). */
    public final void newproc(M m, Runnable fn) {
        Objects.requireNonNull(fn, "fn");
        if (m.curg.run.isOver()) {
            // The run has ended (main returned, or it failed): in Go the program is gone. This
            // goroutine goes no further: switched off its M, it is discarded, never resumed. (A
            // goroutine that keeps spawning after an out-of-memory failure would otherwise keep
            // its M, and the heap, until close() gives up on it.)
            M.mcall(m, GoRuntime.GOSCHED_M);
            return;
        }
        G g = newG(m.curg.run, m.id, fn, null);
        m.stats.inc(Stat.GOROUTINES_CREATED);
        if (tracer != null) {
            traceG(gmp.core.Trace.Kind.GO_CREATE, m, g.goid, null);
        }
        g.status = GStatus.RUNNABLE;
        spawn(g, m);
    }

    /** A G's function returned or threw (Go's {@code goexit0}); called on its M after the switch. */
    final void goexit0(G g, M m) {
        g.status = GStatus.DEAD;
        m.stats.inc(Stat.GOROUTINES_FINISHED);
        RunState r = g.run;
        r.live.decrementAndGet();
        if (g.panic != null) {
            if (r.isOver()) {
                // the run has its outcome: allocate nothing (the heap may be full)
            } else if (g.panic instanceof OutOfMemoryError oom) {
                fatal(r, oom, g);    // Go cannot recover from it either
            } else {
                r.finish(null, new GoroutinePanic(g.goid, g.panic));
            }
        } else if (g == r.main) {
            if (runEndsWithMain()) {
                r.finish(g.result, null);
            } else {
                r.mainResult = g.result;
                r.mainExited = true;
            }
        }
        if (r.notWaiting.decrementAndGet() == 0) {
            checkdead(r);
        }
        goexit(g, m);
    }

    /**
     * Whether the run ends when main returns (Go's rule, and the default). 01-serial says no:
     * a batch system runs every queued job, so its run ends when its queue is empty.
     */
    protected boolean runEndsWithMain() {
        return true;
    }

    /** Stage hook after a G died (e.g. 1:1 ends the G's thread). */
    protected void goexit(G g, M m) {
    }

    /** Go's {@code checkdead}: nothing runs, nothing can wake anyone. */
    final void checkdead(RunState r) {
        // a run that outlives main (a batch) with nothing left is finished by its stage, not dead
        if (r.notWaiting.get() == 0 && r.wakeupsPending.get() == 0 && !r.isOver() && !r.mainExited) {
            r.finish(null, new Deadlock(deadlockReport(r)));
        }
    }

    /** Ends the current run with {@code failure} (e.g. a stage that cannot continue). */
    protected final void fail(RunState r, RuntimeException failure) {
        r.finish(null, failure);
    }

    private String deadlockReport(RunState r) {
        StringBuilder sb = new StringBuilder();
        G main = r.main;
        if (main != null) {
            sb.append("goroutine ").append(main.goid).append(" [").append(main.waitReason).append("]: the main goroutine");
        }
        G last = r.lastParked;
        if (last != null && last != main) {
            sb.append("\ngoroutine ").append(last.goid).append(" [").append(last.waitReason).append("]: the last to park");
        }
        int others = r.live.get() - 1 - (last != null && last != main ? 1 : 0);
        if (others > 0) {
            sb.append("\n... and ").append(others).append(others == 1 ? " other goroutine" : " other goroutines").append(" waiting");
        }
        String detail = deadlockDetail(r);
        if (!detail.isEmpty()) {
            sb.append("\n\n").append(detail);
        }
        return sb.toString();
    }

    /** The timer thread (Go &lt;= 1.13's {@code timerproc}), started on first use. */
    protected final Timers timers() {
        Timers t = timers;
        if (t == null) {
            synchronized (this) {
                t = timers;
                if (t == null) {
                    t = new Timers(threadName("timers"), external, life::timerprocCrashed);
                    timers = t;
                }
            }
        }
        return t;
    }

    // ------------------------------------------------------------------ threads

    final int nextMId() {
        return allm.nextId();
    }

    final String threadName(String what) {
        return "gmp-" + stageId + "-" + what;
    }

    /** Accounts a new M (Go's {@code newm}/{@code checkmcount}); fails the run past maxThreads. */
    final void mStarted(M m) {
        if (!allm.add(m, config.maxThreads())) {
            FatalError e = new FatalError("thread exhaustion: the program needs more than " + config.maxThreads()
                    + " threads (maxThreads, Go's sched.maxmcount)");
            RunState r = life.current;
            if (r != null) {
                r.finish(null, e);
            }
            throw e;
        }
    }

    /** An M's own loop threw (see {@link Lifecycle#mCrashed}): the run fails; never throws. */
    final void mCrashed(M m, Throwable t) {
        life.mCrashed(m, t);
    }

    /** The heap is gone: ends run {@code r} with "runtime: out of memory" (see {@link Lifecycle#fatal}). Never throws. */
    final void fatal(RunState r, OutOfMemoryError oom, Object where) {
        life.fatal(r, oom, where);
    }

    /** {@link M#start()} failed: its thread never ran, so it never exits; undo {@link #mStarted}. */
    final void mNeverStarted(M m) {
        allm.neverStarted(m);
    }

    /** An M's thread is about to end. Allocates nothing. */
    final void mExited(M m) {
        allm.exited(m);
    }

    /** Counts {@code s} on the current M if it is one of ours, else on the shared block. */
    public final void count(Stat s) {
        M m = M.current();
        if (m != null && m.sched == this) {
            m.stats.inc(s);
        } else {
            external.incShared(s);
        }
    }

    /** Ms alive right now. */
    protected final int threadsAlive() {
        return allm.alive();
    }

    /** Registers a lock whose counts are reported as the global scheduler lock ({@code sched.lock}). */
    protected final ContendedLock registerGlobalLock(ContendedLock lock) {
        globalLocks.add(lock);
        return lock;
    }

    /**
     * {@code GoNet} opened {@code socket} for a goroutine of this scheduler: until
     * {@link #socketClosed}, {@link #close()} closes it, which frees an M blocked in a call on it
     * (an {@code accept} with no poller). If this scheduler is already closing, the socket is
     * closed at once and this throws.
     */
    public final void socketOpened(Closeable socket) throws IOException {
        life.socketOpened(socket);
    }

    /** {@code socket}, opened by {@link #socketOpened}, is being closed by its owner. */
    public final void socketClosed(Closeable socket) {
        life.socketClosed(socket);
    }

    /** Ends the run in progress, wakes and joins every M (see {@link Lifecycle#close()}). */
    @Override
    public final void close() {
        life.close();
    }

    // ------------------------------------------------------------------ Scheduler API

    @Override
    public final String id() {
        return stageId;
    }

    @Override
    public final Config config() {
        return config;
    }

    @Override
    public final Set<Capability> capabilities() {
        return capabilities;
    }

    @Override
    public final SchedStats stats() {
        long[] v = new long[Stat.values().length];
        allm.addStatsTo(v);
        external.addAllTo(v);
        for (ContendedLock l : globalLocks) {
            v[Stat.LOCK_ACQUISITIONS.ordinal()] += l.acquisitions();
            v[Stat.LOCK_CONTENDED.ordinal()] += l.contended();
            v[Stat.LOCK_WAIT_NS.ordinal()] += l.waitNanos();
        }
        v[Stat.THREADS_CREATED.ordinal()] = allm.created();
        v[Stat.THREADS_PEAK.ordinal()] = allm.peak();
        return new SchedStats(v);
    }

    @Override
    public final String schedtrace() {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return "SCHED " + ms + "ms: " + schedtraceFields();
    }

    @Override
    public String toString() {
        return stageId + " scheduler";
    }
}
