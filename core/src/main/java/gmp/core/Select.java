package gmp.core;

import gmp.core.spi.GoRuntime;
import gmp.core.spi.AbstractScheduler;
import gmp.core.spi.G;
import gmp.core.spi.M;
import gmp.core.spi.Safepoint;
import gmp.core.spi.Sudog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * Go's {@code select} statement, modelled on {@code runtime/select.go} ({@code selectgo}):
 * <pre>
 *   Select.on()
 *       .recv(in, v -> ...)
 *       .send(out, x, () -> ...)
 *       .orDefault(() -> ...)      // optional: never block
 *       .run();
 * </pre>
 * Pass 1 looks at the cases in a random order ({@code pollorder}) and takes the first that
 * is ready, so no case starves; with a default and nothing ready it runs the default. Pass 2
 * queues a waiter on every channel and parks. Pass 3, after a wake-up, removes the other
 * waiters. All channels are locked in one global order ({@code lockorder}) so two selects
 * can never deadlock each other. A select with no cases and no default blocks forever.
 *
 * <p>A Select is built and run by one goroutine; it is not meant to be shared. Each case is
 * checked when it is added (a null channel or action fails there, naming it), so {@link #run}
 * never takes a value it cannot hand to its action.
 */
public final class Select {

    private sealed interface Case permits RecvCase, SendCase {
        Chan<?> chan();
    }

    private record RecvCase(Chan<?> chan, BiConsumer<Object, Boolean> action) implements Case {
    }

    private record SendCase(Chan<?> chan, Object value, Runnable action) implements Case {
    }

    private final List<Case> cases = new ArrayList<>(4);
    private Runnable orDefault;

    private Select() {
    }

    public static Select on() {
        return new Select();
    }

    /** {@code case v := <-ch:} ({@code v} is null if the channel is closed). */
    @SuppressWarnings("unchecked")
    public <T> Select recv(Chan<T> ch, Consumer<? super T> action) {
        Objects.requireNonNull(ch, "Select.recv: channel is null");
        Objects.requireNonNull(action, "Select.recv: action is null");
        cases.add(new RecvCase(ch, (v, ok) -> action.accept((T) v)));
        return this;
    }

    /** {@code case v, ok := <-ch:}. */
    @SuppressWarnings("unchecked")
    public <T> Select recv2(Chan<T> ch, BiConsumer<? super T, Boolean> action) {
        Objects.requireNonNull(ch, "Select.recv2: channel is null");
        Objects.requireNonNull(action, "Select.recv2: action is null");
        cases.add(new RecvCase(ch, (v, ok) -> action.accept((T) v, ok)));
        return this;
    }

    /** {@code case ch <- value:} (panics if the channel is closed when chosen). */
    public <T> Select send(Chan<T> ch, T value, Runnable action) {
        Objects.requireNonNull(ch, "Select.send: channel is null");
        Objects.requireNonNull(action, "Select.send: action is null");
        cases.add(new SendCase(ch, value, action));
        return this;
    }

    /** {@code default:}: run this instead of blocking. */
    public Select orDefault(Runnable action) {
        this.orDefault = Objects.requireNonNull(action, "Select.orDefault: action is null");
        return this;
    }

    /** Runs the select: exactly one case's action (or the default) runs, after the channel operation. */
    public void run() {
        Safepoint.entry();      // a preemption point, like the prologue of Go's selectgo
        G g = GoRuntime.requireLiveG("Select.run");
        int n = cases.size();
        if (n == 0 && orDefault == null) {
            GoRuntime.gopark(null, "select (no cases)");
            throw new IllegalStateException("unreachable: an empty select never wakes");
        }
        int[] pollorder = pollOrder(n);
        Chan<?>[] lockorder = lockOrder();
        selLock(lockorder);

        // pass 1: take a ready case, in random order
        for (int i : pollorder) {
            Case c = cases.get(i);
            Chan<?> ch = c.chan();
            if (c instanceof SendCase s) {
                if (ch.isClosedLocked()) {
                    selUnlock(lockorder);
                    throw new GoPanic("send on closed channel");
                }
                boolean sent;
                try {
                    sent = ch.trySendLocked(s.value());
                } catch (VirtualMachineError e) {     // out of memory (a stage's ready): let go of the locks first
                    selUnlock(lockorder);
                    throw e;
                }
                if (sent) {
                    selUnlock(lockorder);
                    s.action().run();
                    return;
                }
            } else {
                Object got;
                try {
                    got = ch.tryRecvLocked();
                } catch (VirtualMachineError e) {
                    selUnlock(lockorder);
                    throw e;
                }
                if (got != Chan.WAIT) {
                    selUnlock(lockorder);
                    ((RecvCase) c).action().accept(got == Chan.CLOSED ? null : got, got != Chan.CLOSED);
                    return;
                }
            }
        }
        if (orDefault != null) {
            selUnlock(lockorder);
            orDefault.run();
            return;
        }

        // pass 2: wait on every channel
        g.selectStart();
        g.param = null;
        Sudog[] waiting = null;
        Runnable unlockf;
        Consumer<Sudog[]> undo;
        try {
            waiting = new Sudog[n];
            for (int i = 0; i < n; i++) {
                Case c = cases.get(i);
                Sudog sg = new Sudog(g, c.chan(), c instanceof SendCase s ? s.value() : null, true, i);
                waiting[i] = sg;
                if (c instanceof SendCase) {
                    c.chan().sendq.enqueue(sg);
                } else {
                    c.chan().recvq.enqueue(sg);
                }
            }
            unlockf = () -> selUnlock(lockorder);
            undo = w -> unqueue(w, lockorder);
        } catch (VirtualMachineError e) {     // out of memory with the locks held: undo, let go, rethrow
            if (waiting != null) {
                unqueue(waiting, lockorder);
            } else {
                selUnlock(lockorder);
            }
            throw e;
        }
        GoRuntime.gopark(unlockf, undo, waiting, "select");

        // pass 3: the waker left the sudog that fired in g.param; dequeue the others
        Sudog fired = (Sudog) g.param;
        g.param = null;
        selLock(lockorder);
        for (Sudog sg : waiting) {
            if (sg != fired) {
                Chan<?> ch = (Chan<?>) sg.chan;
                if (cases.get(sg.caseIndex) instanceof SendCase) {
                    ch.sendq.remove(sg);
                } else {
                    ch.recvq.remove(sg);
                }
            }
        }
        selUnlock(lockorder);
        Case c = cases.get(fired.caseIndex);
        if (c instanceof SendCase s) {
            if (!fired.success) {
                throw new GoPanic("send on closed channel");
            }
            s.action().run();
        } else {
            ((RecvCase) c).action().accept(fired.elem, fired.success);
        }
    }

    /**
     * The select could not park (see {@link AbstractScheduler#gopark}), or ran out of memory
     * queueing: with every channel still locked, takes its sudogs off their queues, then unlocks.
     */
    private void unqueue(Sudog[] waiting, Chan<?>[] lockorder) {
        for (Sudog sg : waiting) {
            if (sg == null) {
                break;          // queued only so far (out of memory half way)
            }
            Chan<?> ch = (Chan<?>) sg.chan;
            if (cases.get(sg.caseIndex) instanceof SendCase) {
                ch.sendq.remove(sg);
            } else {
                ch.recvq.remove(sg);
            }
        }
        selUnlock(lockorder);
    }

    /** A random permutation of the cases (Go's {@code pollorder}, a Fisher-Yates shuffle with fastrand). */
    private static int[] pollOrder(int n) {
        int[] order = new int[n];
        M m = M.current();
        for (int i = 0; i < n; i++) {
            int j = m != null ? m.fastrand(i + 1) : ThreadLocalRandom.current().nextInt(i + 1);
            order[i] = order[j];
            order[j] = i;
        }
        return order;
    }

    /** The distinct channels sorted by id (Go's {@code lockorder}, sorted by address). */
    private Chan<?>[] lockOrder() {
        return cases.stream().map(Case::chan).distinct()
                .sorted((a, b) -> Long.compare(a.id, b.id)).toArray(Chan<?>[]::new);
    }

    private static void selLock(Chan<?>[] lockorder) {
        for (Chan<?> c : lockorder) {
            c.lock.lock();
        }
    }

    private static void selUnlock(Chan<?>[] lockorder) {
        for (int i = lockorder.length - 1; i >= 0; i--) {
            lockorder[i].lock.unlock();
        }
    }
}
