package gmp.stage04;

import gmp.core.spi.GoRuntime;
import gmp.core.spi.G;
import gmp.core.spi.GStatus;
import gmp.core.spi.M;

/**
 * Chapter 5: system calls and handoff — why stage 04 has Ps at all. Go's {@code entersyscall},
 * {@code exitsyscall} (with {@code exitsyscallfast} and {@code exitsyscall0}) and
 * {@code handoffp}.
 *
 * <p>The story: a goroutine enters a blocking call; its M keeps the P but marks it SYSCALL
 * ({@link #entersyscall}); nothing else happens unless the call lasts. If it does, sysmon
 * ({@link Sysmon#retake}) takes the P (SYSCALL → IDLE) and {@link #handoffp} gives it, run queue
 * and all, to another M. When the call returns the M wants a P back: its own if sysmon left it
 * alone (the fast path), else any idle P, else the goroutine goes to the global queue and the M
 * stops ({@link #exitsyscall0}).
 *
 * <p>Invariants: the M in a syscall holds no P and remembers at most one ({@code oldp}, see
 * {@link GmpM}); a goroutine readied by code inside a syscall goes to the global queue (its M has
 * no P); {@code handoffp} never leaves a P with work on the idle list, and calls {@code startm}
 * without {@code sched.lock}.
 */
final class Syscalls {

    private final GMPScheduler s;
    private final Sched sched;

    Syscalls(GMPScheduler s, Sched sched) {
        this.s = s;
        this.sched = sched;
    }

    /** Go's {@code entersyscall}: the P stays with the M, marked SYSCALL, for sysmon to retake. */
    void entersyscall(GmpM m) {
        m.entersyscall();
    }

    /**
     * Go's {@code exitsyscall}: the old P if sysmon left it alone (fast path), else any idle P,
     * else queue the G globally and stop the M ({@link #exitsyscall0}, after switching off the G).
     */
    void exitsyscall(GmpM m) {
        if (m.exitsyscallfast()) {
            return;
        }
        if (sched.npidle.get() > 0) {
            P p;
            sched.lock.lock();
            try {
                p = sched.pidleget();
            } finally {
                sched.lock.unlock();
            }
            if (p != null) {
                m.acquirep(p);
                return;
            }
        }
        GoRuntime.mcall(this::exitsyscall0);
    }

    /** Go's {@code exitsyscall0}, on the M after the switch: an idle P after all, or the global queue. */
    private void exitsyscall0(G g) {
        GmpM m = (GmpM) M.current();
        g.status = GStatus.RUNNABLE;
        P p;
        sched.lock.lock();
        try {
            p = sched.pidleget();
            if (p == null) {
                sched.globrunqput(g);
            }
        } finally {
            sched.lock.unlock();
        }
        if (p != null) {
            m.acquirep(p);
            p.runq.runqput(g, true, s);
        }
    }

    /**
     * The reference {@code handoffp} (exercise 4.4; {@link GMPScheduler#handoffp} calls it): sysmon
     * took {@code p} from an M blocked in a syscall; give it to an M if it has work (its own queue,
     * or the global one); else, if no M is spinning and no P is idle, start a spinning M for
     * whatever comes next; else park it on the idle list (after one more look at the global queue
     * under the lock, since a G may have arrived meanwhile).
     */
    void handoffp(P p) {
        if (!p.runq.runqempty() || sched.globrunqsize() > 0) {
            s.ms.startm(p, false);
            return;
        }
        if (sched.nmspinning.get() + sched.npidle.get() == 0 && sched.nmspinning.compareAndSet(0, 1)) {
            s.ms.startm(p, true);
            return;
        }
        boolean work;
        sched.lock.lock();
        try {
            work = sched.globrunqsize() > 0;     // one more look under the lock, as Go does
            if (!work) {
                sched.pidleput(p);
            }
        } finally {
            sched.lock.unlock();
        }
        if (work) {
            s.ms.startm(p, false);
        }
    }
}
