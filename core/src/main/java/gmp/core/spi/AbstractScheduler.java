package gmp.core.spi;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.ContendedLock;
import gmp.core.Deadlock;
import gmp.core.FatalError;
import gmp.core.GoroutinePanic;
import gmp.core.RunInterrupted;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Stat;
import gmp.core.SyscallException;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

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
 * {@link #gopark} and {@link #goready}, so they work on every stage.
 *
 * <p>Deadlock detection (Go's {@code checkdead}): a run counts its goroutines that are not
 * waiting (runnable, running or in a syscall) and its pending wake-ups (timers, poll waits). A
 * waker always counts the G it wakes before it parks itself, and a timer or poller counts its G
 * before it stops counting itself, so the count reaches zero only when nothing can ever wake anyone.
 *
 * <p>Invariants: one run at a time ({@code running}); {@code current} is written only by the
 * thread inside {@link #run}; a {@link RunState}'s outcome is set once, by whoever finishes it
 * first; an M's counters are counted exactly once by a snapshot (live, or retired).
 */
public abstract class AbstractScheduler implements Scheduler {

    protected final String stageId;
    protected final Config config;
    private final Set<Capability> capabilities;

    private final AtomicInteger mIds = new AtomicInteger();
    /**
     * Every M started and not yet known dead. One that left its loop ({@link M#exited}) stays
     * until its thread is gone, so close() can join it; leaving allocates nothing (an M may
     * leave because the heap is full). Dead ones are pruned as new Ms start.
     */
    private final Set<M> liveMs = ConcurrentHashMap.newKeySet();
    private final AtomicInteger exitedCount = new AtomicInteger();
    private volatile int pruneExitedAt = 64;
    private final AtomicInteger threadsAlive = new AtomicInteger();
    private final AtomicLong threadsCreated = new AtomicLong();
    private final AtomicInteger threadsPeak = new AtomicInteger();
    /** Counters of Ms that exited, and of threads that are not Ms. */
    private final StatBlock retired = new StatBlock();
    private final StatBlock external = new StatBlock();
    private final List<ContendedLock> globalLocks = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean();
    private final long startNanos = System.nanoTime();
    /** Null unless {@code Config.trace(true)}. */
    final Tracer tracer;
    private volatile Timers timers;
    private volatile RunState current;
    private volatile boolean closing;
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

    protected AbstractScheduler(String stageId, Config config, Set<Capability> capabilities) {
        this.stageId = stageId;
        this.config = config;
        this.capabilities = Set.copyOf(capabilities);
        this.tracer = config.trace() ? new Tracer(startNanos) : null;
    }

    /** Records an event if tracing is on (see {@link gmp.core.Trace.Kind} for what each field means). */
    protected final void trace(gmp.core.Trace.Kind kind, M m, int p, long g, int n, int other, String note) {
        if (tracer != null) {
            tracer.record(m, kind, p, g, n, other, note);
        }
    }

    /** Whether this scheduler records events: check it before building an expensive note. */
    protected final boolean tracing() {
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
        gopark(() -> timers().add(when, g), "sleep");
    }

    /**
     * Whether this stage has a network poller (Go 1.1+'s netpoll). Without one, {@code GoNet}
     * does every socket call as a blocking system call that holds its M's thread.
     */
    protected boolean hasNetpoller() {
        return false;
    }

    /**
     * Parks the current G until {@code ch} is ready for {@code ops} (Go's {@code netpollblock}
     * via {@code poll_runtime_pollWait}); only called when {@link #hasNetpoller()}.
     */
    protected void pollWait(SelectableChannel ch, int ops, PollDesc pd) {
        throw new UnsupportedOperationException(stageId + " has no network poller");
    }

    /**
     * {@code pd}'s socket is about to be closed: mark it closing and wake the Gs parked on it
     * (Go's {@code poll_runtime_pollUnblock}). Called before the channel is closed.
     */
    protected void pollClose(PollDesc pd) {
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

    /**
     * One execution of a Go program. Counters here are per run, so a goroutine left over
     * from an earlier run (still finishing its time slice) cannot disturb the next one.
     */
    public static final class RunState {
        /** The run of {@link G#detached} goroutines: no scheduler, never over. */
        static final RunState DETACHED = new RunState(null);

        public final AbstractScheduler sched;
        final AtomicLong goidgen = new AtomicLong();
        /** Live goroutines ({@code runtime.NumGoroutine}). */
        final AtomicInteger live = new AtomicInteger();
        /** Goroutines runnable, running or in a syscall: checkdead's count. */
        final AtomicInteger notWaiting = new AtomicInteger();
        /** Timers and poll waits that will ready a G: while any is pending, nobody is deadlocked. */
        final AtomicInteger wakeupsPending = new AtomicInteger();
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile boolean over;
        private Object result;
        private RuntimeException failure;
        volatile G main;
        volatile G lastParked;
        /** For stages where main's return does not end the run (01-serial's batch): main's result. */
        volatile boolean mainExited;
        private volatile Object mainResult;

        RunState(AbstractScheduler sched) {
            this.sched = sched;
        }

        /** True once main returned or the run failed: its Gs are discarded, never resumed. */
        public boolean isOver() {
            return over;
        }

        public int liveGoroutines() {
            return live.get();
        }

        /** True when main has returned but the stage keeps the run going ({@link #runEndsWithMain()} false). */
        public boolean mainExited() {
            return mainExited;
        }

        /**
         * Something outside the goroutines (a timer, the network poller) has promised to ready
         * a G of this run: until {@link #wakeupDone()}, the run is not deadlocked.
         */
        public void wakeupPending() {
            wakeupsPending.incrementAndGet();
        }

        /** The promise of {@link #wakeupPending()} is kept (call after the goready) or dropped. */
        public void wakeupDone() {
            if (wakeupsPending.decrementAndGet() == 0) {
                sched.checkdead(this);
            }
        }

        /** Ends the run with main's result (for stages whose run outlives main). */
        public boolean finishWithMainResult() {
            return finish(mainResult, null);
        }

        /** Ends the run with a result or a failure; the first call wins. */
        public synchronized boolean finish(Object result, RuntimeException failure) {
            if (over) {
                return false;
            }
            this.result = result;
            this.failure = failure;
            over = true;
            done.countDown();
            return true;
        }
    }

    @Override
    public final <T> T run(Callable<T> main) {
        Objects.requireNonNull(main, "Scheduler.run: main is null");
        if (M.current() != null) {
            throw new IllegalStateException("Scheduler.run was called from inside a goroutine; use Go.go to start another goroutine");
        }
        if (closing) {
            throw new IllegalStateException("scheduler " + stageId + " is closed");
        }
        if (broken != null) {
            throw new IllegalStateException("scheduler " + stageId + " is broken: an earlier run ended with a fatal error ("
                    + broken.getMessage() + ")", broken);
        }
        if (!running.compareAndSet(false, true)) {
            throw new IllegalStateException("scheduler " + stageId + " is already running a program: one run at a time");
        }
        try {
            RunState r = new RunState(this);
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
        G g = newG(r, -1, null, main);
        r.main = g;
        external.incShared(Stat.GOROUTINES_CREATED);
        g.status = GStatus.RUNNABLE;
        startRun(g);
    }

    /**
     * Drops what the run left: its queued Gs ({@link #endRun}), its timers. After a run that
     * ran out of memory the heap may still be full: an allocation that fails here is tried again
     * twice, then left undone (the Ms discard a finished run's Gs as they meet them anyway, and
     * close() frees the rest); the run's FatalError already says what happened.
     */
    private void dropLeftovers(RunState r) {
        for (int tries = 1; ; tries++) {
            try {
                endRun(r);
                if (timers != null) {
                    timers.purge(r);
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
                System.err.println(schedtrace() + (detail ? "\n" + scheddetail() : ""));
            }
            return false;
        } catch (InterruptedException e) {
            r.finish(null, new RunInterrupted(stageId));
            return true;
        }
    }

    /**
     * The detail lines of Go's {@code scheddetail}: one per M (its running goroutine, or -1),
     * after the stage's own lines ({@link #scheddetailFields()}, e.g. one per P). We keep no
     * list of every goroutine (Go's {@code allgs}), so goroutines appear only as an M's curg.
     */
    public final String scheddetail() {
        StringBuilder sb = new StringBuilder(scheddetailFields());
        liveMs.stream().filter(m -> !m.exited).sorted(java.util.Comparator.comparingInt(m -> m.id)).forEach(m -> {
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
        return current;
    }

    protected final boolean closing() {
        return closing;
    }

    /** Allocates a G of run {@code r} (Go's {@code newproc1}); it counts as live and not waiting. */
    private G newG(RunState r, int creatorM, Runnable fn, Callable<?> mainFn) {
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
            M.mcall(m, GOSCHED_M);
            return;
        }
        G g = newG(m.curg.run, m.id, fn, null);
        m.stats.inc(Stat.GOROUTINES_CREATED);
        if (tracer != null) {
            trace(gmp.core.Trace.Kind.GO_CREATE, m, traceP(m), g.goid, -1, -1, null);
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

    // ------------------------------------------------------------------ parking and waking

    private static final Consumer<G> PARK_M = g -> g.run.sched.parkM(g);
    private static final Consumer<G> GOSCHED_M = g -> g.run.sched.goschedM(g);
    private static final Consumer<G> GOPREEMPT_COOP = g -> g.run.sched.gopreemptM(g, false);
    private static final Consumer<G> GOPREEMPT_ASYNC = g -> g.run.sched.gopreemptM(g, true);

    /**
     * Parks the current goroutine (Go's {@code gopark}) when it took nothing that a failed park
     * must give back (a sleep, a poll wait, a select with no cases): see
     * {@link #gopark(Runnable, Consumer, Object, String)}.
     */
    public static void gopark(Runnable unlockf, String reason) {
        gopark(unlockf, null, null, reason);
    }

    /**
     * Parks the current goroutine (Go's {@code gopark}). After it is off its stack, its M runs
     * {@code unlockf} (e.g. releases the channel lock the G still holds), so a waker can never
     * see the G as waiting before it has really stopped. Returns when {@link #goready} woke it.
     *
     * <p>If the G cannot leave its thread, nothing was switched and {@code unlockf} does not
     * run: {@code undo.accept(waiter)} runs instead, with everything the caller holds still held,
     * and must give back what the caller took to be woken (dequeue its {@link Sudog}, then
     * unlock), so that no waker finds a waiter that is not waiting; then the error is thrown in
     * the goroutine, which panics with it unless it catches it. That happens when the G is
     * pinned ({@link G.PinnedGoroutineException}) or when the JVM cannot save its stack: a
     * {@code StackOverflowError} ("Stack overflow while freezing") for a goroutine some
     * thousands of frames deep (see {@code Config.stackSize}), an {@code OutOfMemoryError}
     * when the heap is full. ({@code undo} is a function of {@code waiter}, not a lambda made
     * per park, so a channel can keep one.)
     */
    public static <T> void gopark(Runnable unlockf, Consumer<? super T> undo, T waiter, String reason) {
        M m = requireM("a blocking operation");
        G g = m.curg;
        g.waitReason = reason;
        m.waitunlockf = unlockf;
        try {
            M.mcall(m, PARK_M);
        } catch (Throwable e) {
            m.waitunlockf = null;
            if (undo != null) {
                undo.accept(waiter);
            }
            throw e;
        }
    }

    /** Go's {@code park_m}, on the M after the switch. */
    private void parkM(G g) {
        M m = M.current();
        g.status = GStatus.WAITING;
        m.stats.inc(Stat.PARKS);
        RunState r = g.run;
        r.lastParked = g;
        Runnable unlockf = m.waitunlockf;
        m.waitunlockf = null;
        if (unlockf != null) {
            unlockf.run();
        }
        parked(g, m);
        if (r.notWaiting.decrementAndGet() == 0) {
            checkdead(r);
        }
    }

    /**
     * Makes a parked goroutine runnable (Go's {@code goready}). Call it at most once per park,
     * from a running goroutine, the timer thread or a poller. A G of a finished run is ignored.
     */
    public static void goready(G g) {
        RunState r = g.run;
        if (r.isOver()) {
            return;
        }
        r.notWaiting.incrementAndGet();
        g.status = GStatus.RUNNABLE;
        r.sched.ready(g);
    }

    /**
     * Marks a parked G runnable without queueing it, for a stage that queues it itself (Go's
     * {@code injectglist} after {@code netpoll}). False if its run is over: drop the G.
     */
    protected static boolean markRunnable(G g) {
        RunState r = g.run;
        if (r.isOver()) {
            return false;
        }
        r.notWaiting.incrementAndGet();
        g.status = GStatus.RUNNABLE;
        return true;
    }

    /** The scheduler of the current goroutine, for {@code GoNet}. */
    public static AbstractScheduler currentScheduler(String what) {
        return requireM(what).sched;
    }

    /** Whether {@code s} has a network poller ({@link #hasNetpoller()}), for {@code GoNet}. */
    public static boolean netpollerOf(AbstractScheduler s) {
        return s.hasNetpoller();
    }

    /** Parks the current G on the poller of its stage until {@code ch} is ready for {@code ops}. */
    public static void netpollWait(SelectableChannel ch, int ops, PollDesc pd) {
        requireM("a network call").sched.pollWait(ch, ops, pd);
    }

    /**
     * {@code GoNet} opened {@code socket} for a goroutine of {@code s}: until
     * {@link #socketClosed}, {@link #close()} closes it, which frees an M blocked in a call on it
     * (an {@code accept} with no poller). If {@code s} is already closing, the socket is closed
     * at once and this throws.
     */
    public static void socketOpened(AbstractScheduler s, Closeable socket) throws IOException {
        s.sockets.add(socket);
        if (s.closing) {            // close() may have looked at the set before the add: close it here
            s.sockets.remove(socket);
            socket.close();
            throw new IOException("scheduler " + s.stageId + " is closed");
        }
    }

    /** {@code socket}, opened by {@link #socketOpened}, is being closed by its owner. */
    public static void socketClosed(AbstractScheduler s, Closeable socket) {
        s.sockets.remove(socket);
    }

    /** Marks {@code pd} closing and wakes the Gs of {@code s} parked on it; then close the channel. */
    public static void netpollClose(AbstractScheduler s, PollDesc pd) {
        s.pollClose(pd);
    }

    /** {@code runtime.Gosched}: the current G goes back to the run queue and another may run. */
    public static void gosched() {
        M m = requireM("Go.yield");
        M.mcall(m, GOSCHED_M);
    }

    private void goschedM(G g) {
        M m = M.current();
        g.status = GStatus.RUNNABLE;
        m.stats.inc(Stat.YIELDS);
        gosched(g, m);
    }

    /** Why a G switched to its M, from what it asked the M to do (for the trace). */
    static String switchNote(Consumer<G> fn, G g) {
        if (fn == PARK_M) {
            return "blocked: " + g.waitReason;
        }
        if (fn == GOSCHED_M) {
            return "yielded";
        }
        if (fn == GOPREEMPT_COOP) {
            return "preempted (cooperative)";
        }
        if (fn == GOPREEMPT_ASYNC) {
            return "preempted (async)";
        }
        return "syscall returned, no P: queued";
    }

    /**
     * The current G answers a preemption request at a poll ({@link Safepoint}): it switches to
     * its M, which puts it back on a run queue ({@link #gopreempt(G, M)}). If the G cannot leave
     * its thread here (a native frame or a class initializer is on its stack: in Go terms, not
     * an async safe point), it runs on and sysmon asks again on a later tick.
     */
    static void gopreempt(M m, boolean async) {
        try {
            M.mcall(m, async ? GOPREEMPT_ASYNC : GOPREEMPT_COOP);
        } catch (G.PinnedGoroutineException | StackOverflowError notASafePoint) {
            // pinned, or too deep for the JVM to save its stack: the G did not ask to switch,
            // so it runs on rather than fail
            m.stats.inc(Stat.PREEMPTIONS_REFUSED);
        }
    }

    /** Go's {@code gopreempt_m}, on the M after the switch: counted before the G can run again. */
    private void gopreemptM(G g, boolean async) {
        M m = M.current();
        g.status = GStatus.RUNNABLE;
        m.stats.inc(Safepoint.stat(async));
        gopreempt(g, m);
    }

    /**
     * Where a preempted G goes (Go's {@code gopreempt_m} -> {@code goschedImpl}): by default
     * wherever {@link #gosched} puts a yielding G, which from stage 04 on is the global queue.
     */
    protected void gopreempt(G g, M m) {
        gosched(g, m);
    }

    /**
     * Go's {@code mcall(fn)} for stages: switches the current G off its M, then runs
     * {@code fn(g)} on the M (e.g. 02's {@code exitsyscall0}: queue the G, free the M).
     */
    protected static void mcall(Consumer<G> fn) {
        M.mcall(requireM("mcall"), fn);
    }

    /** {@code time.Sleep(d)} for the current goroutine. */
    public static void sleepCurrent(Duration d) {
        M m = requireM("Go.sleep");
        if (d.isNegative() || d.isZero()) {
            return;
        }
        m.sched.sleep(m.curg, d);
    }

    /**
     * A blocking system call made by the current goroutine: {@code entersyscall}, the call on
     * the M's own thread, {@code exitsyscall}. The G counts as not waiting throughout (Go does
     * not report a deadlock while a goroutine is in a syscall).
     */
    public static <T> T syscall(Callable<T> call) {
        M m = requireM("Go.syscall");
        G g = m.curg;
        AbstractScheduler s = m.sched;
        m.stats.inc(Stat.SYSCALLS);
        g.status = GStatus.SYSCALL;
        if (s.tracer != null) {
            s.trace(gmp.core.Trace.Kind.SYSCALL_ENTER, m, s.traceP(m), g.goid, -1, -1, null);
        }
        s.entersyscall(g, m);
        try {
            return call.call();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new SyscallException(e);
        } finally {
            s.exitsyscall(g, m);
            g.status = GStatus.RUNNING;
            if (s.tracer != null) {
                M now = M.current();        // the G may have come back on another M
                s.trace(gmp.core.Trace.Kind.SYSCALL_EXIT, now, s.traceP(now), g.goid, -1, -1, null);
            }
        }
    }

    /**
     * The goroutine calling {@code what}, an operation on a channel, a select, a WaitGroup or a
     * GoMutex: only a goroutine of a run in progress may use them (core/README.md, "Who may use
     * a channel"). A plain thread is refused: a value it sends could go to a goroutine that is
     * gone, and a goroutine waiting for it would be reported as deadlocked. So is a goroutine of
     * a run that is over (discarded, still finishing a slice or a syscall): it must not hand a
     * value to the next run.
     */
    public static G requireLiveG(String what) {
        G g = G.current();
        if (g == null) {
            throw new IllegalStateException(what + " must be called from a goroutine (inside Scheduler.run):"
                    + " a plain thread can neither wait for goroutines nor wake them");
        }
        if (g.run.isOver()) {
            throw new IllegalStateException(what + " was called by goroutine " + g.goid + " of a run that is over"
                    + " (its goroutines are discarded)");
        }
        return g;
    }

    /** The current M, or a clear error when called outside any goroutine. */
    public static M requireM(String what) {
        M m = M.current();
        if (m == null || m.curg == null) {
            throw new IllegalStateException(what + " must be called from a goroutine (inside Scheduler.run)");
        }
        return m;
    }

    /** The timer thread (Go &lt;= 1.13's {@code timerproc}), started on first use. */
    protected final Timers timers() {
        Timers t = timers;
        if (t == null) {
            synchronized (this) {
                t = timers;
                if (t == null) {
                    t = new Timers(threadName("timers"), external, this::timerprocCrashed);
                    timers = t;
                }
            }
        }
        return t;
    }

    // ------------------------------------------------------------------ threads

    final int nextMId() {
        return mIds.getAndIncrement();
    }

    final String threadName(String what) {
        return "gmp-" + stageId + "-" + what;
    }

    /** Accounts a new M (Go's {@code newm}/{@code checkmcount}); fails the run past maxThreads. */
    final void mStarted(M m) {
        int alive = threadsAlive.incrementAndGet();
        if (alive > config.maxThreads()) {
            threadsAlive.decrementAndGet();
            FatalError e = new FatalError("thread exhaustion: the program needs more than " + config.maxThreads()
                    + " threads (maxThreads, Go's sched.maxmcount)");
            RunState r = current;
            if (r != null) {
                r.finish(null, e);
            }
            throw e;
        }
        threadsPeak.accumulateAndGet(alive, Math::max);
        threadsCreated.incrementAndGet();
        liveMs.add(m);
        if (exitedCount.get() > pruneExitedAt) {      // forget Ms whose threads have finished dying
            liveMs.removeIf(e -> {
                boolean dead = e.exited && !e.thread.isAlive();
                if (dead) {
                    exitedCount.decrementAndGet();
                }
                return dead;
            });
            pruneExitedAt = Math.max(64, 2 * exitedCount.get());  // amortised: O(1) per M
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
    private void timerprocCrashed(Throwable t) {
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

    /** {@link M#start()} failed: its thread never ran, so it never exits; undo {@link #mStarted}. */
    final void mNeverStarted(M m) {
        liveMs.remove(m);
        threadsAlive.decrementAndGet();
    }

    /** An M's thread is about to end (it stays in {@code liveMs} until it has: see there). Allocates nothing. */
    final void mExited(M m) {
        synchronized (liveMs) {     // a snapshot sees the M's counts exactly once
            m.exited = true;
            retired.absorb(m.stats);
        }
        exitedCount.incrementAndGet();
        threadsAlive.decrementAndGet();
    }

    /** Counts {@code s} on the current M if it is one of ours, else on the shared block. */
    protected final void count(Stat s) {
        M m = M.current();
        if (m != null && m.sched == this) {
            m.stats.inc(s);
        } else {
            external.incShared(s);
        }
    }

    /** Ms alive right now. */
    protected final int threadsAlive() {
        return threadsAlive.get();
    }

    /** Registers a lock whose counts are reported as the global scheduler lock ({@code sched.lock}). */
    protected final ContendedLock registerGlobalLock(ContendedLock lock) {
        globalLocks.add(lock);
        return lock;
    }

    @Override
    public final void close() {
        M self = M.current();
        if (self != null && self.sched == this) {
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
                r.finish(null, new IllegalStateException("scheduler " + stageId + " was closed during the run"));
            } catch (OutOfMemoryError e) {
                r.finish(null, outOfMemory);
            }
        }
        boolean wokeEveryM = wakeEveryMUnlessOutOfMemory();
        Timers t = timers;
        if (t != null) {
            t.stop();
        }
        // Once every M has left its loop (counted without allocating), nothing runs the queues:
        // the stage drops them, which frees the heap if a run ran out of memory.
        for (int i = 1; threadsAlive.get() > 0 && System.nanoTime() - deadline < 0; i++) {
            if (!wokeEveryM && i % 100 == 0) {
                wokeEveryM = wakeEveryMUnlessOutOfMemory();
            }
            LockSupport.parkNanos(100_000);
        }
        if (threadsAlive.get() == 0) {
            released();
        }
        if (!wokeEveryM) {
            shutdown();     // the heap is back now, or this throws and close() tries again
            closeSockets();
        }
        // Until none is left: an M may still be started while we join (sysmon handing off a P,
        // a poller injecting Gs); it sees closing at once and exits, and the next pass joins it.
        while (true) {
            boolean lookAgain = false;
            for (M m : liveMs) {
                if (m.thread.getState() == Thread.State.NEW) {
                    lookAgain = true;       // counted, not yet started: look again in a moment
                    continue;
                }
                joinUntil(m.thread, deadline);
                if (m.thread.isAlive()) {
                    G g = m.curg;
                    throw new IllegalStateException("close(): " + m.thread.getName() + " did not stop"
                            + (g == null ? "" : ": it is still running goroutine " + g.goid
                            + ", which never yields (a JVM continuation cannot be stopped from outside)")
                            + where(m.thread));
                }
            }
            for (M m : liveMs) {            // one started while we joined the others?
                lookAgain |= m.thread.isAlive() || m.thread.getState() == Thread.State.NEW;
            }
            if (!lookAgain || System.nanoTime() - deadline > 0) {
                break;
            }
            LockSupport.parkNanos(100_000);
        }
        // A goroutine of a run that failed (it cannot be stopped from outside) may have started the
        // timer thread after we looked; with every M gone, no goroutine is left to start one now.
        t = timers;
        if (t != null) {
            t.stop();
            joinUntil(t.thread, deadline);
        }
        closed();
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
     * Wakes every M so that it sees {@code closing} and leaves: the stage's {@link #shutdown()},
     * then {@link #closeSockets()} (an M may be blocked in one). False if it ran out of memory half
     * way (a stage's shutdown may wake a poller, which can allocate): the heap may still be full
     * until {@link #released()}.
     */
    private boolean wakeEveryMUnlessOutOfMemory() {
        try {
            shutdown();
            closeSockets();
            return true;
        } catch (OutOfMemoryError e) {
            return false;
        }
    }

    /** Where a thread that would not stop is, for the error message (the top of its stack). */
    private static String where(Thread t) {
        StringBuilder sb = new StringBuilder("; it is at:");
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(12, st.length); i++) {
            sb.append("\n\tat ").append(st[i]);
        }
        return sb.toString();
    }

    private static void joinUntil(Thread t, long deadline) {
        boolean interrupted = false;
        while (t.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
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
        synchronized (liveMs) {
            retired.addAllTo(v);
            for (M m : liveMs) {
                if (!m.exited) {
                    m.stats.addAllTo(v);
                }
            }
        }
        external.addAllTo(v);
        for (ContendedLock l : globalLocks) {
            v[Stat.LOCK_ACQUISITIONS.ordinal()] += l.acquisitions();
            v[Stat.LOCK_CONTENDED.ordinal()] += l.contended();
            v[Stat.LOCK_WAIT_NS.ordinal()] += l.waitNanos();
        }
        v[Stat.THREADS_CREATED.ordinal()] = threadsCreated.get();
        v[Stat.THREADS_PEAK.ordinal()] = threadsPeak.get();
        return new SchedStats(v);
    }

    @Override
    public final String schedtrace() {
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
        return "SCHED " + ms + "ms: " + schedtraceFields();
    }

    /** Go's {@code runtime.NumGoroutine} for the run in progress. */
    public static int numGoroutine() {
        return requireM("Go.numGoroutine").curg.run.live.get();
    }

    @Override
    public String toString() {
        return stageId + " scheduler";
    }
}
