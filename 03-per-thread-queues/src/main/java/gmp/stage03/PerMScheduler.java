package gmp.stage03;

import gmp.core.Config;
import gmp.core.ContendedLock;
import gmp.core.Stat;
import gmp.core.Trace;
import gmp.core.spi.GoRuntime;
import gmp.core.spi.RunState;
import gmp.core.spi.AbstractScheduler;
import gmp.core.spi.G;
import gmp.core.spi.GlobalRunQueue;
import gmp.core.spi.GStatus;
import gmp.core.spi.M;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;

/**
 * 03-perm: the distributed scheduler, a run queue per M. This is the idea Dmitry Vyukov's
 * 2012 design starts from before it adds P: take the global lock off the hot path by giving
 * every M its own queue.
 *
 * <ul>
 *   <li>{@code go} puts the new G on the <em>creating M's</em> local queue: it will most likely
 *       run on the same thread, with its creator's data still in cache.</li>
 *   <li>{@code findRunnable}: every 61st schedule one G from the global queue first (fairness,
 *       see below); own queue; then the global queue (under {@code sched.lock}, and only when it
 *       is not empty); then steal half of another M's queue, looking at <em>every</em> M, in a
 *       random order; then go idle.</li>
 *   <li>{@code sched.lock} now guards only the global queue (overflow, Gs back from syscalls,
 *       wake-ups from non-M threads), the idle-M list and M creation.</li>
 *   <li>At most {@code procs} Ms run Go code at once ({@code mcpu}, as in stage 02, now an
 *       atomic counter).</li>
 * </ul>
 *
 * <p>What is still wrong, and what stage 04 fixes: the queue belongs to the <em>thread</em>.
 * An M that blocks in a system call blocks with its queue; another M is started to keep the
 * CPUs busy, and the Gs left behind can only be reached by stealing. With many goroutines
 * in long syscalls there are many Ms, almost all blocked or idle, and every steal attempt
 * scans all of them ({@link Stat#QUEUES_SCANNED} per {@link Stat#STEAL_ATTEMPTS} grows with
 * {@link Stat#THREADS_PEAK}). Go 1.1 moves the queue to a P, of which there are exactly
 * GOMAXPROCS, and hands the P (with its queue) to another M when its M blocks.
 *
 * <p>Invariants: every M that keeps scheduling takes the global queue's head at least once
 * every 61 goroutines it runs (the {@code schedtick % 61} check), however busy its own queue
 * stays. An M runs Go code only while it holds one of the {@code procs} CPU slots
 * ({@code holdsCpu}; {@code mcpu} counts them). An idle M is on {@code midle} and parked; it
 * is taken off only by {@link #wakep}, which reserves a slot for it first. A G is in at most
 * one queue. {@code midle}, {@code ghead/gtail} and M creation are guarded by {@code lock};
 * {@code globrunq.size()} and {@code nmidle} are also readable without it, as hints.
 */
public class PerMScheduler extends AbstractScheduler {

    /** An M with its own run queue. */
    protected final class PM extends M {
        public final RunQueue runq = newRunq.apply(config.runqCapacity());
        boolean holdsCpu;
        boolean requeue;
        /** Goroutines this M has started running (Go's {@code p.schedtick}; there is no P yet). */
        int schedtick;
        volatile boolean idle;
        PM schedlink;

        PM() {
            super(PerMScheduler.this, null);
        }

        @Override
        protected void mstart() {
            schedule(this);
        }
    }

    private final ContendedLock lock = registerGlobalLock(new ContendedLock("sched.lock"));
    /** Makes each M's queue: the reference {@link LockedRunq}, or exercise 3.1's. */
    private final IntFunction<RunQueue> newRunq;
    private final int procs;
    private final AtomicInteger mcpu = new AtomicInteger();
    private final List<PM> allm = new CopyOnWriteArrayList<>();
    /** The global run queue ({@code sched.runq}). */
    private final GlobalRunQueue globrunq = new GlobalRunQueue(this);
    private PM midle;
    private volatile int nmidle;

