package gmp.stage04;

import gmp.core.ContendedLock;
import gmp.core.FatalError;
import gmp.core.Trace;
import gmp.core.spi.G;
import gmp.core.spi.GlobalRunQueue;
import gmp.core.spi.M;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chapter 1: the scheduler's global state, Go's {@code sched} (runtime2.go's {@code schedt})
 * with the globals {@code allp} and {@code allm}, and the functions of proc.go that work on it
 * under {@code sched.lock}: {@code mput}, {@code mget}, {@code pidleput}, {@code pidleget},
 * {@code globrunqput}, {@code globrunqputbatch}, {@code globrunqget}.
 *
 * <p>What it holds: the GOMAXPROCS Ps ({@link #allp}, fixed) and every M ever made
 * ({@link #allm}); the idle P list ({@link #pidle}, {@link #npidle}); the idle M list
 * ({@link #midle}, {@link #nmidle}); the number of spinning Ms ({@link #nmspinning}); the global
 * run queue ({@link #globrunq}).
 *
 * <p>Invariants, checked where Go checks them:
 * <ul>
 *   <li>{@link #lock} guards the global queue and both idle lists. Every function here that
 *       touches them starts, as Go's does, with {@code assertLockHeld(&sched.lock)}
 *       ({@link ContendedLock#assertHeld}): called without the lock, it throws at once.</li>
 *   <li>{@link #npidle} and {@link #nmspinning} are atomics: read without the lock they are
 *       hints (the spinning protocol that makes such reads safe is in {@link Runq}'s "Memory
 *       ordering"). {@code nmspinning} never goes below 0.</li>
 *   <li>A P on the idle list is IDLE, has no M, has an empty run queue (Go's {@code pidleput}
 *       throws otherwise) and has {@code idlepMask} set; no other P has it.</li>
 *   <li>An M on the idle list holds no P and is {@code parked} until {@code startm} takes it.</li>
 * </ul>
 */
final class Sched {

    /** Go's {@code sched.lock}. */
    final ContendedLock lock;
    /** Go's {@code allp}: every P, fixed for the scheduler's life. */
    final P[] allp;
    /** Go's {@code allm}: every M made so far, in creation order. */
    final List<GmpM> allm = new CopyOnWriteArrayList<>();
    /** Go's {@code sched.runq}. Lock held. */
    final GlobalRunQueue globrunq;
    /** Go's {@code sched.pidle}: the idle P list, linked through {@code P.link}. Lock held. */
    P pidle;
    /** Go's {@code sched.npidle}. Written under the lock, read anywhere. */
    final AtomicInteger npidle = new AtomicInteger();
    /** Go's {@code sched.midle}: the idle M list, linked through {@code GmpM.schedlink}. Lock held. */
    GmpM midle;
    /** Go's {@code sched.nmidle}. Written under the lock. */
    volatile int nmidle;
    /** Go's {@code sched.nmspinning}: Ms with {@code spinning} set (see {@link GmpM#becomeSpinning}). */
    final AtomicInteger nmspinning = new AtomicInteger();

    private final GMPScheduler s;

    Sched(GMPScheduler s, ContendedLock lock, P[] allp) {
        this.s = s;
        this.lock = lock;
        this.allp = allp;
        this.globrunq = new GlobalRunQueue(s);
        // Every P starts idle, P0 first on the list (Go's procresize). No lock: nobody sees us yet,
        // and taking it would add an acquisition to the stage's counters.
        for (int i = allp.length - 1; i >= 0; i--) {
            P p = allp[i];
            p.idlepMask = true;
            p.link = pidle;
            pidle = p;
            npidle.incrementAndGet();
        }
    }

    /** Go's {@code throw}: an impossible state ("fatal error: ..."); the message names the check and Go's function. */
    static FatalError fatal(String message) {
        return new FatalError(message);
    }

    // ------------------------------------------------------------ idle Ms

    /** Go's {@code mput}: {@code m} goes on the idle M list. Lock held. */
    void mput(GmpM m) {
        lock.assertHeld("mput");
        if (m.p() != null) {
            throw fatal("mput: " + m + " still holds " + m.p() + " (an idle M holds no P: proc.go stopm throws \"stopm holding p\")");
        }
        m.parked = true;
        m.schedlink = midle;
        midle = m;
        nmidle++;
    }

    /** Go's {@code mget}: an idle M, or null. Lock held. */
    GmpM mget() {
        lock.assertHeld("mget");
        GmpM m = midle;
        if (m != null) {
            midle = m.schedlink;
            m.schedlink = null;
            nmidle--;
        }
        return m;
    }

    // ------------------------------------------------------------ idle Ps

    /** Go's {@code pidleput}: {@code p} goes on the idle P list. Lock held; {@code p}'s queue empty. */
    void pidleput(P p) {
        lock.assertHeld("pidleput");
        if (!p.runq.runqempty()) {
            throw fatal("pidleput: P has non-empty run queue: " + p + " (an idle P has no work: proc.go pidleput)");
        }
        link(p);
    }

    /**
     * {@link #pidleput} without the empty-queue check, for one case Go does not have: an M could
     * not be started for {@code p} (no more threads) and {@code p} goes back with its work, for
     * the next {@code startm} to find. Lock held.
     */
    void pidleputWithWork(P p) {
        lock.assertHeld("pidleput");
        link(p);
    }

    private void link(P p) {
        if (p.m != null || p.idlepMask) {
            throw fatal("pidleput: " + p + (p.idlepMask ? " is already on the idle list" : " still has " + p.m)
                    + " (a P goes idle once, without an M: proc.go pidleput)");
        }
        p.setStatus(P.Status.IDLE);
        p.idlepMask = true;
        p.link = pidle;
        pidle = p;
        npidle.incrementAndGet();
    }

    /** Go's {@code pidleget}: an idle P, or null. Lock held. */
    P pidleget() {
        lock.assertHeld("pidleget");
        P p = pidle;
        if (p != null) {
            p.idlepMask = false;
            pidle = p.link;
            p.link = null;
            npidle.decrementAndGet();
        }
        return p;
    }

    // ------------------------------------------------------------ spinning Ms

    /** {@code nmspinning -= 1} for a spinning M that never came to be (no P, or no thread). */
    void nmspinningDec(String goFunction) {
        if (nmspinning.decrementAndGet() < 0) {
            throw fatal(goFunction + ": negative nmspinning (proc.go findrunnable throws the same)");
        }
    }

    // ------------------------------------------------------------ the global run queue

    /** Go's {@code globrunqput}: {@code g} at the tail of the global queue. Lock held. */
    void globrunqput(G g) {
        lock.assertHeld("globrunqput");
        globrunq.put(g);
    }

    /** Go's {@code globrunqputbatch}: {@code n} Gs at the tail, in order. Lock held. */
    void globrunqputbatch(G[] batch, int n) {
        lock.assertHeld("globrunqputbatch");
        for (int i = 0; i < n; i++) {
            globrunq.put(batch[i]);
        }
    }

    /** {@link #globrunqput} taking the lock itself (a G readied where no P is at hand). */
    void globrunqputLocking(G g) {
        lock.lock();
        try {
            globrunqput(g);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Go's {@code globrunqget}: a fair batch ({@code max = 0}: {@code min(len, len/GOMAXPROCS + 1,
     * cap/2)}) or at most {@code max}; the first is returned, the rest go onto {@code p}'s ring.
     * Null if the queue is empty. Lock held.
     */
    G globrunqget(P p, int max) {
        lock.assertHeld("globrunqget");
        int n = globrunq.batchSize(allp.length, max, p.runq.capacity() / 2);
        if (n == 0) {
            return null;
        }
        G g = globrunq.get();
        for (int i = 1; i < n; i++) {
            p.runq.runqput(globrunq.get(), false, this::globrunqputbatch);     // overflow: the lock is ours
        }
        s.traceMoved(Trace.Kind.GLOBAL_BATCH, M.current(), p.id, n, -1);
        return g;
    }

    /** {@link #globrunqget} taking the lock itself. */
    G globrunqgetLocking(P p, int max) {
        lock.lock();
        try {
            return globrunqget(p, max);
        } finally {
            lock.unlock();
        }
    }

    /** Go's {@code sched.runqsize}: read without the lock, a hint. */
    int globrunqsize() {
        return globrunq.size();
    }

    /** Drops every queued G (the run ended, or no M runs any more). */
    void globrunqclear() {
        lock.lock();
        try {
            globrunq.clear();
        } finally {
            lock.unlock();
        }
    }
}
