package gmp.stage04;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A processor: Go's {@code p} (runtime2.go), the right to run Go code, of which there are
 * exactly GOMAXPROCS. Each P owns a local run queue ({@link #runq}: Go's lock-free ring and
 * {@code runnext}, see {@link Runq}); an M must hold a P to run goroutines, and when its M
 * blocks in a system call the P, queue and all, can be handed to another M.
 *
 * <p>Who writes what:
 * <ul>
 *   <li>{@code status}: the M that acquires or releases the P, sysmon's {@code retake} (by CAS
 *       from SYSCALL to IDLE) and {@code exitsyscall} (by CAS from SYSCALL back to RUNNING);</li>
 *   <li>{@code schedtick}: the owning M, once per schedule that does not inherit a time slice;
 *       {@code syscalltick}: the owning M at each syscall entry;</li>
 *   <li>the {@code sysmon*} fields: sysmon only (its memory of what it saw last time);</li>
 *   <li>{@code m}, with {@code status}: only the P-M binding's functions in {@link GmpM}
 *       ({@code acquirep}, {@code releasep}, the syscall hand-over), which check both;</li>
 *   <li>{@code link}, {@code idlepMask}: {@code pidleput}/{@code pidleget} ({@link Sched}), under sched.lock.</li>
 * </ul>
 * Public (with its queue and ticks) because exercises 4.4 and 5.1 read it from their own packages.
 */
public final class P {

    public enum Status { IDLE, RUNNING, SYSCALL }

    private static final VarHandle STATUS;

    static {
        try {
            STATUS = MethodHandles.lookup().findVarHandle(P.class, "status", Status.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    public final int id;
    /** The local run queue (Go's {@code runqhead}, {@code runqtail}, {@code runq}, {@code runnext}). */
    public final LocalRunQueue runq;
    private volatile Status status = Status.IDLE;

    /** Incremented on every schedule that does not inherit a time slice (Go's {@code schedtick}). */
    public int schedtick;
    /** Incremented on every syscall entry (Go's {@code syscalltick}): sysmon compares it between looks. */
    public volatile int syscalltick;
    /** What sysmon saw last time (Go's {@code sysmontick}). */
    int sysmonSyscalltick;
    /**
     * What sysmon saw of {@code schedtick} and when it first saw it (Go's {@code sysmontick}).
     * Starts at -1, a tick no P has, so sysmon's first look only records: with 0 a fresh P
     * matched at once and its first goroutine was asked to stop before it had run 10 ms.
     */
    public int sysmonSchedtick = -1;
    public long sysmonSchedwhen;
    long sysmonSyscallWhen;
    /** The M that owns this P, or null (Go's {@code p.m}). Written only by {@link GmpM}'s binding functions. */
    public volatile GmpM m;
    /** Sleeping goroutines whose timers were added here (Go 1.14+'s {@code p.timers}). */
    final PTimers timers = new PTimers();
    /**
     * On the idle P list (Go's {@code idlepMask} bit): written under sched.lock by
     * pidleput/pidleget, read without it by thieves, who skip such Ps (their queues are empty).
     */
    volatile boolean idlepMask;
    /** Idle-list link (Go's {@code p.link}). */
    P link;

    /** A P whose queue is made by {@code runqs} (the reference {@link Runq}, or an exercise's). */
    P(int id, int capacity, LocalRunQueue.Factory runqs) {
        this.id = id;
        this.runq = runqs.create(capacity, () -> status == Status.RUNNING);
    }

    public Status status() {
        return status;
    }

    void setStatus(Status s) {
        status = s;
    }

    boolean casStatus(Status from, Status to) {
        return STATUS.compareAndSet(this, from, to);
    }

    @Override
    public String toString() {
        return "P" + id;
    }
}