    /** Stage 03-perm (and the exercises' subclasses of it, which replace one function). */
    protected PerMScheduler(Config config) {
        this(config, LockedRunq::new);
    }

    /** 03-perm whose Ms' queues are made by {@code newRunq} (exercise 3.1). */
    PerMScheduler(Config config, IntFunction<RunQueue> newRunq) {
        super(Stage03Provider.PERM.id(), config, Stage03Provider.PERM.capabilities());
        this.procs = config.procs();
        this.newRunq = newRunq;
    }

    // ------------------------------------------------------------ the M's loop

    private void schedule(PM m) {
        while (!closing()) {
            if (!m.holdsCpu) {
                stopm(m);       // back from a syscall with no free slot: wait to be woken
                continue;
            }
            G g = findRunnable(m);
            if (g == null) {
                continue;       // went idle and was woken (or closing)
            }
            m.schedtick++;
            m.execute(g);
            if (m.requeue) {
                m.requeue = false;
                runqput(m, g);
            }
        }
    }

    /**
     * Own queue, global queue, steal from every other M; null after going idle (the M was
     * parked and woken again). Called holding a CPU slot.
     *
     * <p>Fairness: every 61st schedule takes one G from the global queue <em>first</em> (Go's
     * {@code schedtick%61} check, from Go 1.2). Without it, goroutines that keep readying each
     * other on this M's queue (a ping-pong, a {@code Go.yield} loop) would starve the global
     * queue forever, and with it every timer wake-up and every G back from a syscall.
     */
    private G findRunnable(PM m) {
        G g;
        if (m.schedtick % 61 == 0 && globrunq.size() > 0) {
            g = globrunqgetOne(m);
            if (g != null) {
                return g;
            }
        }
        g = m.runq.get();
        if (g != null) {
            m.stats.inc(Stat.LOCAL_RUNQ_GETS);
            return g;
        }
        if (globrunq.size() > 0) {
            lock.lock();
            try {
                g = globrunqget(m);
            } finally {
                lock.unlock();
            }
            if (g != null) {
                return g;
            }
        }
        g = steal(m);
        if (g != null) {
            return g;
        }
        // nothing anywhere: give up the slot and sleep
        return stopm(m);
    }

    /**
     * Steal half of some other M's queue: every M, starting at a random one ({@code fastrand}),
     * the first that has anything. Counts one {@link Stat#STEAL_ATTEMPTS} per call, one
     * {@link Stat#QUEUES_SCANNED} per queue looked at, and on success {@link Stat#STEAL_SUCCESSES}
     * and the {@link Stat#GOROUTINES_STOLEN}. Returns a stolen G to run, or null. Exercise 3.2 writes it.
     */
    protected G steal(PM m) {
        List<PM> ms = allm;
        int n = ms.size();
        if (n < 2) {
            return null;
        }
        m.stats.inc(Stat.STEAL_ATTEMPTS);
        int start = m.fastrand(n);
        for (int i = 0; i < n; i++) {
            PM victim = ms.get((start + i) % n);
            if (victim == m) {
                continue;
            }
            m.stats.inc(Stat.QUEUES_SCANNED);
            int got = victim.runq.stealHalfInto(m.runq);
            if (got > 0) {
                m.stats.inc(Stat.STEAL_SUCCESSES);
                m.stats.add(Stat.GOROUTINES_STOLEN, got);
                traceMoved(Trace.Kind.STEAL, m, -1, got, victim.id);     // no Ps: from M victim.id
                return m.runq.get();
            }
        }
        return null;
    }

    /** Every M made so far (Go's {@code allm}). */
    protected final List<PM> allm() {
        return allm;
    }

    /** Go's {@code sched.lock}: the global queue, the idle-M list, M creation. */
    protected final ContendedLock schedLock() {
        return lock;
    }

