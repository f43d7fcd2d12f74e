package gmp.stage04;

import gmp.core.spi.G;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A processor: Go's {@code p} (runtime2.go), the right to run Go code, of which there are
 * exactly GOMAXPROCS. Each P owns a local run queue and a {@code runnext} slot; an M must hold
 * a P to run goroutines, and when its M blocks in a system call the P, queue and all, can be
 * handed to another M.
 *
 * <p>The run queue is Go's lock-free ring (proc.go {@code runqput}, {@code runqget},
 * {@code runqgrab}, {@code runqsteal}):
 * <ul>
 *   <li>{@code runqtail} is written only by the P's owner (store-release: the slot written
 *       before it becomes visible with it);</li>
 *   <li>{@code runqhead} is advanced by CAS, by the owner taking one G or by a thief taking
 *       a batch; a thief that read stale slots fails its CAS and retries;</li>
 *   <li>{@code runnext} is written by the owner (swap in a readied G) and CAS-cleared by
 *       whoever takes it (the owner, or a thief on its last round);</li>
 *   <li>slots {@code [runqhead, runqtail)} (mod capacity) hold the queued Gs in FIFO order;
 *       {@code runqtail - runqhead <= capacity} always.</li>
 * </ul>
 * Head and tail are free-running ints that wrap, as Go's uint32s do; differences stay right.
 */
final class P {

    enum Status { IDLE, RUNNING, SYSCALL }

