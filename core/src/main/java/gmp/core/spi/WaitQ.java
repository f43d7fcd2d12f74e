package gmp.core.spi;

/**
 * A FIFO of waiting goroutines (Go's {@code waitq}): a channel's senders or receivers,
 * a WaitGroup's or a mutex's waiters. Guarded by the owner's lock.
 */
public final class WaitQ {
    private Sudog first;
    private Sudog last;

    public void enqueue(Sudog s) {
        s.queued = true;
        s.next = null;
        s.prev = last;
        if (last == null) {
            first = s;
        } else {
            last.next = s;
        }
        last = s;
    }

    /**
     * Takes the first sudog that can still be woken (Go's {@code waitq.dequeue}). Two kinds are
     * dropped: a select sudog whose G was already claimed by another channel (as in Go), and one
     * whose G belongs to a run that is over. A channel, a WaitGroup or a mutex can outlive the
     * run that used it, but that run's goroutines were discarded and never run again: handing
     * one of them a value or the lock would lose it. Every wait queue dequeues here, so this is
     * the one place that rule lives.
     */
    public Sudog dequeue() {
        while (true) {
            Sudog s = first;
            if (s == null) {
                return null;
            }
            remove(s);
            if (s.g.run.isOver() || s.isSelect && !s.g.selectWin()) {
                continue;
            }
            return s;
        }
    }

    /** Removes {@code s} if queued here (Go's {@code dequeueSudoG}, used by select's cleanup). */
    public void remove(Sudog s) {
        if (s.prev == null && first != s) {
            return;
        }
        if (s.prev != null) {
            s.prev.next = s.next;
        } else {
            first = s.next;
        }
        if (s.next != null) {
            s.next.prev = s.prev;
        } else {
            last = s.prev;
        }
        s.next = null;
        s.prev = null;
        s.queued = false;
    }

    public boolean isEmpty() {
        return first == null;
    }
}
