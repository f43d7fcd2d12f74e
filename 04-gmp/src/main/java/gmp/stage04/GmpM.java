package gmp.stage04;

import gmp.core.spi.M;

/**
 * Chapter 2: an M of stage 04 (Go's {@code m}, runtime2.go), and the one place where Ms and Ps
 * are bound to each other.
 *
 * <p>Four fields say who holds whom: this M's {@link #p() p} (the P it runs with),
 * {@link #oldp() oldp} (the P it left in SYSCALL), {@link #nextp() nextp} (a P handed over by
 * {@code startm}, to acquire on waking), and the P's {@code P.m}. They are written only by the
 * methods of this file, each of which checks the state it starts from and throws "fatal error:
 * ..." if it is impossible, as Go's do:
 * <ul>
 *   <li>{@link #acquirep} (Go's {@code acquirep} → {@code wirep}): this M has no P, the P is IDLE
 *       with no M ("wirep: already in go", "wirep: invalid p state") → bound both ways, RUNNING;</li>
 *   <li>{@link #releasep} (Go's {@code releasep}): this M's P is RUNNING and says this M
 *       ("releasep: invalid arg", "releasep: invalid p state") → unbound, IDLE;</li>
 *   <li>{@link #entersyscall}: the P goes to SYSCALL, unbound, remembered in {@code oldp};
 *       {@link #exitsyscallfast}: it comes back if sysmon left it in SYSCALL;</li>
 *   <li>{@link #handoff} ({@code startm}): an idle, non-spinning M without {@code nextp}
 *       ("startm: m is spinning", "startm: m has p") gets a P to acquire when it wakes.</li>
 * </ul>
 * So {@code m.p == pp} if and only if {@code pp.m == m} and {@code pp} is RUNNING, whenever
 * neither is being changed. The spinning mark lives here too: {@link #becomeSpinning} and
 * {@link #dropSpinning} keep {@code spinning} and {@code sched.nmspinning} together (an M
 * handed {@code spinning} by {@code startm} was counted by whoever started it).
 *
 * <p>Threads: {@code p} and {@code nextp} are volatile (sysmon and tracing read them); every
 * other field is this M's own, or written under {@code sched.lock} ({@code schedlink},
 * {@code parked} when it goes on the idle list).
 */
final class GmpM extends M {

    final GMPScheduler s;
    /** Go's {@code m.p}. */
    private volatile P p;
    /** Go's {@code m.oldp}: the P left in SYSCALL state. */
    private P oldp;
    /** Go's {@code m.nextp}: a P handed over by startm. */
    private volatile P nextp;
    /** Go's {@code m.spinning}: looking for work, counted in {@code sched.nmspinning}. */
    private boolean spinning;
    /** Asleep on its note (Go's {@code m.park}): set by {@code mput}, cleared by {@link #handoff}. */
    volatile boolean parked;
    /** Go's {@code m.schedlink}: the idle M list. Under sched.lock. */
    GmpM schedlink;
    /** The G found last came from runnext and inherits the time slice (findRunnable's {@code inheritTime}). */
    boolean inheritTime;
    /** What {@code findWork} looks through for this M (exercise 4.3's view of it). */
    final WorkSources sources = new FindWork.Sources(this);

    /** An M that will acquire {@code nextp} (may be null) when it starts; {@code spinning} is counted already. */
    GmpM(GMPScheduler s, P nextp, boolean spinning) {
        super(s, null);
        this.s = s;
        this.nextp = nextp;
        this.spinning = spinning;
    }

    /** Go's {@code mstart1} then {@code schedule}: acquire the P startm gave us, and run. */
    @Override
    protected void mstart() {
        if (!s.closing()) {
            acquirenextp();
        }
        s.loop.schedule(this);
    }

    P p() {
        return p;
    }

    P oldp() {
        return oldp;
    }

    P nextp() {
        return nextp;
    }

    boolean spinning() {
        return spinning;
    }

    // ------------------------------------------------------------ the binding

