package gmp.stage04;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.ContendedLock;
import gmp.core.Stat;
import gmp.core.Trace;
import gmp.core.spi.RunState;
import gmp.core.spi.AbstractScheduler;
import gmp.core.spi.G;
import gmp.core.spi.GoRuntime;
import gmp.core.spi.M;
import gmp.core.spi.Netpoller;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * 04-gmp: the G-M-P scheduler of Go 1.1 and later (proc.go), as of Go 1.19 where it matters.
 *
 * <p>There are exactly GOMAXPROCS Ps. An M must hold a P to run goroutines; the P carries the
 * run queue (a lock-free ring and {@code runnext}, see {@link P}). So the number of run
 * queues is the number of CPUs, not the number of threads: an M that blocks in a system call
 * leaves its P behind, {@code sysmon} retakes it and {@code handoffp} gives it, queue and all,
 * to another M. Thieves look at Ps, never at blocked threads.
 *
 * <p>This class is the stage's face: what core's SPI asks of a stage, and the places where
 * history (stage 05) or a learner (the exercises) puts another version. The scheduler itself is
 * in chapters, one concern per file, with Go's names, to be read in this order:
 * <ol>
 *   <li>{@link Sched}: the global state ({@code sched}): idle Ps and Ms, spinning Ms, the
 *       global queue, and the functions that need {@code sched.lock};</li>
 *   <li>{@link GmpM}: an M, and the P-M binding ({@code acquirep}, {@code releasep}...), kept in
 *       one place that checks itself;</li>
 *   <li>{@link MParking}: {@code wakep}, {@code startm}, {@code stopm}, {@code resetspinning};</li>
 *   <li>{@link Schedule}: the M's loop, {@code schedule} → {@code findRunnable} → {@code stealWork},
 *       and {@link FindWork}, the order of the sources of work (exercise 4.3);</li>
 *   <li>{@link Syscalls}: {@code entersyscall}, {@code exitsyscall}, {@code handoffp} (exercise 4.4);</li>
 *   <li>{@link TimersAndNetpoll}: the Ps' timers and the network poller, and how an idle M sleeps
 *       in it until the earliest timer;</li>
 *   <li>{@link Sysmon}: {@code sysmon} and {@code retake} (exercise 5.1 writes {@code retakeRunning}).</li>
 * </ol>
 * The run queue ({@link Runq}, exercises 4.1 and 4.2) comes before all of them; its header also
 * explains, once for the stage, which memory orderings the scheduler relies on.
 *
 * <p>Model differences: no garbage collector; {@code Gosched} puts the G on the global queue as
 * Go does. {@code exitsyscall0} puts the G in the new P's runnext instead of running it
 * directly. After it stops spinning an M re-checks the global queue as well as the Ps (Go 1.21;
 * Go 1.19 checked only the Ps and could lose a wake-up). Sysmon notices a G that has run for a
 * whole time slice but, as in Go 1.1, nothing here can stop it: {@link #preemptone} is where
 * stage 05 comes in.
 *
 * <p>Seams: four functions are {@code protected}, the places where stage 05 or a learner puts
 * another version: {@link #findWork}, {@link #handoffp}, {@link #retakeRunning} and
 * {@link #preemptone}; what they may call is {@code protected final} ({@link #startm},
 * {@link #pidleput}, {@link #schedLock}, {@link #globrunqsize}...). The run queue of every P is
 * made by a {@link LocalRunQueue.Factory}: the reference {@link Runq}, or exercise 4.1's.
 *
 * <p>Invariants: {@code allp} is fixed. A P is RUNNING with exactly one M ({@code p.m}), or
 * SYSCALL and remembered by one blocked M ({@code m.oldp}), or IDLE and then on the idle list
 * or being handed to an M by {@code startm}. The functions that keep this throw "fatal error:
 * ..." on a state that cannot be, naming Go's function with the same check; the ones that need
 * {@code sched.lock} check that it is held (see each chapter's header).
 */
public class GMPScheduler extends AbstractScheduler implements LocalRunQueue.Overflow {

    private final long timeSliceNs;
    final StealOrder stealOrder;
    final Sched sched;
    final MParking ms;
    final Schedule loop;
    final Syscalls syscalls;
    final TimersAndNetpoll poll;
    final Sysmon sysmon;
    /** Calls of {@link #preemptone} so far (see {@link #preemptoneCalls()}). */
    private volatile long preemptoneCalls;

    /** Stage 04-gmp (and the exercises' subclasses of it, which replace one function). */
    protected GMPScheduler(Config config) {
        this(Stage04Provider.GMP.id(), config, Stage04Provider.GMP.capabilities(), Runq::new);
    }

    /** A scheduler for stage {@code id}; stage 05 subclasses it to add preemption. */
    protected GMPScheduler(String id, Config config, Set<Capability> capabilities) {
        this(id, config, capabilities, Runq::new);
    }

    /** 04-gmp whose Ps' run queues are made by {@code runqs} (exercises 4.1 and 4.2). */
    GMPScheduler(Config config, LocalRunQueue.Factory runqs) {
        this(Stage04Provider.GMP.id(), config, Stage04Provider.GMP.capabilities(), runqs);
    }

    private GMPScheduler(String id, Config config, Set<Capability> capabilities, LocalRunQueue.Factory runqs) {
        super(id, config, capabilities);
        this.timeSliceNs = config.timeSlice().toNanos();
        P[] allp = new P[config.procs()];
        for (int i = 0; i < allp.length; i++) {
            allp[i] = new P(i, config.runqCapacity(), runqs);
        }
        stealOrder = new StealOrder(allp.length);
        sched = new Sched(this, registerGlobalLock(new ContendedLock("sched.lock")), allp);
        ms = new MParking(this, sched);
        loop = new Schedule(this, sched);
        syscalls = new Syscalls(this, sched);
        poll = new TimersAndNetpoll(this, sched);
        sysmon = new Sysmon(this, sched);
    }

    // ------------------------------------------------------------ the seams

    /**
     * Where an M looks for work and in which order: the top of Go's {@code findRunnable}. The
     * reference is {@link FindWork#findWork}. Exercise 4.3 writes it.
     */
    protected G findWork(WorkSources w) {
        return FindWork.findWork(w);
    }

    /** Go's {@code handoffp}: what to do with a P sysmon took from a blocked M. Reference: {@link Syscalls#handoffp}. Exercise 4.4. */
    protected void handoffp(P p) {
        syscalls.handoffp(p);
    }

    /**
     * The running-P half of Go's {@code retake} ("preempt G if it's running for too long"), for
     * each RUNNING P on sysmon's thread. Reference: {@link Sysmon#retakeRunning}. Exercise 5.1.
     */
    protected void retakeRunning(P p, long now) {
        sysmon.retakeRunning(p, now);
    }

    /**
     * Go's {@code preemptone}: ask the G running on {@code m} to give up its P. In Go 1.1 the
     * request existed but no poll honoured it, so here it only counts the call
     * ({@link #preemptoneCalls()}); stage 05 overrides it (cooperative: a flag for method-entry
     * polls; async: a signal for loop back-edges too), calling this first. Returns whether a
     * request was made.
     */
    protected boolean preemptone(M m) {
        preemptoneCalls++;          // sysmon's thread only (or a test's, on paper): one writer
        return false;
    }

    /**
     * How many times sysmon has called {@link #preemptone}: once per look ({@code retake}) that
     * found a running P on the same {@code schedtick} for at least a whole time slice, whether or
     * not a request followed (04-gmp and 05 with preemption off ask nobody; a G already asked is
     * not asked again). Read-only, for tests that must watch a goroutine keep its P for a number
     * of sysmon ticks rather than for a number of milliseconds, which would measure the machine.
     */
    public final long preemptoneCalls() {
        return preemptoneCalls;
    }

    /** How long a goroutine may run before sysmon asks it to stop ({@code Config.timeSlice}, Go's forcePreemptNS). */
    protected final long timeSliceNanos() {
        return timeSliceNs;
    }

    /** Go's {@code startm}: run {@code p} (or an idle P) on an idle M, or a new one. Without sched.lock. */
    protected final void startm(P p, boolean spinning) {
        ms.startm(p, spinning);
    }

    /** Go's {@code pidleput}: {@code p}, its queue empty, goes on the idle P list. sched.lock held. */
    protected final void pidleput(P p) {
        sched.pidleput(p);
    }

    /** Go's {@code sched.nmspinning}: Ms spinning now. */
    protected final int nmspinning() {
        return sched.nmspinning.get();
    }

    /** Go's {@code atomic.Cas(&sched.nmspinning, old, next)}. */
    protected final boolean casNmspinning(int old, int next) {
        return sched.nmspinning.compareAndSet(old, next);
    }

    /** Go's {@code sched.npidle}: Ps on the idle list. */
    protected final int npidle() {
        return sched.npidle.get();
    }

    /** Go's {@code sched.runqsize}: the global run queue's length; read without the lock it is a hint. */
    protected final int globrunqsize() {
        return sched.globrunqsize();
    }

    /** Go's {@code sched.lock}: the global run queue, the idle P and M lists. */
    protected final ContendedLock schedLock() {
        return sched.lock;
    }

    // ------------------------------------------------------------ the SPI: goroutines

    @Override
    protected void startRun(G main) {
        sysmon.start();
        sched.globrunqputLocking(main);
        ms.wakep();
    }

    /** Go's {@code newproc}: into runnext of the creator's P; then wakep. */
    @Override
    protected void spawn(G g, M m) {
        runqputOrGlobal(m, g);
    }

    /** Go's {@code ready}: into runnext of the waker's P; then wakep. */
    @Override
    protected void ready(G g) {
        runqputOrGlobal(M.current(), g);
    }

    /**
     * Into runnext of {@code m}'s P, then wakep. A waker without a P (the poller's thread, or
     * goroutine code inside a {@code Go.syscall}, whose P was left behind) uses the global queue.
     */
    private void runqputOrGlobal(M m, G g) {
        P p;
        if (m instanceof GmpM gm && gm.s == this && (p = gm.p()) != null) {
            p.runq.runqput(g, true, this);
            m.stats.inc(Stat.LOCAL_RUNQ_PUTS);
        } else {
            sched.globrunqputLocking(g);
        }
        ms.wakep();
    }

    /** {@code runqputslow}'s batch, from a P's owner (lock not held). */
    @Override
    public void globrunqputbatch(G[] batch, int n) {
        if (tracing()) {
            M m = M.current();
            traceMoved(Trace.Kind.OVERFLOW, m, traceP(m), n, -1);
        }
        sched.lock.lock();
        try {
            sched.globrunqputbatch(batch, n);
        } finally {
            sched.lock.unlock();
        }
    }

    /** Go's {@code goschedImpl}: a G that yielded goes on the global queue (Go 1.1+), on m after the switch. */
    @Override
    protected void gosched(G g, M m) {
        sched.globrunqputLocking(g);
    }

    /** {@code time.Sleep}: a timer on this P's heap, no thread; the scheduler runs it. */
    @Override
    protected void sleep(G g, Duration d) {
        long when = System.nanoTime() + d.toNanos();
        GoRuntime.gopark(() -> poll.addtimer(when, g), "sleep");
    }

    /** The network poller (chapter 6, {@link TimersAndNetpoll}): parks a G on a socket ("IO wait"). */
    @Override
    public Netpoller netpoller() {
        return poll;
    }

    /** Go's {@code entersyscall} (chapter 5, {@link Syscalls}). */
    @Override
    protected void entersyscall(G g, M m) {
        syscalls.entersyscall((GmpM) m);
    }

    /** Go's {@code exitsyscall} (chapter 5, {@link Syscalls}). */
    @Override
    protected void exitsyscall(G g, M m) {
        syscalls.exitsyscall((GmpM) m);
    }

    // ------------------------------------------------------------ the SPI: runs and closing

    @Override
    protected void endRun(RunState run) {
        sched.globrunqclear();
        for (P p : sched.allp) {
            p.runq.runqclear();
            p.timers.purge(run);
        }
    }

    /** No M runs: drop every G the queues still reference (see {@link LocalRunQueue#runqrelease}). */
    @Override
    protected void released() {
        sched.globrunqclear();
        for (P p : sched.allp) {
            p.runq.runqrelease();
            p.timers.clear();
        }
    }

    @Override
    protected void shutdown() {
        ms.unparkAll();
        sysmon.unpark();
        poll.netpoll.wakeup();
    }

    @Override
    protected void closed() {
        poll.netpoll.close();
    }

    // ------------------------------------------------------------ the SPI: what tracing and schedtrace show

    @Override
    protected int traceP(M m) {
        P p = m instanceof GmpM gm ? gm.p() : null;
        return p == null ? -1 : p.id;
    }

    @Override
    protected int traceProcs() {
        return sched.allp.length;
    }

    @Override
    protected int[] traceQueues(M m) {
        P p = m instanceof GmpM gm ? gm.p() : null;
        return p == null ? null : new int[] {sched.globrunqsize(), p.runq.runqsize()};
    }

    /** Go's scheddetail P lines. */
    @Override
    protected String scheddetailFields() {
        StringBuilder sb = new StringBuilder();
        for (P p : sched.allp) {
            GmpM m = p.m;
            sb.append(sb.isEmpty() ? "" : "\n").append("  P").append(p.id).append(": status=")
                    .append(p.status().name().toLowerCase()).append(" schedtick=").append(p.schedtick)
                    .append(" syscalltick=").append(p.syscalltick).append(" m=").append(m == null ? -1 : m.id)
                    .append(" runqsize=").append(p.runq.runqsize()).append(" timer0=").append(nextTimerIn(p.timers.next()));
        }
        return sb.toString();
    }

    private static String nextTimerIn(long when) {
        return when == 0 ? "none" : "in " + TimeUnit.NANOSECONDS.toMillis(when - System.nanoTime()) + "ms";
    }

    /** Every field means what it means in Go: the brackets are the Ps' local queue lengths. */
    @Override
    protected String schedtraceFields() {
        StringBuilder sb = new StringBuilder();
        for (P p : sched.allp) {
            sb.append(sb.isEmpty() ? "" : " ").append(p.runq.runqsize());
        }
        return "gomaxprocs=" + sched.allp.length + " idleprocs=" + sched.npidle.get() + " threads=" + threadsAlive()
                + " spinningthreads=" + sched.nmspinning.get() + " idlethreads=" + sched.nmidle
                + " runqueue=" + sched.globrunqsize() + " [" + sb + "]";
    }
}
