package gmp.core.spi;

import gmp.core.Stat;

/**
 * The global run queue ({@code sched.runq}; Go 1.0's {@code ghead/gtail/gwait}): a FIFO of
 * goroutines linked through {@link G#schedlink}, so pushing and popping allocate nothing.
 * Every put and get is counted ({@link Stat#GLOBAL_RUNQ_PUTS}, {@link Stat#GLOBAL_RUNQ_GETS})
 * on the scheduler that owns it. Stages 02, 03 and 04 share it.
 *
 * <p>Invariant: guarded by the owner's {@code sched.lock}; {@link #size()} is volatile so it may
 * be read without the lock as a hint ("is it worth taking the lock?"). A G is in at most one
 * queue at a time.
 */
public final class GlobalRunQueue {
    private final AbstractScheduler owner;
    private G head;
    private G tail;
    private volatile int size;

    public GlobalRunQueue(AbstractScheduler owner) {
        this.owner = owner;
    }

    /** Go's {@code globrunqput} (1.0: {@code gput}): append. Lock held. */
    public void put(G g) {
        g.schedlink = null;
        if (tail == null) {
            head = g;
        } else {
            tail.schedlink = g;
        }
        tail = g;
        size++;
        owner.count(Stat.GLOBAL_RUNQ_PUTS);
    }

    /** Go 1.0's {@code gget}: the head, or null if empty. Lock held. */
    public G get() {
        G g = head;
        if (g != null) {
            head = g.schedlink;
            if (head == null) {
                tail = null;
            }
            g.schedlink = null;
            size--;
            owner.count(Stat.GLOBAL_RUNQ_GETS);
        }
        return g;
    }

    /**
     * How many Gs one {@code globrunqget} takes (Go's rule): a fair share
     * {@code size/procs + 1}, at most {@code max} when positive, at most {@code limit} (what the
     * taker's local queue can hold, at most half of it), and no more than there are.
     */
    public int batchSize(int procs, int max, int limit) {
        int n = Math.min(size, size / procs + 1);
        if (max > 0) {
            n = Math.min(n, max);
        }
        return Math.max(0, Math.min(n, limit));
    }

    /** The queued Gs, head first (lock held; for tests, traces and schedtrace). */
    public java.util.List<G> snapshot() {
        java.util.List<G> out = new java.util.ArrayList<>(size);
        for (G g = head; g != null; g = g.schedlink) {
            out.add(g);
        }
        return out;
    }

    public int size() {
        return size;
    }

    /** Drops every G (a finished run), unlinking each so none keeps the others reachable. */
    public void clear() {
        for (G g = head; g != null; ) {
            G next = g.schedlink;
            g.schedlink = null;
            g = next;
        }
        head = null;
        tail = null;
        size = 0;
    }
}