    /** Go's {@code acquirep}: bind this M to the idle {@code pp}, which starts running. */
    void acquirep(P pp) {
        if (p != null) {
            throw Sched.fatal("wirep: already in go: " + this + " holds " + p + " and acquires " + pp
                    + " (an M holds one P: proc.go wirep)");
        }
        GmpM owner = pp.m;
        P.Status st = pp.status();
        if (owner != null || st != P.Status.IDLE) {
            throw Sched.fatal("wirep: invalid p state: " + pp + " is " + st + (owner != null ? " with " + owner : "")
                    + " (only an IDLE P without an M is acquired: proc.go wirep)");
        }
        pp.m = this;
        pp.setStatus(P.Status.RUNNING);
        p = pp;
        s.sysmon.wake();        // Go wakes sysmon in entersyscall/exitsyscall; here any P that starts running does
    }

    /** Go's {@code releasep}: unbind this M from its P, which becomes IDLE. Returns the P. */
    P releasep() {
        P pp = p;
        if (pp == null) {
            throw Sched.fatal("releasep: invalid arg: " + this + " holds no P (proc.go releasep)");
        }
        if (pp.m != this || pp.status() != P.Status.RUNNING) {
            throw Sched.fatal("releasep: invalid p state: " + pp + " is " + pp.status() + " with " + pp.m
                    + ", released by " + this + " (proc.go releasep)");
        }
        pp.m = null;
        p = null;
        pp.setStatus(P.Status.IDLE);
        return pp;
    }

    /** Go's {@code entersyscall}: the P stays with this M, marked SYSCALL, for sysmon to retake. */
    void entersyscall() {
        P pp = p;
        if (pp == null || pp.m != this || pp.status() != P.Status.RUNNING) {
            throw Sched.fatal("entersyscall: " + this + " holds no running P (" + pp
                    + "): a syscall starts from a RUNNING P (proc.go reentersyscall)");
        }
        pp.syscalltick++;
        pp.m = null;
        oldp = pp;
        p = null;
        pp.setStatus(P.Status.SYSCALL);
    }

    /**
     * Go's {@code exitsyscallfast} for the old P: take it back (SYSCALL → RUNNING) if sysmon has
     * not retaken it. Forgets {@code oldp} either way; returns whether this M holds it again.
     */
    boolean exitsyscallfast() {
        P old = oldp;
        oldp = null;
        if (p != null) {
            throw Sched.fatal("exitsyscall: " + this + " holds " + p + " inside a syscall (proc.go exitsyscall)");
        }
        if (old == null || !old.casStatus(P.Status.SYSCALL, P.Status.RUNNING)) {
            return false;
        }
        if (old.m != null) {
            throw Sched.fatal("exitsyscall: " + old + " in SYSCALL had " + old.m + " (proc.go exitsyscallfast)");
        }
        old.m = this;
        p = old;
        return true;
    }

    /**
     * {@code startm}'s hand-over to this idle M: acquire {@code pp} when woken, spinning or not
     * ({@code spinning} counted by the caller). Go's {@code mp.spinning = spinning;
     * mp.nextp.set(pp); notewakeup(&mp.park)} and its checks.
     */
    void handoff(P pp, boolean spinning) {
        if (this.spinning) {
            throw Sched.fatal("startm: m is spinning: " + this + " (an idle M does not spin: proc.go startm)");
        }
        if (nextp != null) {
            throw Sched.fatal("startm: m has p: " + this + " was already handed " + nextp + " (proc.go startm)");
        }
        this.spinning = spinning;
        nextp = pp;
        parked = false;
    }

    /** End of Go's {@code stopm} (and {@code mstart1}): acquire the P handed over, if any. */
    void acquirenextp() {
        P pp = nextp;
        if (pp != null) {
            nextp = null;
            acquirep(pp);
        }
    }

    // ------------------------------------------------------------ spinning

    /** Go's {@code mp.becomeSpinning()}: {@code spinning = true; sched.nmspinning++}. */
    void becomeSpinning() {
        if (spinning) {
            throw Sched.fatal("becomeSpinning: " + this + " is spinning already (spinning and nmspinning move together)");
        }
        spinning = true;
        s.sched.nmspinning.incrementAndGet();
    }

    /** {@code spinning = false; sched.nmspinning--}, in {@code goFunction} (resetspinning, findrunnable). */
    void dropSpinning(String goFunction) {
        if (!spinning) {
            throw Sched.fatal(goFunction + ": not a spinning m: " + this + " (proc.go resetspinning)");
        }
        spinning = false;
        s.sched.nmspinningDec(goFunction);
    }
}
