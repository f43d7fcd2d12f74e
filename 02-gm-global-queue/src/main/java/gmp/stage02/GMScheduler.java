package gmp.stage02;

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

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;

/**
 * 02-gm: Go 1.0's scheduler (src/pkg/runtime/proc.c, 2012), the G-M model.
 *
 * <p>Goroutines (G) run on machines (M, OS threads). There is one run queue, global, and all
 * scheduler state lives beside it under one lock, {@code sched.lock}:
 * <ul>
 *   <li>{@code globrunq}: the global run queue of runnable Gs (FIFO; Go 1.0's {@code ghead/gtail/gwait});</li>
 *   <li>{@code mcpu}: Ms running Go code now, at most {@code mcpumax} = GOMAXPROCS;</li>
 *   <li>{@code mhead/mwait}: idle Ms, each asleep on its own note ({@code havenextg}).</li>
 * </ul>
 * Every {@code go} statement takes the lock to queue the new G and hand it to an idle M
 * ({@code matchmg}); every schedule takes it again to pick the next G
 * ({@code nextgandunlock}). So each goroutine costs at least two acquisitions of the one
 * lock every thread needs: with more CPUs, they queue on it. That is the cost Dmitry Vyukov
 * measured in 2012 ("14% is spent in runtime.futex()") and stage 03 attacks.
 *
 * <p>And a new G goes wherever an idle M is, not where its creator runs, so related
 * goroutines rarely share a CPU cache (counted as {@link Stat#RUN_BY_CREATOR_M}).
 *
 * <p>System calls: {@code entersyscall} gives up the M's CPU slot ({@code mcpu--}) and, if Gs
 * are waiting, starts or wakes another M for them; {@code exitsyscall} takes a slot back if
 * one is free, else queues the G and parks the M. Ms therefore grow with concurrent blocking
 * syscalls, up to {@code Config.maxThreads} ("thread exhaustion").
 *
 * <p>Model differences: Go 1.0 kept {@code mcpu} and {@code gwait} in one atomic word so
 * {@code entersyscall}'s fast path could skip the lock; here every change is under the lock,
 * which only makes the lock's cost easier to see. Go 1.0 also had {@code readyonstop} for a G
 * readied while still on its M; the park protocol in core readies a G only after it is off
 * its stack, so it is not needed. The invariants below hold whenever the lock is free.
 *
 * <p>Invariants (all guarded by {@code lock}): a G is in the global queue, or some M's
 * {@code nextg}, or running, or parked elsewhere, never two of these; {@code mcpu} equals
 * the number of Ms with {@code holdsCpu} plus Ms handed a {@code nextg} they have not taken.
 */
public class GMScheduler extends AbstractScheduler {

    /** One M of Go 1.0, with its hand-off slot and its note. Fields guarded by sched.lock (public for the exercises). */
    protected final class GM extends M {
        /** A G handed to this M by matchmg, with a CPU slot already reserved (Go's {@code m->nextg}). */
        public G nextg;
        /**
         * The M's note (Go's {@code havenextg}): an idle M sets it, unlocks, and parks its
         * thread until matchmg clears it and unparks the thread ({@code notewakeup}).
         */
        public volatile boolean waitnextg;
        /** This M holds one of the mcpumax CPU slots. */
        public boolean holdsCpu;
        /** The G it just ran yielded and must go back on the queue (Go's schedule(gp), case Grunning). */
        boolean requeue;
        GM schedlink;

        GM() {
            super(GMScheduler.this, null);
        }

        @Override
        protected void mstart() {
            schedule(this);
        }
    }

    private final ContendedLock lock = registerGlobalLock(new ContendedLock("sched.lock"));
    /** GOMAXPROCS: most Ms running Go code at once (Go 1.0's {@code sched.mcpumax}). */
    protected final int mcpumax;
    /** The global run queue (Go 1.0's {@code sched.ghead/gtail/gwait}). */
    private final GlobalRunQueue globrunq = new GlobalRunQueue(this);
    /** Ms running Go code now, or handed a G to run (Go 1.0's {@code sched.mcpu}). Guarded by sched.lock. */
    protected int mcpu;
    private GM mhead;
    private int mwait;
    private final List<GM> allm = new ArrayList<>();

    /** Stage 02-gm (and the exercises' subclasses of it, which replace one function). */
    protected GMScheduler(Config config) {
        super(Stage02Provider.GM.id(), config, Stage02Provider.GM.capabilities());
        this.mcpumax = config.procs();
    }

    /** Go's {@code sched.lock}: every piece of scheduler state is under it. */
    protected final ContendedLock schedLock() {
        return lock;
    }

    /** The global run queue; guarded by {@link #schedLock()}. */
    protected final GlobalRunQueue globrunq() {
        return globrunq;
    }

    // ------------------------------------------------------------ matching Gs to Ms (lock held)

    /**
     * Go's {@code matchmg}: while Gs wait and a CPU slot is free, hand a G to an idle M,
     * creating an M if none is idle. Lock held. Exercise 2.1 writes it.
     */
    protected void matchmg() {
        while (globrunq.size() > 0 && mcpu < mcpumax) {
            G g = globrunq.get();
            mcpu++;
            GM mp = mget();
            if (mp == null) {
                try {
                    mp = newm();
                } catch (RuntimeException | Error e) {  // thread exhaustion: the run fails
                    mcpu--;
                    globrunq.put(g);
                    throw e;
                }
            }
            mnextg(mp, g);
        }
    }