    /** Where a full ring sends half of itself ({@code runqputslow}): the global queue, under sched.lock. */
    interface Overflow {
        void globrunqputbatch(G[] batch, int n);
    }

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle RUNNEXT;
    private static final VarHandle STATUS;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(P.class, "runqhead", int.class);
            TAIL = l.findVarHandle(P.class, "runqtail", int.class);
            RUNNEXT = l.findVarHandle(P.class, "runnext", G.class);
            STATUS = l.findVarHandle(P.class, "status", Status.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final int id;
    private final G[] runq;
    private final int mask;
    @SuppressWarnings("unused") private volatile int runqhead;
    @SuppressWarnings("unused") private volatile int runqtail;
    @SuppressWarnings("unused") private volatile G runnext;
    private volatile Status status = Status.IDLE;

    /** Incremented on every schedule that does not inherit a time slice (Go's {@code schedtick}). */
    int schedtick;
    /** Incremented on every syscall entry (Go's {@code syscalltick}): sysmon compares it between looks. */
    volatile int syscalltick;
    /** What sysmon saw last time (Go's {@code sysmontick}). */
    int sysmonSyscalltick;
    /**
     * What sysmon saw of {@code schedtick} and when it first saw it (Go's {@code sysmontick}).
     * Starts at -1, a tick no P has, so sysmon's first look only records: with 0 a fresh P
     * matched at once and its first goroutine was asked to stop before it had run 10 ms.
     */
    int sysmonSchedtick = -1;
    long sysmonSchedwhen;
    long sysmonSyscallWhen;
    /** The M that owns this P, or null (Go's {@code p.m}). */
    volatile GMPScheduler.GM m;
    /** Sleeping goroutines whose timers were added here (Go 1.14+'s {@code p.timers}). */
    final PTimers timers = new PTimers();
    /**
     * On the idle P list (Go's {@code idlepMask} bit): written under sched.lock by
     * pidleput/pidleget, read without it by thieves, who skip such Ps (their queues are empty).
     */
    volatile boolean idlepMask;
    /** Idle-list link (Go's {@code p.link}). */
    P link;
    /** Set by {@link #runqget}: whether the G came from runnext and inherits the time slice. */
    boolean inheritTime;

    P(int id, int capacity) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("run queue capacity must be a power of two");
        }
        this.id = id;
        this.runq = new G[capacity];
        this.mask = capacity - 1;
    }

    int capacity() {
        return runq.length;
    }

    Status status() {
        return status;
    }

    void setStatus(Status s) {
        status = s;
    }

    boolean casStatus(Status from, Status to) {
        return STATUS.compareAndSet(this, from, to);
    }

    /**
     * Go's {@code runqput}: puts {@code g} on the local queue. With {@code next}, {@code g} goes
     * into {@code runnext} and the G it displaces is kicked to the tail. A full ring moves half of
     * itself plus the G to the global queue ({@link #runqputslow}). Owner only.
     */
    void runqput(G g, boolean next, Overflow overflow) {
        if (next) {
            G old;
            do {
                old = (G) RUNNEXT.getVolatile(this);
            } while (!RUNNEXT.compareAndSet(this, old, g));
            if (old == null) {
                return;
            }
            g = old;    // kick the old runnext out to the regular run queue
        }
        while (true) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getOpaque(this);
            if (t - h < runq.length) {
                runq[t & mask] = g;
                TAIL.setRelease(this, t + 1);   // makes the slot visible to thieves
                return;
            }
            if (runqputslow(g, h, t, overflow)) {
                return;
            }
            // the queue is not full any more (a thief took some): try again
        }
    }

    /**
     * Go's {@code runqputslow}: move the older half of a full ring and {@code g} to the global
     * queue in one batch. Returns false if a thief got there first (the ring is no longer full).
     */
    private boolean runqputslow(G g, int h, int t, Overflow overflow) {
        int n = (t - h) / 2;
        if (n != runq.length / 2) {
            throw new IllegalStateException("runqputslow: queue is not full");
        }
        G[] batch = new G[n + 1];
        for (int i = 0; i < n; i++) {
            batch[i] = runq[(h + i) & mask];
        }
        if (!HEAD.compareAndSet(this, h, h + n)) {
            return false;
        }
        batch[n] = g;
        overflow.globrunqputbatch(batch, n + 1);
        return true;
    }

    /**
     * Go's {@code runqget}: runnext first (and then {@link #inheritTime} is true), else the head
     * of the ring. Owner only. Returns null if both are empty.
     */
    G runqget() {
        G next = (G) RUNNEXT.getVolatile(this);
        if (next != null && RUNNEXT.compareAndSet(this, next, null)) {
            inheritTime = true;
            return next;
        }
        inheritTime = false;
        while (true) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getOpaque(this);
            if (t == h) {
                return null;
            }
            G g = runq[h & mask];
            if (HEAD.compareAndSet(this, h, h + 1)) {
                return g;
            }
        }
    }

    /**
     * Go's {@code runqgrab}: copies the larger half ({@code n - n/2}) of this P's queue into
     * {@code batch} starting at {@code batchHead}, and takes them (CAS on head). With an empty
     * ring and {@code stealRunNext}, takes runnext instead, after a short pause if this P is
     * running (its owner is probably about to run it). Returns how many were taken.
     */
    int runqgrab(G[] batch, int batchHead, boolean stealRunNext) {
        int bmask = batch.length - 1;
        while (true) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);
            int n = t - h;
            n = n - n / 2;
            if (n == 0) {
                if (stealRunNext) {
                    G next = (G) RUNNEXT.getVolatile(this);
                    if (next != null) {
                        if (status == Status.RUNNING) {
                            // "A sync chan send/recv takes ~50ns as of time of writing, so 3us
                            // gives ~50x overshoot": let the owner run what it just readied.
                            java.util.concurrent.locks.LockSupport.parkNanos(3_000);
                        }
                        if (!RUNNEXT.compareAndSet(this, next, null)) {
                            continue;
                        }
                        batch[batchHead & bmask] = next;
                        return 1;
                    }
                }
                return 0;
            }
            if (n > runq.length / 2) {
                continue;   // h and t were read inconsistently: retry
            }
            for (int i = 0; i < n; i++) {
                batch[(batchHead + i) & bmask] = runq[(h + i) & mask];
            }
            if (HEAD.compareAndSet(this, h, h + n)) {
                return n;
            }
        }
    }

    /**
     * Go's {@code runqsteal}: steals half of {@code victim}'s queue into this P's ring (whose
     * owner calls this) and returns one of the stolen Gs to run, or null.
     */
    G runqsteal(P victim, boolean stealRunNext) {
        int t = (int) TAIL.getOpaque(this);
        int n = victim.runqgrab(runq, t, stealRunNext);
        if (n == 0) {
            return null;
        }
        n--;
        G g = runq[(t + n) & mask];
        if (n == 0) {
            return g;
        }
        int h = (int) HEAD.getAcquire(this);
        if (t - h + n >= runq.length) {
            throw new IllegalStateException("runqsteal: runq overflow");
        }
        TAIL.setRelease(this, t + n);
        return g;
    }

    /** The G in runnext, or null (a look, for tests and schedtrace). */
    G runnextPeek() {
        return (G) RUNNEXT.getVolatile(this);
    }

    /** The Gs in the ring, head (next to run, next to be stolen) first; runnext not included. Owner or a quiet P. */
    java.util.List<G> runqSnapshot() {
        int h = (int) HEAD.getAcquire(this);
        int t = (int) TAIL.getAcquire(this);
        java.util.List<G> out = new java.util.ArrayList<>(Math.max(0, t - h));
        for (int i = h; i - t < 0; i++) {
            out.add(runq[i & mask]);
        }
        return out;
    }

    /** Gs in the ring (runnext not included); a snapshot. */
    int runqsize() {
        int h = (int) HEAD.getAcquire(this);
        int t = (int) TAIL.getAcquire(this);
        return Math.max(0, t - h);
    }

    /**
     * Go's {@code runqempty}: true only if no G is queued, runnext included. It must never say
     * "empty" while a G is queued, even as the owner moves a G from runnext to the ring: it
     * re-reads the tail to be sure the three reads saw one consistent state.
     */
    boolean runqempty() {
        while (true) {
            int head = (int) HEAD.getVolatile(this);
            int tail = (int) TAIL.getVolatile(this);
            G next = (G) RUNNEXT.getVolatile(this);
            if (tail == (int) TAIL.getVolatile(this)) {
                return head == tail && next == null;
            }
        }
    }

    /** Drops everything queued (the run ended). Owner, or anyone while no M runs. */
    void runqclear() {
        RUNNEXT.setVolatile(this, null);
        while (runqget() != null) {
            // unlinked one by one
        }
    }

    @Override
    public String toString() {
        return "P" + id;
    }
}
