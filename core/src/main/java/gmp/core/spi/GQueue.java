package gmp.core.spi;

/**
 * A FIFO of goroutines linked through {@link G#schedlink}: Go's {@code gQueue}, the shape of
 * the global run queue ({@code sched.runq}). Pushing and popping allocate nothing.
 *
 * <p>Invariant: guarded by the owner's lock (for the global queue, {@code sched.lock});
 * {@link #size()} is volatile so it may be read without the lock as a hint ("is it worth
 * taking the lock?"). A G is in at most one queue at a time.
 */
public final class GQueue {
    private G head;
    private G tail;
    private volatile int size;

    public void pushBack(G g) {
        g.schedlink = null;
        if (tail == null) {
            head = g;
        } else {
            tail.schedlink = g;
        }
        tail = g;
        size++;
    }

    /** The head, or null if empty. */
    public G pop() {
        G g = head;
        if (g != null) {
            head = g.schedlink;
            if (head == null) {
                tail = null;
            }
            g.schedlink = null;
            size--;
        }
        return g;
    }

    public int size() {
        return size;
    }

    public boolean isEmpty() {
        return size == 0;
    }

    public void clear() {
        while (pop() != null) {
            // unlink every G so none keeps the others reachable
        }
    }
}
