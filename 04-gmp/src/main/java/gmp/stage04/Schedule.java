package gmp.stage04;

import gmp.core.Stat;
import gmp.core.Trace;
import gmp.core.spi.G;

/**
 * Chapter 4: the M's loop — Go's {@code schedule}, {@code findRunnable}, {@code stealWork}.
 *
 * <p>{@link #schedule}: find a G ({@link #findRunnable}), stop spinning if we were (which wakes
 * the next spinner), run it; with no P, sleep ({@code stopm}). {@link #findRunnable} first asks
 * {@code findWork} (chapter 4b, {@link FindWork}: timers, the 61st tick, local, global, netpoll,
 * steal); if that finds nothing it gives up the P, looks at every queue once more, and sleeps in
 * the poller until the earliest timer or I/O event, or returns null so the M stops.
 *
 * <p>Invariants: only the M itself runs its loop; it holds a P from {@code findRunnable}'s top
 * until it gives it up, and returns a G only while holding one. A spinning M's own queue is
 * empty ("schedule: spinning with local work"). After it stops spinning an M re-checks every
 * queue, the global one included (see {@link Runq}, "Memory ordering", for why that is enough).
 */
final class Schedule {

    private final GMPScheduler s;
    private final Sched sched;

    Schedule(GMPScheduler s, Sched sched) {
        this.s = s;
        this.sched = sched;
    }

    /** Go's {@code schedule}, forever: find a G, run it; without a P, sleep until given one. */
    void schedule(GmpM m) {
        while (!s.closing()) {
            if (m.p() == null) {
                s.ms.stopm(m);
                continue;
            }
            G g = scheduleOne(m);
            if (g == null) {
                continue;
            }
            m.execute(g);
        }
    }

    /**
     * One pass of Go's {@code schedule} up to {@code execute}: find a G, stop spinning (waking
     * the next spinner), count the schedtick unless the G inherits the time slice. Null if the
     * M gave up its P.
     */
    G scheduleOne(GmpM m) {
        if (m.spinning() && !m.p().runq.runqempty()) {
            throw Sched.fatal("schedule: spinning with local work: " + m + " on " + m.p() + " (proc.go schedule)");
        }
        G g = findRunnable(m);
        if (g == null) {
            return null;
        }
        if (m.spinning()) {
            s.ms.resetspinning(m);
        }
        if (m.inheritTime) {
            m.stats.inc(Stat.RUNNEXT_HITS);
        } else {
            m.p().schedtick++;
        }
        return g;
    }

    /**
     * Go's {@code findRunnable}; null when the M gave up its P (it will stop). Each step is one
     * call, in Go's order; a step that got a P back but no G sends us round again.
     */
    private G findRunnable(GmpM m) {
        while (true) {
            m.inheritTime = false;
            G g = s.findWork(m.sources);            // timers, 61st tick, local, global, netpoll, steal
            if (g != null) {
                return g;
            }
            g = globrunqgetOrReleasep(m);           // "we have nothing to do": last look, then drop the P
            if (g != null) {
                return g;
            }
            boolean wasSpinning = m.spinning();
            if (wasSpinning) {
                g = dropSpinningAndRecheck(m);      // a G queued while we spun must not be missed
                if (g != null) {
                    return g;
                }
                if (m.p() != null) {
                    continue;                       // some P has work: start over with an idle P
                }
            }
            g = s.poll.netpollUntilNextTimer(m, wasSpinning);     // sleep in the poller, if anything is due
            if (g != null) {
                return g;
            }
            if (m.p() == null) {
                return null;                        // nothing at all: the caller stops the M
            }
        }
    }

    /** Under sched.lock: a batch from the global queue if it has one, else give up the P. */
    private G globrunqgetOrReleasep(GmpM m) {
        sched.lock.lock();
        try {
            if (sched.globrunqsize() > 0) {
                return sched.globrunqget(m.p(), 0);
            }
            sched.pidleput(m.releasep());
        } finally {
            sched.lock.unlock();
        }
        return null;
    }

    /**
     * Stop spinning, then look at every queue once more: a G queued while we were spinning found a
     * spinning M and woke nobody. The global queue too (Go 1.21's {@code pidlegetSpinning}): a G
     * put there by a thread without a P saw us spinning and left it to us; Go 1.19 checked only
     * the Ps here and could lose that wake-up, and the stress runs found the same lost wake-up
     * here before the check was added. Returns a G from the global queue (holding a P again), or
     * null, holding a P if some P has work.
     */
    private G dropSpinningAndRecheck(GmpM m) {
        m.dropSpinning("findrunnable");
        if (sched.globrunqsize() > 0) {
            sched.lock.lock();
            try {
                if (sched.globrunqsize() > 0) {
                    P pp = sched.pidleget();
                    if (pp != null) {
                        m.acquirep(pp);
                        m.becomeSpinning();
                        return sched.globrunqget(pp, 0);
                    }
                }
            } finally {
                sched.lock.unlock();
            }
        }
        P again = checkRunqsNoP();
        if (again != null) {
            m.acquirep(again);
            m.becomeSpinning();
        }
        return null;
    }

    /** Go's {@code checkRunqsNoP}: if some P has work, an idle P to go after it with. */
    private P checkRunqsNoP() {
        for (P pp : sched.allp) {
            if (!pp.idlepMask && !pp.runq.runqempty()) {
                sched.lock.lock();
                try {
                    return sched.pidleget();
                } finally {
                    sched.lock.unlock();
                }
            }
        }
        return null;
    }

    /**
     * Go's {@code stealWork}: 4 rounds over the Ps in random order; runnext and other Ps' timers
     * on the last. Each round is one steal attempt in {@link Stat#STEAL_ATTEMPTS}: one pass over
     * the Ps, as 03's attempt is one pass over the Ms.
     */
    G stealWork(GmpM m) {
        P mine = m.p();
        for (int round = 0; round < 4; round++) {
            m.stats.inc(Stat.STEAL_ATTEMPTS);
            boolean stealTimersOrRunNext = round == 3;
            for (StealOrder.Enum e = s.stealOrder.start(m.fastrand(Integer.MAX_VALUE)); !e.done(); e.next()) {
                P victim = sched.allp[e.position()];
                if (victim == mine) {
                    continue;
                }
                // Run the victim's due timers: their Gs land on our runnext.
                if (stealTimersOrRunNext && victim.timers.next() != 0 && s.poll.checkTimers(victim)) {
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
                    s.traceMoved(Trace.Kind.STEAL, m, mine.id, stolen, victim.id);
                    return g;
                }
            }
        }
        return null;
    }
}
