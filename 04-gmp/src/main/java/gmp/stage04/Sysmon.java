package gmp.stage04;

import gmp.core.Stat;
import gmp.core.Trace;
import gmp.core.spi.M;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Chapter 7: {@code sysmon}, the M without a P that watches the others (Go's {@code sysmon},
 * {@code retake}). Each round it polls the network if no M did for 10 ms, and {@link #retake}s:
 * a P stuck in a system call is handed off ({@code handoffp}, chapter 5), a P running one
 * goroutine for a whole time slice has it asked to stop ({@code preemptone}: stage 05).
 *
 * <p>Rhythm: 20 us between rounds, doubling after 50 rounds that retook nothing, up to 10 ms;
 * with every P idle and nothing waiting on I/O it sleeps until a P runs again ({@link #deepSleep},
 * Go's {@code sched.sysmonwait}), then starts over at 20 us.
 *
 * <p>Invariants: one sysmon per scheduler, started with the first run. Only sysmon's thread
 * (or a test playing it, on paper) calls {@link #retake} and writes the Ps' {@code sysmon*}
 * fields; a P goes from SYSCALL to IDLE only by {@code retake}'s CAS, which races
 * {@code exitsyscall}'s CAS from SYSCALL to RUNNING: exactly one wins.
 */
final class Sysmon {

    private static final long MIN_DELAY_NS = TimeUnit.MICROSECONDS.toNanos(20);
    static final long MAX_DELAY_NS = TimeUnit.MILLISECONDS.toNanos(10);
    /** The longest deep sleep (a safety net; acquirep wakes sysmon). */
    private static final long DEEP_SLEEP_NS = TimeUnit.SECONDS.toNanos(1);

    private final GMPScheduler s;
    private final Sched sched;
    private volatile M m;
    /** sysmon is in its deep sleep, every P idle (Go's {@code sched.sysmonwait}). */
    private volatile boolean sysmonwait;

    Sysmon(GMPScheduler s, Sched sched) {
        this.s = s;
        this.sched = sched;
    }

    /** Starts sysmon's M, once (Go's {@code newm(sysmon, nil)} in {@code main}). */
    void start() {
        if (m == null) {
            M sm = new M(s, this::sysmon);
            m = sm;
            sm.start();
        }
    }

    /** sysmon's M, or null before the first run (for traces). */
    M m() {
        return m;
    }

    private void sysmon() {
        long delay = MIN_DELAY_NS;
        int idle = 0;
        while (!s.closing()) {
            if (sched.npidle.get() == sched.allp.length && s.poll.netpoll.waiters.get() == 0) {
                deepSleep();
                idle = 0;
                delay = MIN_DELAY_NS;
                continue;
            }
            LockSupport.parkNanos(s, delay);
            long now = System.nanoTime();
            s.poll.sysmonNetpoll(now, MAX_DELAY_NS);
            if (retake(now) == 0) {
                idle++;
            } else {
                idle = 0;
            }
            delay = idle > 50 ? Math.min(delay * 2, MAX_DELAY_NS) : MIN_DELAY_NS;
        }
    }

    /**
     * Go's {@code sysmonwait}: with every P idle there is nothing to retake, preempt or poll
     * for, so sysmon sleeps until a P runs again and then starts over at 20 us. Without it, a
     * sysmon backed off to 10 ms sleeps through every syscall shorter than that and never hands
     * a P off. Go wakes it from {@code entersyscall} and {@code exitsyscall}; here
     * {@code acquirep} wakes it ({@link #wake}), which covers those and a P starting to run goroutines.
     */
    private void deepSleep() {
        sysmonwait = true;
        // re-check after announcing: a P acquired meanwhile either sees sysmonwait or is seen here
        while (sysmonwait && !s.closing() && sched.npidle.get() == sched.allp.length
                && s.poll.netpoll.waiters.get() == 0) {
            LockSupport.parkNanos(s, DEEP_SLEEP_NS);
        }
        sysmonwait = false;
    }

    /** A P started running: wake sysmon if it is in its deep sleep. One volatile read otherwise. */
    void wake() {
        if (sysmonwait) {
            sysmonwait = false;
            unpark();
        }
    }

    /** Wakes sysmon's thread whatever it is doing (the scheduler is closing). */
    void unpark() {
        M sm = m;
        if (sm != null) {
            LockSupport.unpark(sm.thread());
        }
    }

    /**
     * Go's {@code retake}. A RUNNING P whose schedtick has not moved for a whole time slice
     * (Go's {@code forcePreemptNS}, {@code Config.timeSlice}) has its G asked to stop
     * ({@code retakeRunning} → {@code preemptone}). A P that has been in a syscall since sysmon
     * last looked is taken from its M and handed off, unless it has nothing to do, other Ms are
     * idle or spinning, and the syscall is younger than 10 ms. Returns the number of Ps handed
     * off (as in Go, preemption requests do not count: sysmon backs off while a hog runs).
     */
    int retake(long now) {
        int n = 0;
        for (P p : sched.allp) {
            P.Status st = p.status();
            if (st == P.Status.RUNNING) {
                s.retakeRunning(p, now);
                continue;
            }
            if (st != P.Status.SYSCALL) {
                continue;
            }
            int t = p.syscalltick;
            if (p.sysmonSyscalltick != t) {
                p.sysmonSyscalltick = t;
                p.sysmonSyscallWhen = now;
                continue;
            }
            if (p.runq.runqempty() && sched.nmspinning.get() + sched.npidle.get() > 0
                    && now - p.sysmonSyscallWhen < MAX_DELAY_NS) {
                continue;
            }
            if (p.casStatus(P.Status.SYSCALL, P.Status.IDLE)) {
                n++;
                s.count(Stat.HANDOFFS);
                s.traceM(Trace.Kind.HANDOFF, m, p.id);
                s.handoffp(p);
            }
        }
        return n;
    }

    /**
     * The reference {@code retakeRunning} (exercise 5.1; {@link GMPScheduler#retakeRunning} calls
     * it): sysmon remembers the P's schedtick and when it first saw it ({@code sysmontick}); a new
     * tick starts a new time slice, and a tick unchanged for a whole time slice means one
     * goroutine (or a runnext chain inheriting its slice) has held the P that long: ask it to stop.
     */
    void retakeRunning(P p, long now) {
        int t = p.schedtick;
        if (p.sysmonSchedtick != t) {
            p.sysmonSchedtick = t;
            p.sysmonSchedwhen = now;
        } else if (now - p.sysmonSchedwhen >= s.timeSliceNanos()) {
            GmpM pm = p.m;
            if (pm != null) {
                s.preemptone(pm);
            }
        }
    }
}
