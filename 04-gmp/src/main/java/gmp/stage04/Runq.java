package gmp.stage04;

import gmp.core.spi.G;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A P's run queue: Go's lock-free ring and its {@code runnext} slot (proc.go {@code runqput},
 * {@code runqputslow}, {@code runqget}, {@code runqgrab}, {@code runqsteal}, {@code runqempty};
 * the fields are {@code p.runqhead}, {@code p.runqtail}, {@code p.runq}, {@code p.runnext}).
 * <ul>
 *   <li>{@code runqtail} is written only by the P's owner;</li>
 *   <li>{@code runqhead} is advanced by CAS, by the owner taking one G or by a thief taking
 *       a batch; a thief that read stale slots fails its CAS and retries;</li>
 *   <li>{@code runnext} is written by the owner (swap in a readied G) and CAS-cleared by
 *       whoever takes it (the owner, or a thief on its last round);</li>
 *   <li>slots {@code [runqhead, runqtail)} (mod capacity) hold the queued Gs in FIFO order;
 *       {@code runqtail - runqhead <= capacity} always.</li>
 * </ul>
 * Head and tail are free-running ints that wrap, as Go's uint32s do; differences stay right.
 *
 * <h2>Memory ordering (for the whole of stage 04)</h2>
 *
 * Everything stage 04 shares between threads without a lock, and the ordering each relies on,
 * explained here once; the other files say only which item they use.
 * <ol>
 *   <li><b>The ring.</b> The owner writes a slot with a plain store, then publishes it with a
 *       <em>release</em> store of the tail ({@code TAIL.setRelease}); a thief reads the tail with
 *       <em>acquire</em> ({@code getAcquire}), so the slots below it are the ones the owner wrote.
 *       A thief copies slots, then claims them by CAS on the head (volatile): if the CAS succeeds,
 *       no one moved the head meanwhile, so the owner cannot have reused those slots (it writes
 *       only at the tail, and reuses a slot only after the head has passed it, which it reads with
 *       acquire). The owner reads its own tail with {@code getOpaque}: only it writes it.
 *       {@code runqsteal} copies into the thief's own ring past its tail, where nobody looks
 *       until the thief publishes its new tail with release. This is Go's {@code LoadAcq} /
 *       {@code StoreRel} / {@code Cas} on the same fields.</li>
 *   <li><b>runnext</b> is read and written only by volatile reads and CAS: whoever clears it
 *       owns the G. {@link #runqempty} reads head, tail, runnext and the tail again, all
 *       volatile, so it never says "empty" while the owner moves a G from runnext to the ring.</li>
 *   <li><b>New work against spinning Ms</b> (a Dekker handshake; Go's "delicate dance" in
 *       {@code findRunnable}). Whoever submits work publishes it, then reads {@code nmspinning}
 *       and {@code npidle} ({@code wakep}); a spinning M that gives up first decrements
 *       {@code nmspinning}, then looks at every queue again ({@code Schedule}). Both sides do a
 *       volatile write then a volatile read: a readied G goes into runnext by CAS, a G for the
 *       global queue is counted in its volatile size under {@code sched.lock}, and
 *       {@code nmspinning} is an atomic. Volatile accesses are in one total order, so one side
 *       sees the other: either the submitter sees the spinner (and leaves the work to it) or the
 *       spinner sees the work. Go 1.19 re-checked only the Ps here and could lose a G put on
 *       the global queue; this stage re-checks the global queue too, as Go 1.21 does.</li>
 *   <li><b>P status</b> ({@link P}) is volatile and leaves SYSCALL only by CAS: sysmon's
 *       {@code retake} (to IDLE) and {@code exitsyscallfast} (to RUNNING) race and exactly one
 *       wins. Every other change is made by the M binding or releasing the P ({@link GmpM}).</li>
 *   <li><b>{@code idlepMask}</b> is written under {@code sched.lock} and read by thieves without
 *       it: a stale value costs a look at an empty queue, or skips a P whose new owner will run
 *       its work anyway. It is a hint, as in Go.</li>
 *   <li><b>Waking a sleeping M.</b> {@code startm} writes the M's {@code nextp} and clears
 *       {@code parked} (both volatile), then unparks its thread; the M re-reads {@code parked}
 *       after every return from {@code park} ({@code LockSupport} promises no ordering, and may
 *       return spuriously). Sysmon's deep sleep is the same: announce {@code sysmonwait}, then
 *       re-check that every P is idle; {@code acquirep} makes a P RUNNING, then reads it.</li>
 *   <li><b>The poller.</b> {@code netpoll.lastpoll} is swapped to 0 by the one M that blocks in
 *       the poller ({@code getAndSet}: at most one wins); {@code pollUntil} tells the others when
 *       it wakes by itself. A P's {@code PTimers.next} is volatile, so the earliest timer is read
 *       without the heap's monitor.</li>
 * </ol>
 */
public final class Runq implements LocalRunQueue {

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle RUNNEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(Runq.class, "runqhead", int.class);
            TAIL = l.findVarHandle(Runq.class, "runqtail", int.class);
            RUNNEXT = l.findVarHandle(Runq.class, "runnext", G.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final G[] runq;
    private final int mask;
    /** Whether the owning P is running (a runnext thief pauses while it is). */
    private final BooleanSupplier ownerRunning;
    @SuppressWarnings("unused") private volatile int runqhead;
    @SuppressWarnings("unused") private volatile int runqtail;
    @SuppressWarnings("unused") private volatile G runnext;
    /** Set by {@link #runqget}: whether the G came from runnext and inherits the time slice. Owner only. */
    private boolean inheritTime;

    public Runq(int capacity, BooleanSupplier ownerRunning) {
        if (Integer.bitCount(capacity) != 1) {
            throw new IllegalArgumentException("run queue capacity must be a power of two");
        }
        this.runq = new G[capacity];
        this.mask = capacity - 1;
        this.ownerRunning = ownerRunning;
    }

    /** A queue whose owner never counts as running (for tests of the ring alone). */
    Runq(int capacity) {
        this(capacity, () -> false);
    }

    @Override
    public int capacity() {
        return runq.length;
    }

    @Override
    public boolean inheritTime() {
        return inheritTime;
    }

    /**
     * Go's {@code runqput}: puts {@code g} on the local queue. With {@code next}, {@code g} goes
     * into {@code runnext} and the G it displaces is kicked to the tail. A full ring moves half of
     * itself plus the G to the global queue ({@link #runqputslow}). Owner only.
     */
    @Override
    public void runqput(G g, boolean next, Overflow overflow) {
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
     * Go's {@code runqget}: runnext first (and then {@link #inheritTime()} is true), else the head
     * of the ring. Owner only. Returns null if both are empty.
     */
    @Override
    public G runqget() {
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
     * ring and {@code stealRunNext}, takes runnext instead, after a short pause if the owning P
     * is running (its owner is probably about to run it). Returns how many were taken.
     */
    @Override
    public int runqgrab(G[] batch, int batchHead, boolean stealRunNext) {
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
                        if (ownerRunning.getAsBoolean()) {
                            // "A sync chan send/recv takes ~50ns as of time of writing, so 3us
                            // gives ~50x overshoot": let the owner run what it just readied.
                            LockSupport.parkNanos(3_000);
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
     * Go's {@code runqsteal}: steals half of {@code victim}'s queue into this ring (whose owner
     * calls this: the victim writes straight into our slots past our tail, which no one else
     * reads until we publish the new tail) and returns one of the stolen Gs to run, or null.
     */
    @Override
    public G runqsteal(LocalRunQueue victim, boolean stealRunNext) {
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
    @Override
    public G runnextPeek() {
        return (G) RUNNEXT.getVolatile(this);
    }

    /** The Gs in the ring, head (next to run, next to be stolen) first; runnext not included. Owner or a quiet P. */
    @Override
    public List<G> runqSnapshot() {
        int h = (int) HEAD.getAcquire(this);
        int t = (int) TAIL.getAcquire(this);
        List<G> out = new ArrayList<>(Math.max(0, t - h));
        for (int i = h; i - t < 0; i++) {
            out.add(runq[i & mask]);
        }
        return out;
    }

    /** Gs in the ring (runnext not included); a snapshot. */
    @Override
    public int runqsize() {
        int h = (int) HEAD.getAcquire(this);
        int t = (int) TAIL.getAcquire(this);
        return Math.max(0, t - h);
    }

    /**
     * Go's {@code runqempty}: true only if no G is queued, runnext included. It must never say
     * "empty" while a G is queued, even as the owner moves a G from runnext to the ring: it
     * re-reads the tail to be sure the three reads saw one consistent state.
     */
    @Override
    public boolean runqempty() {
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
    @Override
    public void runqclear() {
        RUNNEXT.setVolatile(this, null);
        while (runqget() != null) {
            // unlinked one by one
        }
    }

    /** No M runs: also forgets the Gs taken earlier, whose slots still point at them. */
    @Override
    public void runqrelease() {
        runqclear();
        for (int i = 0; i < runq.length; i++) {
            runq[i] = null;     // a plain loop: no method to link (nothing may allocate here)
        }
    }

}