    /** Go's {@code sched.runq}, guarded by {@link #schedLock()}. */
    protected final GlobalRunQueue globrunq() {
        return globrunq;
    }

    /** GOMAXPROCS: how many Ms may run goroutines at once. */
    protected final int gomaxprocs() {
        return procs;
    }

    private boolean anyWork() {
        if (globrunq.size() > 0) {
            return true;
        }
        for (PM p : allm) {
            if (p.runq.size() > 0) {
                return true;
            }
        }
        return false;
    }

    /** Sleeps until {@link #wakep} (or close) takes this M off the idle list. */
    private void park(PM m) {
        m.stats.inc(Stat.M_PARKS);
        traceM(Trace.Kind.M_PARK, m, -1);
        while (m.idle && !closing()) {
            LockSupport.park(this);
        }
    }

    /**
     * Go's {@code stopm}: an M that found no work (it gives up its CPU slot) or came back from a
     * syscall to find every slot taken goes on the idle list and sleeps until woken with a slot.
     * Returns a G instead if the global queue had one at the last look.
     */
    private G stopm(PM m) {
        lock.lock();
        try {
            if (m.holdsCpu) {
                G g = globrunqget(m);     // one last look while holding the lock
                if (g != null) {
                    return g;
                }
                m.holdsCpu = false;       // give up the slot and go idle in one step
                mcpu.decrementAndGet();
            }
            mput(m);
        } finally {
            lock.unlock();
        }
        // Re-check after going idle: a G queued before we were on the idle list found no one
        // to wake. If there is work, wake someone (maybe ourselves).
        if (anyWork()) {
            wakep();
        }
        park(m);
        return null;
    }

