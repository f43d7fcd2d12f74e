package gmp.core.spi;

import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

/**
 * Every M of one scheduler and its thread (Go's {@code allm}, {@code sched.mnext},
 * {@code checkmcount}): ids, how many threads are alive, were created and were alive at once,
 * the counters of Ms that exited, and joining them all on close.
 *
 * <p>Invariants: {@code alive} counts Ms whose thread started and has not left its loop; an M
 * stays in {@code all} until its thread is gone, so close() can join it; leaving allocates
 * nothing (an M may leave because the heap is full); an M's counters are read exactly once by a
 * snapshot, live or {@code retired} (the switch happens under the set's monitor).
 */
final class AllM {

    private final AtomicInteger mnext = new AtomicInteger();
    /** Every M started and not yet known dead. Dead ones are pruned as new Ms start. */
    private final Set<M> all = ConcurrentHashMap.newKeySet();
    private final AtomicInteger exitedCount = new AtomicInteger();
    private volatile int pruneExitedAt = 64;
    private final AtomicInteger alive = new AtomicInteger();
    private final AtomicLong created = new AtomicLong();
    private final AtomicInteger peak = new AtomicInteger();
    /** Counters of Ms that exited. */
    private final StatBlock retired = new StatBlock();

    /** Go's {@code mReserveID}. */
    int nextId() {
        return mnext.getAndIncrement();
    }

    /** Ms alive right now. */
    int alive() {
        return alive.get();
    }

    long created() {
        return created.get();
    }

    int peak() {
        return peak.get();
    }

    /** Counts a new M (Go's {@code checkmcount}): false, counting nothing, if it would be past {@code max}. */
    boolean add(M m, int max) {
        int now = alive.incrementAndGet();
        if (now > max) {
            alive.decrementAndGet();
            return false;
        }
        peak.accumulateAndGet(now, Math::max);
        created.incrementAndGet();
        all.add(m);
        if (exitedCount.get() > pruneExitedAt) {      // forget Ms whose threads have finished dying
            all.removeIf(e -> {
                boolean dead = e.exited && !e.thread.isAlive();
                if (dead) {
                    exitedCount.decrementAndGet();
                }
                return dead;
            });
            pruneExitedAt = Math.max(64, 2 * exitedCount.get());  // amortised: O(1) per M
        }
        return true;
    }

    /** {@link M#start()} failed: its thread never ran, so it never exits; undo {@link #add}. */
    void neverStarted(M m) {
        all.remove(m);
        alive.decrementAndGet();
    }

    /** An M's thread is about to end (it stays in {@code all} until it has). Allocates nothing. */
    void exited(M m) {
        synchronized (all) {     // a snapshot sees the M's counts exactly once
            m.exited = true;
            retired.absorb(m.stats);
        }
        exitedCount.incrementAndGet();
        alive.decrementAndGet();
    }

    /** Adds every M's counters, live or retired, to {@code v} (indexed by {@code Stat.ordinal()}). */
    void addStatsTo(long[] v) {
        synchronized (all) {
            retired.addAllTo(v);
            for (M m : all) {
                if (!m.exited) {
                    m.stats.addAllTo(v);
                }
            }
        }
    }

    /** The Ms still in their loop, by id (for scheddetail). */
    void forEachLive(Consumer<M> action) {
        all.stream().filter(m -> !m.exited).sorted(Comparator.comparingInt(m -> m.id)).forEach(action);
    }

    /**
     * Joins every M's thread by the deadline, and those started meanwhile (sysmon handing off a
     * P, a poller injecting Gs: each sees closing at once and exits). Throws, naming the thread
     * and where it is, if one would not stop.
     */
    void joinAll(long deadline) {
        while (true) {
            boolean lookAgain = false;
            for (M m : all) {
                if (m.thread.getState() == Thread.State.NEW) {
                    lookAgain = true;       // counted, not yet started: look again in a moment
                    continue;
                }
                joinUntil(m.thread, deadline);
                if (m.thread.isAlive()) {
                    G g = m.curg;
                    throw new IllegalStateException("close(): " + m.thread.getName() + " did not stop"
                            + (g == null ? "" : ": it is still running goroutine " + g.goid
                            + ", which never yields (a JVM continuation cannot be stopped from outside)")
                            + where(m.thread));
                }
            }
            for (M m : all) {            // one started while we joined the others?
                lookAgain |= m.thread.isAlive() || m.thread.getState() == Thread.State.NEW;
            }
            if (!lookAgain || System.nanoTime() - deadline > 0) {
                return;
            }
            LockSupport.parkNanos(100_000);
        }
    }

    /** Where a thread that would not stop is, for the error message (the top of its stack). */
    private static String where(Thread t) {
        StringBuilder sb = new StringBuilder("; it is at:");
        StackTraceElement[] st = t.getStackTrace();
        for (int i = 0; i < Math.min(12, st.length); i++) {
            sb.append("\n\tat ").append(st[i]);
        }
        return sb.toString();
    }

    static void joinUntil(Thread t, long deadline) {
        boolean interrupted = false;
        while (t.isAlive()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