    /** Go's {@code mnextg}: give {@code g} to {@code mp} and wake it if it sleeps. Lock held. */
    protected final void mnextg(GM mp, G g) {
        mp.nextg = g;
        if (mp.waitnextg) {
            mp.waitnextg = false;
            count(Stat.M_WAKEUPS);
            traceM(Trace.Kind.M_WAKE, mp, -1);
            LockSupport.unpark(mp.thread());
        }
    }

    /** Go's {@code mget}: an idle M, or null. Lock held. */
    protected final GM mget() {
        GM mp = mhead;
        if (mp != null) {
            mhead = mp.schedlink;
            mp.schedlink = null;
            mwait--;
        }
        return mp;
    }

    /** Go's {@code mput}: this M goes idle. Lock held. */
    protected final void mput(GM mp) {
        mp.schedlink = mhead;
        mhead = mp;
        mwait++;
    }

    /** Go's {@code newm}: a new OS thread, which starts in {@link #schedule}. Lock held. */
    protected final GM newm() {
        GM mp = new GM();
        mp.start();
        allm.add(mp);
        return mp;
    }

    // ------------------------------------------------------------ the M's loop

    /**
     * Go's {@code schedule(gp)} as a loop: under the lock, account for the G just run
     * (release its CPU slot; requeue it if it yielded), then {@link #nextgandunlock} picks
     * the next G; run it.
     */
    private void schedule(GM m) {
        G gp = null;
        while (true) {
            lock.lock();
            if (gp != null) {
                if (m.holdsCpu) {
                    m.holdsCpu = false;
                    mcpu--;
                }
                if (m.requeue) {
                    m.requeue = false;
                    globrunq.put(gp);
                }
            }
            gp = nextgandunlock(m);
            if (gp == null) {
                return;     // closing
            }
            m.execute(gp);
        }
    }

    /**
     * Go's {@code nextgandunlock}: the G handed to this M, else the head of the global queue if
     * a CPU slot is free, else sleep as an idle M until matchmg hands one over. Called with the
     * lock held; returns with it released and a CPU slot held (null only when closing).
     * Exercise 2.2 writes it.
     */
    protected G nextgandunlock(GM m) {
        try {
            while (!closing()) {
                if (m.nextg != null) {
                    G g = m.nextg;
                    m.nextg = null;
                    m.holdsCpu = true;      // reserved by matchmg
                    return g;
                }
                if (globrunq.size() > 0 && mcpu < mcpumax) {
                    mcpu++;
                    m.holdsCpu = true;
                    return globrunq.get();
                }
                mput(m);
                m.waitnextg = true;
                m.stats.inc(Stat.M_PARKS);
                traceM(Trace.Kind.M_PARK, m, -1);
                lock.unlock();                      // notesleep(&m->havenextg)
                while (m.waitnextg && !closing()) {
                    LockSupport.park(this);
                }
                lock.lock();
            }
            return null;
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------ the SPI

    @Override
    protected void startRun(G main) {
        ready(main);
    }

    /** Go's {@code newproc} -> {@code newprocreadylocked}: queue globally, match with an M. */
    @Override
    protected void spawn(G g, M m) {
        ready(g);
    }

    /** Go's {@code ready} -> {@code readylocked}. */
    @Override
    protected void ready(G g) {
        lock.lock();
        try {
            globrunq.put(g);
            matchmg();
        } finally {
            lock.unlock();
        }
    }

    /** Go 1.0's {@code gosched}: the G goes to the back of the global queue (done in schedule). */
    @Override
    protected void gosched(G g, M m) {
        ((GM) m).requeue = true;
    }

    /**
     * Go's {@code entersyscall}: give up the CPU slot; if Gs wait, let another M run them.
     * Exercise 2.3 writes it, with {@link #exitsyscall}.
     */
    @Override
    protected void entersyscall(G g, M m) {
        GM gm = (GM) m;
        lock.lock();
        try {
            gm.holdsCpu = false;
            mcpu--;
            if (globrunq.size() > 0 && mcpu < mcpumax) {
                m.stats.inc(Stat.HANDOFFS);
                matchmg();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Go's {@code exitsyscall}: take a CPU slot back if one is free and go on; else queue the
     * G, and this M goes looking for work (and most likely sleeps).
     */
    @Override
    protected void exitsyscall(G g, M m) {
        GM gm = (GM) m;
        lock.lock();
        try {
            if (mcpu < mcpumax) {
                mcpu++;
                gm.holdsCpu = true;
                return;
            }
        } finally {
            lock.unlock();
        }
        GoRuntime.mcall(this::exitsyscall0);
    }

    /** Runs on the M after the G switched away: the G waits on the global queue for a slot. */
    private void exitsyscall0(G g) {
        lock.lock();
        try {
            g.status = GStatus.RUNNABLE;
            globrunq.put(g);
            matchmg();
        } finally {
            lock.unlock();
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
    }

    @Override
    protected void shutdown() {
        lock.lock();
        try {
            for (int i = 0; i < allm.size(); i++) {     // no iterator: the heap may be full
                LockSupport.unpark(allm.get(i).thread());
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * All fields are meaningful: idleprocs = CPU slots not in use (GOMAXPROCS - mcpu);
     * idlethreads = Ms asleep on their note; runqueue = the global queue. Go 1.0 had no
     * spinning Ms and no per-P queues, so those are 0 and [].
     */
    @Override
    protected String schedtraceFields() {
        return "gomaxprocs=" + mcpumax + " idleprocs=" + (mcpumax - mcpu) + " threads=" + threadsAlive()
                + " spinningthreads=0 idlethreads=" + mwait + " runqueue=" + globrunq.size() + " []";
    }
}