    /**
     * Go's {@code wakep}/{@code startm}: if a CPU slot is free, give it to an idle M (or a new
     * one) so it can look for the work just queued. Cheap when every slot is taken: no lock.
     */
    private void wakep() {
        if (mcpu.get() >= procs || closing()) {
            return;
        }
        lock.lock();
        try {
            if (mcpu.get() >= procs) {
                return;
            }
            PM mp = mget();
            if (mp == null) {
                mp = new PM();
                mp.holdsCpu = true;
                mcpu.incrementAndGet();
                try {
                    mp.start();
                } catch (RuntimeException | Error e) {
                    mcpu.decrementAndGet();
                    throw e;
                }
                allm.add(mp);
                return;
            }
            mp.holdsCpu = true;
            mcpu.incrementAndGet();
            mp.idle = false;
            count(Stat.M_WAKEUPS);
            traceM(Trace.Kind.M_WAKE, mp, -1);
            LockSupport.unpark(mp.thread());
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------ queues

    /**
     * Local put. A full queue sends its older half and the new G to the global queue in one
     * batch, one lock acquisition for {@code capacity/2 + 1} Gs (Go's {@code runqputslow}).
     * Exercise 3.3 writes it.
     */
    protected void runqput(PM m, G g) {
        if (m.runq.put(g)) {
            m.stats.inc(Stat.LOCAL_RUNQ_PUTS);
            return;
        }
        G[] batch = m.runq.takeHalfForOverflow();
        lock.lock();
        try {
            for (G b : batch) {
                globrunq.put(b);
            }
            globrunq.put(g);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Lock held: takes a batch from the global queue for M {@code m} (Go's {@code globrunqget}):
     * {@code min(size, size/procs + 1, capacity/2)} Gs, the first to run, the rest onto
     * the M's own queue, so one acquisition feeds the M for a while. Exercise 3.3 writes it.
     */
    protected G globrunqget(PM m) {
        int n = globrunq.batchSize(procs, 0, Math.min(m.runq.free(), config.runqCapacity() / 2));
        if (n == 0) {
            return null;
        }
        G first = globrunq.get();
        for (int k = 1; k < n; k++) {
            m.runq.put(globrunq.get());
        }
        traceMoved(Trace.Kind.GLOBAL_BATCH, m, -1, n, -1);
        return first;
    }

    /** The fairness check's look at the global queue: one G (Go's {@code globrunqget(p, 1)}), or null. */
    private G globrunqgetOne(PM m) {
        lock.lock();
        try {
            G g = globrunq.get();
            if (g != null) {
                traceMoved(Trace.Kind.GLOBAL_BATCH, m, -1, 1, -1);
            }
            return g;
        } finally {
            lock.unlock();
        }
    }

    private void globput(G g) {
        lock.lock();
        try {
            globrunq.put(g);
        } finally {
            lock.unlock();
        }
    }

    /** Lock held. */
    private void mput(PM m) {
        m.idle = true;
        m.schedlink = midle;
        midle = m;
        nmidle++;
    }

    /** Lock held. */
    private PM mget() {
        PM m = midle;
        if (m != null) {
            midle = m.schedlink;
            m.schedlink = null;
            nmidle--;
        }
        return m;
    }

    // ------------------------------------------------------------ the SPI

    @Override
    protected void startRun(G main) {
        globput(main);
        wakep();
    }

    /** {@code go}: onto the creator's own queue; wake an M if a CPU is idle. */
    @Override
    protected void spawn(G g, M m) {
        runqput((PM) m, g);
        wakep();
    }

    /** From a goroutine: onto its M's queue. From a timer or another thread: the global queue. */
    @Override
    protected void ready(G g) {
        M m = M.current();
        if (m instanceof PM pm && pm.sched == this && pm.holdsCpu) {
            runqput(pm, g);
        } else {
            globput(g);
        }
        wakep();
    }

    @Override
    protected void gosched(G g, M m) {
        ((PM) m).requeue = true;
    }

    /**
     * The M blocks, keeping its queue; it gives up its CPU slot, and if anything is queued
     * anywhere (its own queue, the global one, or the queue of some other blocked M: all must
     * be looked at) another M is woken or started for it.
     */
    @Override
    protected void entersyscall(G g, M m) {
        PM pm = (PM) m;
        pm.holdsCpu = false;
        mcpu.decrementAndGet();
        if (pm.runq.size() > 0 || anyWork()) {
            m.stats.inc(Stat.HANDOFFS);
            wakep();
        }
    }

    /** Take a slot back if one is free; else queue the G globally and idle this M. */
    @Override
    protected void exitsyscall(G g, M m) {
        PM pm = (PM) m;
        for (int c = mcpu.get(); c < procs; c = mcpu.get()) {
            if (mcpu.compareAndSet(c, c + 1)) {
                pm.holdsCpu = true;
                return;
            }
        }
        GoRuntime.mcall(this::exitsyscall0);
    }

    private void exitsyscall0(G g) {
        g.status = GStatus.RUNNABLE;
        globput(g);
        wakep();
    }

    @Override
    protected void endRun(RunState run) {
        lock.lock();
        try {
            globrunq.clear();
        } finally {
            lock.unlock();
        }
        for (int i = 0; i < allm.size(); i++) {     // no iterator: after an out-of-memory run the heap is full
            allm.get(i).runq.clear();
        }
    }

    @Override
    protected void shutdown() {
        for (int i = 0; i < allm.size(); i++) {     // no iterator: the heap may be full
            LockSupport.unpark(allm.get(i).thread());
        }
    }

    /**
     * idleprocs = CPU slots not held; idlethreads = Ms on the idle list; runqueue = the global
     * queue; the brackets list every M's local queue (there is no P yet, so one entry per M,
     * however many). No spinning Ms in this model.
     */
    @Override
    protected String schedtraceFields() {
        StringBuilder sb = new StringBuilder();
        for (PM m : allm) {
            sb.append(sb.isEmpty() ? "" : " ").append(m.runq.size());
        }
        return "gomaxprocs=" + procs + " idleprocs=" + Math.max(0, procs - mcpu.get()) + " threads=" + threadsAlive()
                + " spinningthreads=0 idlethreads=" + nmidle + " runqueue=" + globrunq.size() + " [" + sb + "]";
    }
}
