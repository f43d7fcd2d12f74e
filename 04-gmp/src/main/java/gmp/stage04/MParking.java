package gmp.stage04;

import gmp.core.Stat;
import gmp.core.Trace;

import java.util.concurrent.locks.LockSupport;

/**
 * Chapter 3: worker thread parking and unparking (proc.go's section of that name): {@code wakep},
 * {@code startm}, {@code newm}, {@code stopm}, {@code resetspinning}.
 *
 * <p>The policy in one paragraph: new work (a {@code go}, a wake-up) calls {@link #wakep}, which
 * starts one spinning M if a P is idle and no M is spinning already; a spinning M that finds work
 * calls {@link #resetspinning}, which wakes the next one. So work fans out one M at a time, and
 * never more Ms spin than there is reason to. An M with nothing to do gives up its P and sleeps on
 * the idle M list ({@link #stopm}) until {@link #startm} hands it a P; Ms are kept, not ended.
 *
 * <p>Invariants: {@code startm} and {@code stopm} are called without {@code sched.lock} (they
 * take it; checked with {@code -ea}); an M that stops holds no P and does not spin ("stopm holding
 * p", "stopm spinning"); a spinning start has been counted in {@code nmspinning} by its caller,
 * and is uncounted if no P or no thread can be had.
 *
 * <p>How an M's thread starts and sleeps is {@link #threads}: real threads
 * ({@link OsThreads#REAL}), or, for the scenario replays in the tests, Ms on paper whose threads
 * never start and a test that plays them (the tests' {@code PaperMs}, like Go's export_test.go).
 */
final class MParking {

    /**
     * The OS side of an M (Go's {@code newosproc}, {@code notesleep}, {@code notewakeup}): the
     * three things the scheduler asks of a thread. Real threads here; paper in the scenario tests.
     */
    interface OsThreads {
        /** Starts {@code m}'s thread (Go's {@code newosproc}). */
        void newosproc(GmpM m);

        /** Sleeps until {@code m} is no longer {@code parked} or the scheduler closes (Go's {@code notesleep(&m.park)}). */
        void notesleep(GmpM m);

        /** Wakes {@code m}, whose {@code parked} was just cleared (Go's {@code notewakeup(&m.park)}). */
        void notewakeup(GmpM m);

        OsThreads REAL = new OsThreads() {
            @Override
            public void newosproc(GmpM m) {
                m.start();
            }

            @Override
            public void notesleep(GmpM m) {
                while (m.parked && !m.s.closing()) {
                    LockSupport.park(m.s);
                }
            }

            @Override
            public void notewakeup(GmpM m) {
                LockSupport.unpark(m.thread());
            }
        };
    }

    private final GMPScheduler s;
    private final Sched sched;
    /** Real threads, unless a test put the scheduler on paper before any M started. */
    OsThreads threads = OsThreads.REAL;

    MParking(GMPScheduler s, Sched sched) {
        this.s = s;
        this.sched = sched;
    }

    /** Go's {@code wakep}: start a spinning M if a P is idle and nobody spins. */
    void wakep() {
        if (sched.npidle.get() == 0 || s.closing()) {
            return;
        }
        if (sched.nmspinning.get() != 0 || !sched.nmspinning.compareAndSet(0, 1)) {
            return;
        }
        startm(null, true);
    }

    /**
     * Go's {@code startm}: run {@code p} (or an idle P) on an idle M, or a new one. A spinning
     * start has already been counted in nmspinning by the caller. Call it without sched.lock.
     */
    void startm(P p, boolean spinning) {
        sched.lock.assertNotHeldByMe("startm");
        GmpM nm;
        sched.lock.lock();
        try {
            if (p == null) {
                p = sched.pidleget();
                if (p == null) {
                    if (spinning) {
                        sched.nmspinningDec("startm");      // nobody will spin after all
                    }
                    return;
                }
            }
            if (spinning && !p.runq.runqempty()) {
                throw Sched.fatal("startm: p has runnable gs: " + p + " (a spinning M starts with an empty P: proc.go startm)");
            }
            nm = sched.mget();
        } finally {
            sched.lock.unlock();
        }
        if (nm == null) {
            newm(p, spinning);
            return;
        }
        nm.handoff(p, spinning);
        s.count(Stat.M_WAKEUPS);
        s.traceM(Trace.Kind.M_WAKE, nm, p.id);
        threads.notewakeup(nm);
    }

    /** Go's {@code newm}: a new M that will run {@code p}; on allm before its thread starts. */
    private void newm(P p, boolean spinning) {
        GmpM nm = new GmpM(s, p, spinning);
        sched.allm.add(nm);     // before it starts: close()'s shutdown must find it to unpark it if it is already idle
        try {
            threads.newosproc(nm);
        } catch (RuntimeException | Error e) {      // thread exhaustion: put things back
            sched.allm.remove(nm);
            if (spinning) {
                sched.nmspinningDec("newm");
            }
            sched.lock.lock();
            try {
                sched.pidleputWithWork(p);
            } finally {
                sched.lock.unlock();
            }
            throw e;
        }
    }

    /** Go's {@code stopm}: sleep on the idle list until startm hands over a P, then acquire it. */
    void stopm(GmpM m) {
        sched.lock.assertNotHeldByMe("stopm");
        if (m.p() != null) {
            throw Sched.fatal("stopm holding p: " + m + " holds " + m.p() + " (proc.go stopm)");
        }
        if (m.spinning()) {
            throw Sched.fatal("stopm spinning: " + m + " (a stopping M has dropped nmspinning: proc.go stopm)");
        }
        sched.lock.lock();
        try {
            sched.mput(m);
        } finally {
            sched.lock.unlock();
        }
        m.stats.inc(Stat.M_PARKS);
        s.traceM(Trace.Kind.M_PARK, m, -1);
        threads.notesleep(m);
        m.acquirenextp();
    }

    /** Go's {@code resetspinning}: this M found work; if it was the last spinner, wake another. */
    void resetspinning(GmpM m) {
        m.dropSpinning("resetspinning");
        wakep();
    }

    /** Wakes every M (the scheduler is closing): they see it and end. */
    void unparkAll() {
        for (int i = 0; i < sched.allm.size(); i++) {     // no iterator: the heap may be full
            LockSupport.unpark(sched.allm.get(i).thread());
        }
    }
}
