package gmp.stage04;

import gmp.core.spi.G;

import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * A P's local run queue, as Go's proc.go works it: {@code runqput}, {@code runqputslow},
 * {@code runqget}, {@code runqgrab}, {@code runqsteal}, {@code runqempty}. The reference is
 * {@link Runq}, Go's lock-free ring with its {@code runnext} slot; exercises 4.1 and 4.2 write
 * another ({@code exercises/RunqExercise}), which the scheduler takes through a {@link Factory}.
 *
 * <p>Who may call what (the contract every implementation keeps):
 * <ul>
 *   <li>only the P's owner (the M holding the P) calls {@link #runqput}, {@link #runqget} and
 *       {@link #runqsteal} (stealing <em>into</em> its own queue);</li>
 *   <li>any thread may call {@link #runqgrab} (a thief robbing this queue), {@link #runqempty},
 *       {@link #runqsize}, {@link #runnextPeek};</li>
 *   <li>no G is ever lost or handed out twice, and the ring holds at most {@link #capacity()} Gs
 *       besides runnext.</li>
 * </ul>
 */
public interface LocalRunQueue {

    /** Where a full ring sends half of itself (Go's {@code runqputslow}): the global queue, under sched.lock. */
    interface Overflow {
        void globrunqputbatch(G[] batch, int n);
    }

    /**
     * Makes the queue of one P. {@code ownerRunning} tells whether that P is running right now
     * (a thief about to take runnext pauses while it is: its owner is probably about to run it).
     */
    interface Factory {
        LocalRunQueue create(int capacity, BooleanSupplier ownerRunning);
    }

    /**
     * Go's {@code runqput}: puts {@code g} at the tail; with {@code next}, into runnext instead,
     * kicking the G that was there to the tail. A full ring moves its older half and the G to
     * {@code overflow} in one batch. Owner only.
     */
    void runqput(G g, boolean next, Overflow overflow);

    /** Go's {@code runqget}: runnext first, else the head of the ring; null if both are empty. Owner only. */
    G runqget();

    /** Whether the G the last {@link #runqget} returned came from runnext (it inherits the time slice). */
    boolean inheritTime();

    /**
     * Go's {@code runqgrab}: a thief takes the older half, rounded up ({@code n - n/2}), of this
     * queue into {@code batch} from index {@code batchHead} (mod the batch's power-of-two length).
     * With an empty ring and {@code stealRunNext}, takes runnext instead. Returns how many.
     */
    int runqgrab(G[] batch, int batchHead, boolean stealRunNext);

    /**
     * Go's {@code runqsteal}: steals half of {@code victim}'s queue into this one (whose owner
     * calls it) and returns one of the stolen Gs to run now, or null.
     */
    G runqsteal(LocalRunQueue victim, boolean stealRunNext);

    /** Go's {@code runqempty}: never true while a G is queued, runnext included. */
    boolean runqempty();

    /** Gs in the ring, runnext not included (a snapshot). */
    int runqsize();

    /** Slots in the ring. */
    int capacity();

    /** The G in runnext, or null (a look). */
    G runnextPeek();

    /** The Gs in the ring, head first; runnext not included. Owner, or a quiet P. */
    List<G> runqSnapshot();

    /** Drops everything queued (the run ended). Owner, or anyone while no M runs. */
    default void runqclear() {
        while (runqget() != null) {
            // runnext first, then the ring, one by one
        }
    }

    /**
     * The scheduler is closing and no M runs: drops everything queued and forgets every G the
     * queue still references (a ring keeps a taken G in its slot until the slot is reused), so
     * none outlives the scheduler. Allocates nothing.
     */
    default void runqrelease() {
        runqclear();
    }
}
