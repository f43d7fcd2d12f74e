package gmp.solutions.stage04;

import gmp.core.spi.G;
import gmp.stage04.LocalRunQueue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * Solution of exercises 4.1 and 4.2 (the skeleton is {@code gmp.stage04.exercises.RunqExercise}).
 * Where it differs from Go (and from the reference {@code gmp.stage04.Runq}), it says why it is
 * still right: runnext is swapped with one {@code getAndSet} instead of a CAS loop.
 */
public final class RunqExercise implements LocalRunQueue {

    private static final VarHandle HEAD;
    private static final VarHandle TAIL;
    private static final VarHandle RUNNEXT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            HEAD = l.findVarHandle(RunqExercise.class, "runqhead", int.class);
            TAIL = l.findVarHandle(RunqExercise.class, "runqtail", int.class);
            RUNNEXT = l.findVarHandle(RunqExercise.class, "runnext", G.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final G[] runq;
    private final int mask;
    private final BooleanSupplier ownerRunning;
    @SuppressWarnings("unused") private volatile int runqhead;
    @SuppressWarnings("unused") private volatile int runqtail;
    @SuppressWarnings("unused") private volatile G runnext;
    private boolean inheritTime;

    public RunqExercise(int capacity, BooleanSupplier ownerRunning) {
        this.runq = new G[capacity];
        this.mask = capacity - 1;
        this.ownerRunning = ownerRunning;
    }

    @Override
    public void runqput(G g, boolean next, Overflow overflow) {
        if (next) {
            // One atomic swap puts g in and hands back whoever was there. A thief can only CAS
            // runnext from a G to null, so whatever the swap returns is ours to requeue; Go's CAS
            // loop does the same in more steps.
            G kicked = (G) RUNNEXT.getAndSet(this, g);
            if (kicked == null) {
                return;
            }
            g = kicked;
        }
        while (true) {
            int h = (int) HEAD.getAcquire(this);     // thieves move it: read it fresh each time
            int t = (int) TAIL.getOpaque(this);      // only we write it: our own last value
            if (t - h < runq.length) {
                runq[t & mask] = g;                  // first the slot...
                TAIL.setRelease(this, t + 1);        // ...then the tail: whoever sees t + 1 sees the slot
                return;
            }
            if (runqputslow(g, h, t, overflow)) {
                return;
            }
            // a thief took Gs between our reads and our CAS: there is room now, go round
        }
    }

    /** Returns false if a thief took some Gs first (the ring is not full any more). */
    private boolean runqputslow(G g, int h, int t, Overflow overflow) {
        int half = (t - h) / 2;
        G[] batch = new G[half + 1];
        for (int i = 0; i < half; i++) {
            batch[i] = runq[(h + i) & mask];        // copy before claiming: after the CAS they are not ours
        }
        if (!HEAD.compareAndSet(this, h, h + half)) {
            return false;                            // a thief moved the head: our copy may be stale
        }
        batch[half] = g;
        overflow.globrunqputbatch(batch, half + 1);  // one trip to sched.lock for half a ring plus one
        return true;
    }

    @Override
    public G runqget() {
        // Only the owner (we) stores a G in runnext; a thief may take it at any moment, so take it
        // atomically too: whatever the swap returns is ours alone.
        G next = (G) RUNNEXT.getAndSet(this, (G) null);
        if (next != null) {
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
            G g = runq[h & mask];                    // read the slot before claiming it...
            if (HEAD.compareAndSet(this, h, h + 1)) {
                return g;                            // ...the CAS proves nobody took it meanwhile
            }
        }
    }

    @Override
    public boolean inheritTime() {
        return inheritTime;
    }

    @Override
    public int runqgrab(G[] batch, int batchHead, boolean stealRunNext) {
        int bmask = batch.length - 1;
        while (true) {
            int h = (int) HEAD.getAcquire(this);
            int t = (int) TAIL.getAcquire(this);     // acquire: the slots below t are written
            int n = t - h;
            n -= n / 2;                              // the older half, rounded up
            if (n == 0) {
                return stealRunNext ? grabRunnext(batch, batchHead & bmask) : 0;
            }
            if (n > runq.length / 2) {
                continue;                            // h and t come from different moments
            }
            for (int i = 0; i < n; i++) {
                batch[(batchHead + i) & bmask] = runq[(h + i) & mask];
            }
            if (HEAD.compareAndSet(this, h, h + n)) {
                return n;
            }
            // the owner or another thief took some of them: our copies may be wrong, start again
        }
    }

    /** The empty-ring case of runqgrab: take runnext, giving a running owner ~3 us to take it first. */
    private int grabRunnext(G[] batch, int slot) {
        while (true) {
            G next = (G) RUNNEXT.getVolatile(this);
            if (next == null) {
                return 0;
            }
            if (ownerRunning.getAsBoolean()) {
                LockSupport.parkNanos(3_000);        // its owner probably just readied it for itself
            }
            if (RUNNEXT.compareAndSet(this, next, null)) {
                batch[slot] = next;
                return 1;
            }
        }
    }

    @Override
    public G runqsteal(LocalRunQueue victim, boolean stealRunNext) {
        int t = (int) TAIL.getOpaque(this);
        // The victim writes straight into our slots past our tail: nobody reads them until we
        // publish a new tail, and our ring is empty (we steal only when we found nothing).
        int n = victim.runqgrab(runq, t, stealRunNext);
        if (n == 0) {
            return null;
        }
        G run = runq[(t + n - 1) & mask];            // the last one grabbed runs now
        if (n > 1) {
            TAIL.setRelease(this, t + n - 1);        // the others become visible, to us and to thieves
        }
        return run;
    }

    @Override
    public boolean runqempty() {
        while (true) {
            int h = (int) HEAD.getVolatile(this);
            int t = (int) TAIL.getVolatile(this);
            G next = (G) RUNNEXT.getVolatile(this);
            // The owner may be kicking runnext into the ring right now: between our reads of the
            // tail and of runnext the G could be in neither place. If the tail did not move, the
            // three reads saw one state.
            if (t == (int) TAIL.getVolatile(this)) {
                return h == t && next == null;
            }
        }
    }

    @Override
    public int runqsize() {
        int h = (int) HEAD.getAcquire(this);
        int t = (int) TAIL.getAcquire(this);
        return Math.max(0, t - h);
    }

    @Override
    public int capacity() {
        return runq.length;
    }

    @Override
    public G runnextPeek() {
        return (G) RUNNEXT.getVolatile(this);
    }

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

    /**
     * Given, not part of the exercise: the scheduler is closing and no M runs. Forgets every G
     * this queue still references (a taken G stays in its slot until the slot is reused), so
     * that none outlives the scheduler: after a run that ran out of memory, that is what gives
     * the heap back. Nothing may allocate here, not even the linking of a VarHandle access
     * mode used nowhere else: plain field writes and a plain loop.
     */
    @Override
    public void runqrelease() {
        runnext = null;
        for (int i = 0; i < runq.length; i++) {
            runq[i] = null;
        }
    }
}
