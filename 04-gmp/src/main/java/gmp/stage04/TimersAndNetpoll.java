package gmp.stage04;

import gmp.core.Stat;
import gmp.core.spi.GoRuntime;
import gmp.core.spi.G;
import gmp.core.spi.M;
import gmp.core.spi.Netpoller;
import gmp.core.spi.PollDesc;

import java.nio.channels.SelectableChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * Chapter 6: the glue between the scheduler and its two sources of wake-ups that are not other
 * goroutines: the Ps' timer heaps ({@link PTimers}) and the network poller ({@link Netpoll}).
 * Go's {@code checkTimers}, {@code timeSleepUntil}, {@code addtimer} + {@code wakeNetPoller}
 * (time.go), {@code injectglist}, {@code poll_runtime_pollWait} (netpoll.go), and the part of
 * {@code findRunnable} that sleeps in the poller ("poll network until next timer").
 *
 * <p>Invariants: at most one M blocks in the poller, and {@code netpoll.lastpoll} is 0 exactly
 * then (whoever swaps it from non-zero to 0 polls); {@code netpoll.pollUntil} is when that M will
 * wake by itself. Someone always looks at a timer when it is due: the M blocked in the poller is
 * woken if it would sleep past it ({@link #wakeNetPoller}), else an M is started. Every G the
 * poller or a timer readies is counted ({@code NETPOLL_READIED}, {@code TIMERS_FIRED}) before it
 * can run, and so before it can end the run.
 */
final class TimersAndNetpoll implements Netpoller {

    private final GMPScheduler s;
    private final Sched sched;
    final Netpoll netpoll = new Netpoll();

    TimersAndNetpoll(GMPScheduler s, Sched sched) {
        this.s = s;
        this.sched = sched;
    }

    // ------------------------------------------------------------ timers

    /**
     * Go's {@code checkTimers}: runs {@code pp}'s due timers on this M; each wakes its G into
     * this M's P (runnext, as {@code goready} does). True if any ran.
     */
    boolean checkTimers(P pp) {
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
            s.count(Stat.TIMERS_FIRED);       // before the G can run (and end the run)
            GoRuntime.goready(g);
            g.run.wakeupDone();
        }
        return !due.isEmpty();
    }

    /** The earliest timer on any P, 0 if none (Go's {@code checkTimersNoP}/{@code timeSleepUntil}). */
    long timeSleepUntil() {
        long min = 0;
        for (P pp : sched.allp) {
            long w = pp.timers.next();
            if (w != 0 && (min == 0 || w - min < 0)) {
                min = w;
            }
        }
        return min;
    }

    /** Go's {@code addtimer} for {@code time.Sleep}, on the M after {@code g} parked. */
    void addtimer(long when, G g) {
        GmpM m = (GmpM) M.current();
        P p = m.p() != null ? m.p() : sched.allp[0];     // parked from inside a syscall: any P's heap will do
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
            s.ms.wakep();
        }
    }

    // ------------------------------------------------------------ the poller

    /** Go's {@code poll_runtime_pollWait}: park the G ("IO wait") until the poller sees the channel ready. */
    @Override
    public void pollWait(G g, SelectableChannel ch, int ops, PollDesc pd) {
        GoRuntime.gopark(() -> netpollblock(ch, ops, g, pd), "IO wait");
    }

    /** Go's {@code netpollblock}, on the M after {@code g} parked. */
    private void netpollblock(SelectableChannel ch, int ops, G g, PollDesc pd) {
        s.count(Stat.NETPOLL_PARKS);            // counted before the poller can see it
        if (!netpoll.arm(ch, ops, g, pd)) {
            s.count(Stat.NETPOLL_READIED);
            GoRuntime.goready(g);           // closed already: let it retry and see the error
        }
    }

    /** A socket closes: its waiters wake and see the error (Go's {@code poll_runtime_pollUnblock}). */
    @Override
    public void pollClose(PollDesc pd) {
        for (G g : netpoll.unblock(pd)) {
            s.count(Stat.NETPOLL_READIED);
            GoRuntime.goready(g);
            netpoll.handedBack(g);
        }
    }

    /** Go's {@code netpoll(0)} from findRunnable: only if Gs wait on I/O and no M is blocked polling. */
    List<G> netpollNonBlocking() {
        if (netpoll.waiters.get() > 0 && netpoll.lastpoll.get() != 0) {
            return netpoll.poll(0);
        }
        return List.of();
    }

    /**
     * The end of Go's {@code findRunnable}, after the M gave up its P: if anything can wake us (I/O
     * waiters, or a timer on any P) and no other M is in the poller, block in it until the earliest
     * timer; then take an idle P and return the first G readied (the rest are queued), or just hold
     * the P (the caller starts over), or, with no P to be had, queue them globally and return null
     * holding none. If another M is in the poller and would sleep past our timer, break its sleep.
     */
    G netpollUntilNextTimer(GmpM m, boolean wasSpinning) {
        long pollUntil = timeSleepUntil();
        if ((netpoll.waiters.get() > 0 || pollUntil != 0) && !s.closing()
                && netpoll.lastpoll.getAndSet(0) != 0) {
            netpoll.pollUntil.set(pollUntil);
            long delay = pollUntil == 0 ? -1 : Math.max(0, pollUntil - System.nanoTime());
            m.stats.inc(Stat.NETPOLL_BLOCKS);
            List<G> list = netpoll.poll(delay);
            netpoll.pollUntil.set(0);
            netpoll.lastpoll.set(System.nanoTime());
            P pp;
            sched.lock.lock();
            try {
                pp = s.closing() ? null : sched.pidleget();
            } finally {
                sched.lock.unlock();
            }
            if (pp == null) {
                injectglist(null, list, false);
                return null;
            }
            m.acquirep(pp);
            if (!list.isEmpty()) {
                return injectglist(pp, list, true);
            }
            if (wasSpinning) {
                m.becomeSpinning();
            }
            return null;
        } else if (pollUntil != 0) {
            long pu = netpoll.pollUntil.get();
            if (pu == 0 || pu - pollUntil > 0) {
                netpoll.wakeup();       // the poller sleeps past our timer: let it look again
            }
        }
        return null;
    }

    /** Sysmon's poll, if no M polled for {@code maxDelayNs}: what it readies goes to the global queue. */
    void sysmonNetpoll(long now, long maxDelayNs) {
        long lp = netpoll.lastpoll.get();
        if (netpoll.waiters.get() > 0 && lp != 0 && now - lp > maxDelayNs
                && netpoll.lastpoll.compareAndSet(lp, now)) {
            List<G> list = netpoll.poll(0);     // nobody polled for 10 ms: do it here
            if (!list.isEmpty()) {
                injectglist(null, list, false);
            }
        }
    }

    /**
     * Go's {@code injectglist}: Gs the poller readied. With {@code pp} null (no P here) they all
     * go to the global queue; otherwise as many as there are idle Ps go there, each with an M
     * started for it, and the rest onto {@code pp}'s ring. With {@code takeFirst}, the first is
     * returned to run now instead.
     */
    G injectglist(P pp, List<G> list, boolean takeFirst) {
        List<G> run = new ArrayList<>(list.size());
        for (G g : list) {
            if (GoRuntime.markRunnable(g)) {
                run.add(g);
            }
        }
        for (int i = 0; i < list.size(); i++) {
            s.count(Stat.NETPOLL_READIED);        // before any of them can run (and end the run)
        }
        G first = takeFirst && !run.isEmpty() ? run.removeFirst() : null;
        if (!run.isEmpty()) {
            int toGlobal = pp == null ? run.size() : Math.min(sched.npidle.get(), run.size());
            if (toGlobal > 0) {
                sched.lock.lock();
                try {
                    for (int i = 0; i < toGlobal; i++) {
                        sched.globrunqput(run.get(i));
                    }
                } finally {
                    sched.lock.unlock();
                }
                for (int i = 0; i < toGlobal && sched.npidle.get() > 0; i++) {
                    s.ms.startm(null, false);
                }
            }
            for (int i = toGlobal; i < run.size(); i++) {
                pp.runq.runqput(run.get(i), false, s);
            }
        }
        for (G g : list) {
            netpoll.handedBack(g);
        }
        return first;
    }
}
