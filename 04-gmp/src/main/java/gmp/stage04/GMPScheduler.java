package gmp.stage04;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.ContendedLock;
import gmp.core.Stat;
import gmp.core.Trace;
import gmp.core.spi.AbstractScheduler;
import gmp.core.spi.G;
import gmp.core.spi.GlobalRunQueue;
import gmp.core.spi.GStatus;
import gmp.core.spi.M;
import gmp.core.spi.PollDesc;

import java.nio.channels.SelectableChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * 04-gmp: the G-M-P scheduler of Go 1.1 and later (proc.go), as of Go 1.19 where it matters.
 *
 * <p>There are exactly GOMAXPROCS Ps. An M must hold a P to run goroutines; the P carries the
 * run queue (a lock-free ring and {@code runnext}, see {@link P}). So the number of run
 * queues is the number of CPUs, not the number of threads: an M that blocks in a system call
 * leaves its P behind ({@code entersyscall}), {@code sysmon} retakes it and {@code handoffp}
 * gives it, queue and all, to another M. Thieves look at Ps, never at blocked threads.
 *
 * <p>{@code schedule} -> {@code findRunnable}, in Go's order: every 61st schedtick one G from
 * the global queue first (fairness); the local queue (runnext first: a G readied by the running
 * G runs next and inherits its time slice); a batch from the global queue; then, if this M is
 * spinning or fewer than half the busy Ps have spinning Ms, steal half of another P's queue
 * (4 rounds in a random coprime order, idle Ps skipped, runnext only on the last round); then
 * give up the P, stop spinning, look once more at every queue, and sleep. A spinning M that
 * finds work wakes another ({@code resetspinning} -> {@code wakep}), so new work fans out one
 * M at a time; {@code wakep} starts an M only if none is spinning and a P is idle.
 *
 * <p>Timers live on the Ps (Go 1.14+): {@code Go.sleep} adds one to the current P's heap,
 * {@code findRunnable} runs due ones (its own P's, and other Ps' while stealing), and an M with
 * nothing to do sleeps in the network poller ({@link Netpoll}) until the earliest timer or an
 * I/O event. So there is no thread per sleeper and no timer thread.
 *
 * <p>Model differences: no garbage collector; {@code Gosched} puts the G on the global queue as
 * Go does. {@code exitsyscall0} puts the G in the new P's runnext instead of running it
 * directly. After it stops spinning an M re-checks the global queue as well as the Ps (Go 1.21;
 * Go 1.19 checked only the Ps and could lose a wake-up). Sysmon notices a G that has run for a
 * whole time slice but, as in Go 1.1, nothing here can stop it: {@link #preemptone} is where
 * stage 05 comes in.
 *
 * <p>Four functions are {@code protected}, the places where history (stage 05) or a learner
 * (the exercises) puts another version: {@link #findWork}, {@link #handoffp},
 * {@link #retakeRunning} and {@link #preemptone}; what they may call is {@code protected final}
 * ({@link #startm}, {@link #pidleput}, {@link #schedLock}, {@link #globrunqsize}...). The run queue
 * of every P is made by a {@link LocalRunQueue.Factory}: the reference {@link Runq}, or exercise
 * 4.1's.
 *
 * <p>Invariants: {@code allp} is fixed. A P is RUNNING with exactly one M ({@code p.m}), or
 * SYSCALL and remembered by one blocked M ({@code m.oldp}), or IDLE and then on the idle list
 * or being handed to an M by {@code startm}. {@code sched.lock} guards the global queue, the
 * idle P and M lists; {@code npidle}, {@code nmspinning} are atomics readable without it.
 * {@code m.spinning} implies the M is counted in {@code nmspinning}. At most one M at a time
 * blocks in the poller, and {@code netpoll.lastpoll} is 0 exactly then; a P's timers are
 * guarded by its {@link PTimers}' monitor.
 */
public class GMPScheduler extends AbstractScheduler implements LocalRunQueue.Overflow {

    /** An M of Go 1.1+; as the {@link WorkSources} of its current P, it is what {@link #findWork} looks through. */
    protected final class GM extends M implements WorkSources {
        volatile P p;
        /** The P this M left in SYSCALL state (Go's {@code m.oldp}). */
        P oldp;
        /** A P handed over by startm, to acquire when woken (Go's {@code m.nextp}). */
        volatile P nextp;
        boolean spinning;
        /** Asleep on its note (Go's {@code m.park}). */
        volatile boolean parked;
        boolean requeue;
        boolean inheritTime;
        GM schedlink;

        GM() {
            super(GMPScheduler.this, null);
        }

        @Override
        protected void mstart() {
            schedule(this);
        }

        @Override
        public void checkTimers() {
            GMPScheduler.this.checkTimers(p);
        }

        @Override
        public int schedtick() {
            return p.schedtick;
        }

        @Override
        public int globrunqsize() {
            return globrunq.size();
        }

        @Override
        public G globrunqget(int max) {
            return globrunqgetLocking(p, max);
        }

        @Override
        public G runqget() {
            G g = p.runq.runqget();
            if (g != null) {
                inheritTime = p.runq.inheritTime();
                stats.inc(Stat.LOCAL_RUNQ_GETS);
            }
            return g;
        }

        @Override
        public G netpoll() {
            // Poll the network before stealing, unless another M is blocked polling.
            if (netpoll.waiters.get() > 0 && netpoll.lastpoll.get() != 0) {
                List<G> list = netpoll.poll(0);
                if (!list.isEmpty()) {
                    return injectglist(p, list, true);
                }
            }
            return null;
        }

        @Override
        public boolean spinning() {
            return spinning;
        }

        @Override
        public int nmspinning() {
            return nmspinning.get();
        }

        @Override
        public int npidle() {
            return npidle.get();
        }

        @Override
        public int gomaxprocs() {
            return allp.length;
        }

        @Override
        public void startSpinning() {
            spinning = true;
            nmspinning.incrementAndGet();
            stats.inc(Stat.SPINNING);
            trace(Trace.Kind.M_SPIN, this, p.id, -1, -1, -1, null);
        }

        @Override
        public G stealWork() {
            return GMPScheduler.this.stealWork(this);
        }
    }

    private static final long SYSMON_MIN_DELAY_NS = TimeUnit.MICROSECONDS.toNanos(20);
    private static final long SYSMON_MAX_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The longest deep sleep (a safety net; acquirep wakes sysmon). */
    private static final long SYSMON_DEEP_SLEEP_NS = TimeUnit.SECONDS.toNanos(1);

    private final ContendedLock lock = registerGlobalLock(new ContendedLock("sched.lock"));
    private final long timeSliceNs;
    private final P[] allp;
    private final StealOrder stealOrder;
    private final GlobalRunQueue globrunq = new GlobalRunQueue(this);
    private final Netpoll netpoll = new Netpoll();
    private final AtomicInteger npidle = new AtomicInteger();
    private final AtomicInteger nmspinning = new AtomicInteger();
    private final List<GM> allm = new CopyOnWriteArrayList<>();
    /**
     * Scenario replays only: Ms are "paper" Ms whose threads never start; a test drives them
     * step by step through the real code ({@link #scheduleOne}, {@link #retake}, ...).
     */
    private final boolean paper;
    /** Set while {@link #paper(Supplier)} builds a scheduler, so a subclass is built on paper too. */
    private static final ThreadLocal<Boolean> BUILDING_ON_PAPER = new ThreadLocal<>();
    private P pidle;
    private GM midle;
    private volatile int nmidle;
    private volatile M sysmon;
    /** sysmon is in its deep sleep, every P idle (Go's {@code sched.sysmonwait}). */
    private volatile boolean sysmonwait;
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

    /** A scheduler whose Ms are driven by hand, one step at a time: for the seed scenarios. */
    static GMPScheduler paper(Config config) {
        return paper(() -> new GMPScheduler(config.validate()));
    }

    /**
     * Builds {@code make}'s scheduler on paper: its Ms' threads never start and a test plays
     * them. For any subclass, so an exercise's scheduler can replay the scenarios too.
     */
    static <S extends GMPScheduler> S paper(Supplier<S> make) {
        BUILDING_ON_PAPER.set(Boolean.TRUE);
        try {
            return make.get();
        } finally {
            BUILDING_ON_PAPER.remove();
        }
    }

    private GMPScheduler(String id, Config config, Set<Capability> capabilities, LocalRunQueue.Factory runqs) {
        super(id, config, capabilities);
        this.paper = BUILDING_ON_PAPER.get() == Boolean.TRUE;
        this.timeSliceNs = config.timeSlice().toNanos();
        allp = new P[config.procs()];
        for (int i = 0; i < allp.length; i++) {
            allp[i] = new P(i, config.runqCapacity(), runqs);
        }
        for (int i = allp.length - 1; i >= 0; i--) {
            pidleput(allp[i]);
        }
        stealOrder = new StealOrder(allp.length);
    }

    // ------------------------------------------------------------ schedule

    private void schedule(GM m) {
        while (!closing()) {
            if (m.p == null) {
                stopm(m);
                continue;
            }
            G g = scheduleOne(m);
            if (g == null) {
                continue;
            }
            m.execute(g);
            if (m.requeue) {            // Gosched: to the global queue (Go's goschedImpl)
                m.requeue = false;
                lock.lock();
                try {
                    globrunq.put(g);
                } finally {
                    lock.unlock();
                }
            }
        }
    }

    /**
     * One pass of Go's {@code schedule} up to {@code execute}: find a G, stop spinning (waking
     * the next spinner), count the schedtick unless the G inherits the time slice. Null if the
     * M gave up its P.
     */
    G scheduleOne(GM m) {
        G g = findRunnable(m);
        if (g == null) {
            return null;
        }
        if (m.spinning) {
            resetspinning(m);
        }
        if (m.inheritTime) {
            m.stats.inc(Stat.RUNNEXT_HITS);
        } else {
            m.p.schedtick++;
        }
        return g;
    }

    /**
     * Go's {@code findrunnable}; returns null when the M gave up its P (it will stop). First
     * {@link #findWork}, every source of work in Go's order; if that finds nothing, give up the
     * P, look again, and sleep in the poller until the earliest timer or I/O event if there is
     * one to wait for.
     */
    private G findRunnable(GM m) {
        while (true) {
            P p = m.p;
            m.inheritTime = false;
            G g = findWork(m);
            if (g != null) {
                return g;
            }
            // Nothing: give up the P.
            lock.lock();
            try {
                if (globrunq.size() > 0) {
                    return globrunqget(p, 0);
                }
                releasep(m);
                pidleput(p);
            } finally {
                lock.unlock();
            }
            boolean wasSpinning = m.spinning;
            if (m.spinning) {
                m.spinning = false;
                nmspinning.decrementAndGet();
            }
            if (wasSpinning) {
                // "We must check all runqueues once again after dropping nmspinning": a G queued
                // while we were spinning found a spinning M and did not wake anyone. The global
                // queue too: a G put there by a thread without a P (a new run's main, a poller
                // wake-up) saw us spinning and left it to us. Go 1.19 checked only the Ps here
                // and could lose that wake-up; Go 1.21 added this check (pidlegetSpinning), and
                // the stress runs found the same lost wake-up here before it was added.
                // (The size is read before taking the lock: a putter writes it under the lock,
                // then reads nmspinning; we decremented nmspinning, then read it. Both volatile,
                // so one of us sees the other.)
                if (globrunq.size() > 0) {
                    lock.lock();
                    try {
                        if (globrunq.size() > 0) {
                            P pp = pidleget();
                            if (pp != null) {
                                acquirep(m, pp);
                                m.spinning = true;
                                nmspinning.incrementAndGet();
                                return globrunqget(pp, 0);
                            }
                        }
                    } finally {
                        lock.unlock();
                    }
                }
                P again = checkRunqsNoP();
                if (again != null) {
                    acquirep(m, again);
                    m.spinning = true;
                    nmspinning.incrementAndGet();
                    continue;
                }
            }
            // Sleep in the poller if there is something to wait for (I/O, or a timer on any P);
            // one M at a time (lastpoll = 0 while it blocks).
            long pollUntil = earliestTimer();
            if ((netpoll.waiters.get() > 0 || pollUntil != 0) && !closing()
                    && netpoll.lastpoll.getAndSet(0) != 0) {
                netpoll.pollUntil.set(pollUntil);
                long delay = pollUntil == 0 ? -1 : Math.max(0, pollUntil - System.nanoTime());
                m.stats.inc(Stat.NETPOLL_BLOCKS);
                List<G> list = netpoll.poll(delay);
                netpoll.pollUntil.set(0);
                netpoll.lastpoll.set(System.nanoTime());
                P pp;
                lock.lock();
                try {
                    pp = closing() ? null : pidleget();
                } finally {
                    lock.unlock();
                }
                if (pp == null) {
                    injectglist(null, list, false);
                    return null;
                }
                acquirep(m, pp);
                if (!list.isEmpty()) {
                    return injectglist(pp, list, true);
                }
                if (wasSpinning) {
                    m.spinning = true;
                    nmspinning.incrementAndGet();
                }
                continue;
            } else if (pollUntil != 0) {
                long pu = netpoll.pollUntil.get();
                if (pu == 0 || pu - pollUntil > 0) {
                    netpoll.wakeup();       // the poller sleeps past our timer: let it look again
                }
            }
            return null;
        }
    }

    /**
     * The top of Go's {@code findRunnable}: every source of work, in Go 1.19's order. Timers due
     * on this P first (their Gs land in runnext); every 61st schedtick one G from the global queue
     * before the local one, so goroutines there are not starved by a busy P; the local queue
     * (runnext, then the ring); a batch from the global queue; a non-blocking netpoll; and, if
     * this M is spinning or spinning Ms are fewer than half the busy Ps ("limit the number of
     * spinning Ms to half the number of busy Ps"), steal from the other Ps. Null if all were
     * empty. Exercise 4.3 writes it.
     */
    protected G findWork(WorkSources w) {
        w.checkTimers();
        if (w.schedtick() % 61 == 0 && w.globrunqsize() > 0) {
            G g = w.globrunqget(1);
            if (g != null) {
                return g;
            }
        }
        G g = w.runqget();
        if (g != null) {
            return g;
        }
        if (w.globrunqsize() > 0) {
            g = w.globrunqget(0);
            if (g != null) {
                return g;
            }
        }
        g = w.netpoll();
        if (g != null) {
            return g;
        }
        if (w.spinning() || 2 * w.nmspinning() < w.gomaxprocs() - w.npidle()) {
            if (!w.spinning()) {
                w.startSpinning();
            }
            return w.stealWork();
        }
        return null;
    }

    /** After giving up the P: if some P has work, take an idle P to go after it. */
    private P checkRunqsNoP() {
        for (P pp : allp) {
            if (!pp.idlepMask && !pp.runq.runqempty()) {
                lock.lock();
                try {
                    return pidleget();
                } finally {
                    lock.unlock();
                }
            }
        }
        return null;
    }

    /**
     * Go's {@code stealWork}: 4 rounds over the Ps in random order; runnext on the last. Each
     * round is one steal attempt in {@link Stat#STEAL_ATTEMPTS}: one pass over the Ps, as 03's
     * attempt is one pass over the Ms.
     */
    private G stealWork(GM m) {
        P mine = m.p;
        for (int round = 0; round < 4; round++) {
            m.stats.inc(Stat.STEAL_ATTEMPTS);
            boolean stealTimersOrRunNext = round == 3;
            for (StealOrder.Enum e = stealOrder.start(m.fastrand(Integer.MAX_VALUE)); !e.done(); e.next()) {
                P victim = allp[e.position()];
                if (victim == mine) {
                    continue;
                }
                // Run the victim's due timers: their Gs land on our runnext.
                if (stealTimersOrRunNext && victim.timers.next() != 0 && checkTimers(victim)) {
                    G g = mine.runq.runqget();
                    if (g != null) {
                        m.inheritTime = mine.runq.inheritTime();
                        return g;
                    }
                }
                // Skip Ps on the idle list (Go's idlepMask): their queues are empty. Not every
                // IDLE P: one that handoffp is handing to a waking M has work, and may be robbed.
                if (victim.idlepMask) {
                    continue;
                }
                m.stats.inc(Stat.QUEUES_SCANNED);
                int before = mine.runq.runqsize();
                G g = mine.runq.runqsteal(victim.runq, stealTimersOrRunNext);
                if (g != null) {
                    int stolen = 1 + Math.max(0, mine.runq.runqsize() - before);
                    m.stats.inc(Stat.STEAL_SUCCESSES);
                    m.stats.add(Stat.GOROUTINES_STOLEN, stolen);
                    trace(Trace.Kind.STEAL, m, mine.id, -1, stolen, victim.id, null);
                    return g;
                }
            }
        }
        return null;
    }

    // ------------------------------------------------------------ timers and the poller

    /**
     * Go's {@code checkTimers}: runs {@code pp}'s due timers on this M; each wakes its G into
     * this M's P (runnext, as {@code goready} does). True if any ran.
     */
    private boolean checkTimers(P pp) {
        long next = pp.timers.next();
        if (next == 0) {
            return false;       // no timers: not even a clock read (Go's checkTimers returns early too)
        }
        long now = System.nanoTime();
        if (next - now > 0) {
            return false;
        }
        List<G> due = new ArrayList<>();
        pp.timers.popDue(now, due);
        for (G g : due) {
            count(Stat.TIMERS_FIRED);       // before the G can run (and end the run)
            goready(g);
            g.run.wakeupDone();
        }
        return !due.isEmpty();
    }

    /** The earliest timer on any P, 0 if none (Go's {@code checkTimersNoP}/{@code timeSleepUntil}). */
    private long earliestTimer() {
        long min = 0;
        for (P pp : allp) {
            long w = pp.timers.next();
            if (w != 0 && (min == 0 || w - min < 0)) {
                min = w;
            }
        }
        return min;
    }

    /** Go's {@code addtimer} for {@code time.Sleep}, on the M after {@code g} parked. */
    private void addtimer(long when, G g) {
        GM m = (GM) M.current();
        P p = m.p != null ? m.p : allp[0];     // parked from inside a syscall: any P's heap will do
        p.timers.add(when, g);
        wakeNetPoller(when);
    }

    /** Go's {@code wakeNetPoller}: make sure some M will look at a timer due at {@code when}. */
    private void wakeNetPoller(long when) {
        if (netpoll.lastpoll.get() == 0) {
            long pu = netpoll.pollUntil.get();
            if (pu == 0 || pu - when > 0) {
                netpoll.wakeup();
            }
        } else {
            wakep();
        }
    }

    /**
     * Go's {@code injectglist}: Gs the poller readied. With {@code pp} null (no P here) they all
     * go to the global queue; otherwise as many as there are idle Ps go there, each with an M
     * started for it, and the rest onto {@code pp}'s ring. With {@code takeFirst}, the first is
     * returned to run now instead.
     */
    private G injectglist(P pp, List<G> list, boolean takeFirst) {
        List<G> run = new ArrayList<>(list.size());
        for (G g : list) {
            if (markRunnable(g)) {
                run.add(g);
            }
        }
        for (int i = 0; i < list.size(); i++) {
            count(Stat.NETPOLL_READIED);        // before any of them can run (and end the run)
        }
        G first = takeFirst && !run.isEmpty() ? run.removeFirst() : null;
        if (!run.isEmpty()) {
            int toGlobal = pp == null ? run.size() : Math.min(npidle.get(), run.size());
            if (toGlobal > 0) {
                lock.lock();
                try {
                    for (int i = 0; i < toGlobal; i++) {
                        globrunq.put(run.get(i));
                    }
                } finally {
                    lock.unlock();
                }
                for (int i = 0; i < toGlobal && npidle.get() > 0; i++) {
                    startm(null, false);
                }
            }
            for (int i = toGlobal; i < run.size(); i++) {
                pp.runq.runqput(run.get(i), false, this);
            }
        }
        for (G g : list) {
            netpoll.handedBack(g);
        }
        return first;
    }

    /** Go's {@code resetspinning}: this M found work; if it was the last spinner, wake another. */
    private void resetspinning(GM m) {
        m.spinning = false;
        nmspinning.decrementAndGet();
        wakep();
    }

    // ------------------------------------------------------------ Ms and Ps

    /** Go's {@code wakep}: start a spinning M if a P is idle and nobody spins. */
    private void wakep() {
        if (npidle.get() == 0 || closing()) {
            return;
        }
        if (nmspinning.get() != 0 || !nmspinning.compareAndSet(0, 1)) {
            return;
        }
        startm(null, true);
    }

    /**
     * Go's {@code startm}: run {@code p} (or an idle P) on an idle M, or a new one. A spinning
     * start has already been counted in nmspinning by the caller. Call it without sched.lock.
     */
    protected final void startm(P p, boolean spinning) {
        GM nm;
        lock.lock();
        try {
            if (p == null) {
                p = pidleget();
                if (p == null) {
                    if (spinning) {
                        nmspinning.decrementAndGet();
                    }
                    return;
                }
            }
            nm = midleget();
        } finally {
            lock.unlock();
        }
        if (nm == null) {
            newm(p, spinning);
            return;
        }
        nm.spinning = spinning;
        nm.nextp = p;
        nm.parked = false;
        count(Stat.M_WAKEUPS);
        trace(Trace.Kind.M_WAKE, nm, p == null ? -1 : p.id, -1, -1, -1, null);
        LockSupport.unpark(nm.thread());
    }

    private void newm(P p, boolean spinning) {
        GM nm = new GM();
        nm.nextp = p;
        nm.spinning = spinning;
        if (paper) {
            allm.add(nm);
            return;
        }
        allm.add(nm);       // before it starts: close()'s shutdown must find it to unpark it if it is already idle
        try {
            nm.start();
        } catch (RuntimeException | Error e) {      // thread exhaustion: put things back
            allm.remove(nm);
            if (spinning) {
                nmspinning.decrementAndGet();
            }
            lock.lock();
            try {
                pidleput(p);
            } finally {
                lock.unlock();
            }
            throw e;
        }
    }

    /** Go's {@code stopm}: sleep on the idle list until startm hands over a P. */
    private void stopm(GM m) {
        if (m.nextp == null) {
            lock.lock();
            try {
                midleput(m);
            } finally {
                lock.unlock();
            }
            m.stats.inc(Stat.M_PARKS);
            trace(Trace.Kind.M_PARK, m, -1, -1, -1, -1, null);
            if (paper) {
                return;         // a paper M stays on the idle list until startm hands it a P
            }
            while (m.parked && !closing()) {
                LockSupport.park(this);
            }
        }
        P p = m.nextp;
        if (p != null) {
            m.nextp = null;
            acquirep(m, p);
        }
    }

    private void acquirep(GM m, P p) {
        p.m = m;
        p.setStatus(P.Status.RUNNING);
        m.p = p;
        if (sysmonwait) {
            wakeSysmon();
        }
    }

    private void releasep(GM m) {
        P p = m.p;
        p.m = null;
        m.p = null;
    }

    /** Go's {@code pidleput}: {@code p} goes on the idle P list. sched.lock held. */
    protected final void pidleput(P p) {
        p.setStatus(P.Status.IDLE);
        p.idlepMask = true;
        p.link = pidle;
        pidle = p;
        npidle.incrementAndGet();
    }

    /** Lock held. */
    private P pidleget() {
        P p = pidle;
        if (p != null) {
            p.idlepMask = false;
            pidle = p.link;
            p.link = null;
            npidle.decrementAndGet();
        }
        return p;
    }

    /** Lock held. */
    private void midleput(GM m) {
        m.parked = true;
        m.schedlink = midle;
        midle = m;
        nmidle++;
    }

    /** Lock held. */
    private GM midleget() {
        GM m = midle;
        if (m != null) {
            midle = m.schedlink;
            m.schedlink = null;
            nmidle--;
        }
        return m;
    }

    // ------------------------------------------------------------ the global queue

    /** {@code runqputslow}'s batch, from a P's owner (lock not held). */
    @Override
    public void globrunqputbatch(G[] batch, int n) {
        if (tracing()) {
            M m = M.current();
            trace(Trace.Kind.OVERFLOW, m, traceP(m), -1, n, -1, null);
        }
        lock.lock();
        try {
            for (int i = 0; i < n; i++) {
                globrunq.put(batch[i]);
            }
        } finally {
            lock.unlock();
        }
    }

    private G globrunqgetLocking(P p, int max) {
        lock.lock();
        try {
            return globrunqget(p, max);
        } finally {
            lock.unlock();
        }
    }

    /** Go's {@code globrunqget}, lock held: a batch, the first to run, the rest onto {@code p}'s ring. */
    private G globrunqget(P p, int max) {
        int n = globrunq.batchSize(allp.length, max, p.runq.capacity() / 2);
        if (n == 0) {
            return null;
        }
        G g = globrunq.get();
        for (int i = 1; i < n; i++) {
            p.runq.runqput(globrunq.get(), false, this::globrunqputbatchLocked);
        }
        trace(Trace.Kind.GLOBAL_BATCH, M.current(), p.id, -1, n, -1, null);
        return g;
    }

    /** Overflow while the lock is already held. */
    private void globrunqputbatchLocked(G[] batch, int n) {
        for (int i = 0; i < n; i++) {
            globrunq.put(batch[i]);
        }
    }

    // ------------------------------------------------------------ sysmon

    /**
     * Go's {@code sysmon}: its own M, without a P. Sleeps 20 us, doubling after 50 idle rounds
     * up to 10 ms, and sleeps until woken while every P is idle; each round {@link #retake}s Ps stuck in system calls, and polls the network
     * if no M did for 10 ms. (Stage 05 adds
     * preemption of long-running goroutines here.)
     */
    private void sysmon() {
        long delay = SYSMON_MIN_DELAY_NS;
        int idle = 0;
        while (!closing()) {
            if (npidle.get() == allp.length && netpoll.waiters.get() == 0) {
                sysmonDeepSleep();
                idle = 0;
                delay = SYSMON_MIN_DELAY_NS;
                continue;
            }
            LockSupport.parkNanos(this, delay);
            long now = System.nanoTime();
            long lp = netpoll.lastpoll.get();
            if (netpoll.waiters.get() > 0 && lp != 0 && now - lp > SYSMON_MAX_DELAY_NS
                    && netpoll.lastpoll.compareAndSet(lp, now)) {
                List<G> list = netpoll.poll(0);     // nobody polled for 10 ms: do it here
                if (!list.isEmpty()) {
                    injectglist(null, list, false);
                }
            }
            if (retake(now) == 0) {
                idle++;
            } else {
                idle = 0;
            }
            delay = idle > 50 ? Math.min(delay * 2, SYSMON_MAX_DELAY_NS) : SYSMON_MIN_DELAY_NS;
        }
    }

    /**
     * Go's {@code sysmonwait}: with every P idle there is nothing to retake, preempt or poll
     * for, so sysmon sleeps until a P runs again and then starts over at 20 us. Without it, a
     * sysmon backed off to 10 ms sleeps through every syscall shorter than that and never hands
     * a P off. Go wakes it from {@code entersyscall} and {@code exitsyscall}; here
     * {@code acquirep} wakes it, which covers those and a P starting to run goroutines.
     */
    private void sysmonDeepSleep() {
        sysmonwait = true;
        // re-check after announcing: a P acquired meanwhile either sees sysmonwait or is seen here
        while (sysmonwait && !closing() && npidle.get() == allp.length && netpoll.waiters.get() == 0) {
            LockSupport.parkNanos(this, SYSMON_DEEP_SLEEP_NS);
        }
        sysmonwait = false;
    }

    private void wakeSysmon() {
        sysmonwait = false;
        M s = sysmon;
        if (s != null) {
            LockSupport.unpark(s.thread());
        }
    }

    /**
     * Go's {@code retake}. A RUNNING P whose schedtick has not moved for a whole time slice
     * (Go's {@code forcePreemptNS}, {@code Config.timeSlice}) has its G asked to stop
     * ({@link #preemptone}). A P that has been in a syscall since sysmon last looked is taken
     * from its M and handed off, unless it has nothing to do, other Ms are idle or spinning,
     * and the syscall is younger than 10 ms. Returns the number of Ps handed off (as in Go,
     * preemption requests do not count: sysmon backs off while a hog runs).
     */
    int retake(long now) {
        int n = 0;
        for (P p : allp) {
            P.Status s = p.status();
            if (s == P.Status.RUNNING) {
                retakeRunning(p, now);
                continue;
            }
            if (s != P.Status.SYSCALL) {
                continue;
            }
            int t = p.syscalltick;
            if (p.sysmonSyscalltick != t) {
                p.sysmonSyscalltick = t;
                p.sysmonSyscallWhen = now;
                continue;
            }
            if (p.runq.runqempty() && nmspinning.get() + npidle.get() > 0
                    && now - p.sysmonSyscallWhen < SYSMON_MAX_DELAY_NS) {
                continue;
            }
            if (p.casStatus(P.Status.SYSCALL, P.Status.IDLE)) {
                n++;
                count(Stat.HANDOFFS);
                trace(Trace.Kind.HANDOFF, sysmon, p.id, -1, -1, -1, null);
                handoffp(p);
            }
        }
        return n;
    }

    /**
     * The running-P half of Go's {@code retake} ("preempt G if it's running for too long"):
     * sysmon remembers the P's schedtick and when it first saw it ({@code sysmontick}); a new
     * tick starts a new time slice, and a tick unchanged for a whole {@link #timeSliceNanos()}
     * means one goroutine (or a runnext chain inheriting its slice) has held the P that long:
     * ask it to stop ({@link #preemptone}). Sysmon's thread only. Exercise 5.1 writes it.
     */
    protected void retakeRunning(P p, long now) {
        int t = p.schedtick;
        if (p.sysmonSchedtick != t) {
            p.sysmonSchedtick = t;
            p.sysmonSchedwhen = now;
        } else if (now - p.sysmonSchedwhen >= timeSliceNs) {
            GM m = p.m;
            if (m != null) {
                preemptone(m);
            }
        }
    }

    /** How long a goroutine may run before sysmon asks it to stop ({@code Config.timeSlice}, Go's forcePreemptNS). */
    protected final long timeSliceNanos() {
        return timeSliceNs;
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

    /**
     * Go's {@code handoffp}: sysmon took {@code p} from an M blocked in a syscall; give it to an
     * M if it has work (its own queue, or the global one); else, if no M is spinning and no P is
     * idle, start a spinning M for whatever comes next; else park it on the idle list (after one
     * more look at the global queue under the lock, since a G may have arrived meanwhile).
     * Exercise 4.4 writes it.
     */
    protected void handoffp(P p) {
        if (!p.runq.runqempty() || globrunq.size() > 0) {
            startm(p, false);
            return;
        }
        if (nmspinning.get() + npidle.get() == 0 && nmspinning.compareAndSet(0, 1)) {
            startm(p, true);
            return;
        }
        boolean work;
        lock.lock();
        try {
            work = globrunq.size() > 0;     // one more look under the lock, as Go does
            if (!work) {
                pidleput(p);
            }
        } finally {
            lock.unlock();
        }
        if (work) {
            startm(p, false);
        }
    }

    @Override
    protected int traceP(M m) {
        P p = m instanceof GM gm ? gm.p : null;
        return p == null ? -1 : p.id;
    }

    @Override
    protected int traceProcs() {
        return allp.length;
    }

    @Override
    protected int[] traceQueues(M m) {
        P p = m instanceof GM gm ? gm.p : null;
        return p == null ? null : new int[] {globrunq.size(), p.runq.runqsize()};
    }

    /** For tests: P {@code i}. */
    P p(int i) {
        return allp[i];
    }

    // ------------------------------------------------------------ scenario replays (paper Ms)

    /** Every M made so far, in creation order. */
    List<GM> allm() {
        return List.copyOf(allm);
    }

    /** A paper M holding the first idle P, as if it had been running for a while. */
    GM paperM() {
        GM m = new GM();
        allm.add(m);
        lock.lock();
        try {
            acquirep(m, pidleget());
        } finally {
            lock.unlock();
        }
        return m;
    }

    /** A paper M woken by startm gets going: it acquires the P it was handed (end of Go's stopm). */
    void paperWake(GM m) {
        P p = m.nextp;
        m.nextp = null;
        m.parked = false;
        acquirep(m, p);
    }

    /** {@code go} on paper: what {@link #ready} does for a G made by the G running on {@code m}. */
    void paperGo(GM m, G g) {
        m.p.runq.runqput(g, true, this);
        wakep();
    }

    /** A paper M found nothing and gave up its P: it goes to the idle list (Go's stopm). */
    void paperStop(GM m) {
        stopm(m);
    }

    /** The global queue, head first. */
    List<G> globalQueue() {
        lock.lock();
        try {
            return globrunq.snapshot();
        } finally {
            lock.unlock();
        }
    }

    /** The idle Ps, head of the list first. */
    List<P> idlePs() {
        lock.lock();
        try {
            List<P> out = new ArrayList<>();
            for (P p = pidle; p != null; p = p.link) {
                out.add(p);
            }
            return out;
        } finally {
            lock.unlock();
        }
    }

    /** Go's {@code sched.nmspinning}: Ms spinning now. */
    protected final int nmspinning() {
        return nmspinning.get();
    }

    /** Go's {@code atomic.Cas(&sched.nmspinning, old, next)}. */
    protected final boolean casNmspinning(int old, int next) {
        return nmspinning.compareAndSet(old, next);
    }

    /** Go's {@code sched.npidle}: Ps on the idle list. */
    protected final int npidle() {
        return npidle.get();
    }

    /** Go's {@code sched.runqsize}: the global run queue's length; read without the lock it is a hint. */
    protected final int globrunqsize() {
        return globrunq.size();
    }

    /** Go's {@code sched.lock}: the global run queue, the idle P and M lists. */
    protected final ContendedLock schedLock() {
        return lock;
    }

    // ------------------------------------------------------------ the SPI

    @Override
    protected void startRun(G main) {
        if (sysmon == null) {
            M s = new M(this, this::sysmon);
            sysmon = s;
            s.start();
        }
        lock.lock();
        try {
            globrunq.put(main);
        } finally {
            lock.unlock();
        }
        wakep();
    }

    /** Go's {@code newproc}: into runnext of the creator's P; then wakep. */
    @Override
    protected void spawn(G g, M m) {
        ready(g);
    }

    /**
     * Go's {@code ready}: into runnext of the waker's P. A waker without a P (the timer thread,
     * or goroutine code inside a {@code Go.syscall}, whose P was left behind) uses the global queue.
     */
    @Override
    protected void ready(G g) {
        M m = M.current();
        if (m instanceof GM gm && gm.sched == this && gm.p != null) {
            gm.p.runq.runqput(g, true, this);
            m.stats.inc(Stat.LOCAL_RUNQ_PUTS);
        } else {
            lock.lock();
            try {
                globrunq.put(g);
            } finally {
                lock.unlock();
            }
        }
        wakep();
    }

    /** {@code time.Sleep}: a timer on this P's heap, no thread; the scheduler runs it. */
    @Override
    protected void sleep(G g, Duration d) {
        long when = System.nanoTime() + d.toNanos();
        gopark(() -> addtimer(when, g), "sleep");
    }

    @Override
    protected boolean hasNetpoller() {
        return true;
    }

    /** Go's {@code poll_runtime_pollWait}: park the G ("IO wait") until the poller sees the channel ready. */
    @Override
    protected void pollWait(SelectableChannel ch, int ops, PollDesc pd) {
        G g = requireM("a network call").curg;
        gopark(() -> {
            count(Stat.NETPOLL_PARKS);          // counted before the poller can see it
            if (!netpoll.arm(ch, ops, g, pd)) {
                count(Stat.NETPOLL_READIED);
                goready(g);                     // closed already: let it retry and see the error
            }
        }, "IO wait");
    }

    @Override
    protected void pollClose(PollDesc pd) {
        for (G g : netpoll.unblock(pd)) {
            count(Stat.NETPOLL_READIED);
            goready(g);
            netpoll.handedBack(g);
        }
    }

    /** No M runs: drop every G the queues still reference (see {@link LocalRunQueue#runqrelease}). */
    @Override
    protected void released() {
        lock.lock();
        try {
            globrunq.clear();
        } finally {
            lock.unlock();
        }
        for (P p : allp) {
            p.runq.runqrelease();
            p.timers.clear();
        }
    }

    @Override
    protected void closed() {
        netpoll.close();
    }

    @Override
    protected void gosched(G g, M m) {
        ((GM) m).requeue = true;
    }

    /** Go's {@code entersyscall}: the P stays with the M, marked SYSCALL, for sysmon to retake. */
    @Override
    protected void entersyscall(G g, M m) {
        GM gm = (GM) m;
        P p = gm.p;
        p.syscalltick++;
        p.m = null;
        gm.oldp = p;
        gm.p = null;
        p.setStatus(P.Status.SYSCALL);
    }

    /**
     * Go's {@code exitsyscall}: the old P if sysmon left it alone (fast path), else any idle P,
     * else queue the G globally and stop the M.
     */
    @Override
    protected void exitsyscall(G g, M m) {
        GM gm = (GM) m;
        P oldp = gm.oldp;
        gm.oldp = null;
        if (oldp != null && oldp.casStatus(P.Status.SYSCALL, P.Status.RUNNING)) {
            oldp.m = gm;
            gm.p = oldp;
            return;
        }
        if (npidle.get() > 0) {
            P p;
            lock.lock();
            try {
                p = pidleget();
            } finally {
                lock.unlock();
            }
            if (p != null) {
                acquirep(gm, p);
                return;
            }
        }
        mcall(this::exitsyscall0);
    }

    /** Go's {@code exitsyscall0}, on the M after the switch. */
    private void exitsyscall0(G g) {
        GM m = (GM) M.current();
        g.status = GStatus.RUNNABLE;
        P p;
        lock.lock();
        try {
            p = pidleget();
            if (p == null) {
                globrunq.put(g);
            }
        } finally {
            lock.unlock();
        }
        if (p != null) {
            acquirep(m, p);
            p.runq.runqput(g, true, this);
        }
    }

    @Override
    protected void endRun(RunState run) {
        lock.lock();
        try {
            globrunq.clear();
        } finally {
            lock.unlock();
        }
        for (P p : allp) {
            p.runq.runqclear();
            p.timers.purge(run);
        }
    }

    @Override
    protected void shutdown() {
        for (int i = 0; i < allm.size(); i++) {     // no iterator: the heap may be full
            LockSupport.unpark(allm.get(i).thread());
        }
        M s = sysmon;
        if (s != null) {
            LockSupport.unpark(s.thread());
        }
        netpoll.wakeup();
    }

    /** Go's scheddetail P lines. */
    @Override
    protected String scheddetailFields() {
        StringBuilder sb = new StringBuilder();
        for (P p : allp) {
            GM m = p.m;
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
        for (P p : allp) {
            sb.append(sb.isEmpty() ? "" : " ").append(p.runq.runqsize());
        }
        return "gomaxprocs=" + allp.length + " idleprocs=" + npidle.get() + " threads=" + threadsAlive()
                + " spinningthreads=" + nmspinning.get() + " idlethreads=" + nmidle
                + " runqueue=" + globrunq.size() + " [" + sb + "]";
    }
}
