package gmp.stage04.exercises;

import gmp.core.spi.ExerciseNotDone;
import gmp.core.spi.G;
import gmp.stage04.LocalRunQueue;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * <b>Exercises 4.1 and 4.2: Go's lock-free run queue.</b> A P's queue is the hottest data
 * structure in the scheduler: every {@code go} statement, every channel wake-up and every
 * schedule touches it, and thieves on other threads rob it at the same time. Go makes it a
 * ring with no lock at all. Write it; the whole 04-gmp scheduler then runs on your ring.
 *
 * <h2>4.1 — the ring and runnext</h2>
 * Write {@link #runqput} (without the overflow case), {@link #runqget}, {@link #runqgrab},
 * {@link #runqsteal} and {@link #runqempty}, as proc.go does:
 * <ul>
 *   <li>Slots {@code [head, tail)} (mod capacity) hold the queued Gs, oldest at the head.
 *       Only the owner writes {@code runqtail}: it writes the slot first, then publishes the new
 *       tail with a <em>release</em> store ({@code TAIL.setRelease}), so a thief that reads the
 *       tail (acquire) also sees the slot.</li>
 *   <li>{@code runqhead} moves only by compare-and-set: the owner taking one G, or a thief taking
 *       a batch. Whoever loses the CAS read stale slots and must start again.</li>
 *   <li>{@code runnext} holds one G that runs before the ring: {@code runqput(g, true)} swaps it in
 *       (CAS) and kicks the old one to the tail; {@code runqget} takes it first (CAS to null) and
 *       then {@link #inheritTime()} is true. Read Go's {@code runqput}, {@code runqget}.</li>
 *   <li>{@code runqgrab}: read head (acquire) and tail (acquire), take {@code n - n/2} Gs (the
 *       older half, rounded up) by copying them into the batch and then CAS-ing the head forward.
 *       If {@code n} seems larger than half the ring, head and tail were read at different
 *       moments: read again. With an empty ring and {@code stealRunNext}, take runnext instead —
 *       but if the owner is running ({@code ownerRunning}), first pause ~3 us
 *       ({@code LockSupport.parkNanos(3_000)}): it has probably just readied that G for itself.</li>
 *   <li>{@code runqsteal}: let the victim {@code runqgrab} straight into <em>your</em> array past
 *       your tail, keep the last G grabbed to return, and publish the rest with one release store
 *       of your tail.</li>
 *   <li>{@code runqempty} must never say "empty" while a G is queued, even while the owner moves
 *       a G from runnext to the ring: read head, tail, runnext, then tail again, and trust the
 *       three only if the tail did not move (Go's comment explains the race).</li>
 * </ul>
 * Hint: ints that wrap are fine, as Go's uint32s are: {@code t - h} stays right across the wrap,
 * and {@code (i & mask)} is the slot.
 * <br>Check: {@code ./mvnw -pl 04-gmp test -Pexercises -Dtest='Ex41*'} — Go's own
 * {@code RunSchedLocalQueueTest}, {@code RunSchedLocalQueueStealTest} and
 * {@code RunSchedLocalQueueEmptyTest}, runnext, then the whole 04-gmp contract kit with your
 * ring in every P (65,536 slots, so it never overflows).
 *
 * <h2>4.2 — runqputslow</h2>
 * When {@code runqput} finds the ring full ({@code tail - head == capacity}) it calls
 * {@link #runqputslow}: take the older half of the ring <em>and</em> the new G and hand them to
 * {@code overflow.globrunqputbatch} in one batch — one trip to the global queue (and its lock)
 * per 129 goroutines instead of one per goroutine. Claim the half with a CAS on the head first:
 * if a thief moved the head meanwhile, the ring is no longer full, return false and let
 * {@code runqput} try its fast path again.
 * <br>Check: {@code ./mvnw -pl 04-gmp test -Pexercises -Dtest='Ex42*'} — overflow itself; an owner
 * and two thieves hammering 4-slot and 256-slot rings (every G exactly once); Lincheck proving
 * every concurrent history linearizable; the seed article's ten scenarios with 4-slot rings; the
 * contract kit with 4-slot rings (overflow all the time).
 *
 * <p>The reference is {@code gmp.stage04.Runq}; try without it first.
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
        throw new ExerciseNotDone("4.1", "runqput: with next, swap g into runnext (CAS) and put the old one at the"
                + " tail; write the slot, then publish the tail with a release store; a full ring calls runqputslow (4.2)");
    }

    /** Returns false if a thief took some Gs first (the ring is not full any more). */
    private boolean runqputslow(G g, int h, int t, Overflow overflow) {
        throw new ExerciseNotDone("4.2", "runqputslow: copy the older half of the full ring and g into one batch,"
                + " claim the half by CAS on the head, then overflow.globrunqputbatch(batch, half + 1)");
    }

    @Override
    public G runqget() {
        throw new ExerciseNotDone("4.1", "runqget: take runnext first (CAS it to null; inheritTime = true), else the"
                + " G at the head, claimed by CAS on runqhead; null if both are empty");
    }

    @Override
    public boolean inheritTime() {
        return inheritTime;
    }

    @Override
    public int runqgrab(G[] batch, int batchHead, boolean stealRunNext) {
        throw new ExerciseNotDone("4.1", "runqgrab: copy the older half (n - n/2) into batch from batchHead, then CAS"
                + " the head forward; retry on a lost CAS; with an empty ring and stealRunNext take runnext");
    }

    @Override
    public G runqsteal(LocalRunQueue victim, boolean stealRunNext) {
        throw new ExerciseNotDone("4.1", "runqsteal: victim.runqgrab(runq, tail, ...) into your own array past your"
                + " tail, return the last G grabbed, publish the others with one release store of the tail");
    }

    @Override
    public boolean runqempty() {
        throw new ExerciseNotDone("4.1", "runqempty: read head, tail, runnext and tail again; answer only when the"
                + " tail did not move in between (else read again)");
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
