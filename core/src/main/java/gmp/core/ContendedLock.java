package gmp.core;

import gmp.core.spi.M;
import gmp.core.spi.RuntimeMutex;

/**
 * A mutex that counts what it costs: every acquisition, the contended ones (those that
 * found it held) and the nanoseconds spent waiting. It is a {@link RuntimeMutex} (spin,
 * yield, nap; no owner), like the lock it models. Stages use it for their global
 * scheduler lock, Go's {@code sched.lock}, so the price of one global lock can be read off
 * {@link SchedStats} instead of guessed from a profile (profilers only see waits long enough
 * to park a thread and undercount short ones by orders of magnitude).
 *
 * <p>Invariant: the three counters are written only by the holder of the lock (they are
 * updated right after acquiring), so they need no atomics; readers may see them slightly stale.
 * An M that must sleep releases the lock first and parks its own thread (Go's
 * {@code notesleep}); nobody sleeps holding it.
 *
 * <p>Who holds it: {@link #assertHeld} is Go's {@code assertLockHeld}. It always checks that the
 * lock is held (a function that needs the lock and was called without it fails at once, at the
 * line of the mistake), and, with assertions on ({@code java -ea}: every test run), that the
 * caller is the holder: the lock then records its owner, the current M (or, outside any M, the
 * current thread; never {@code Thread.currentThread()} inside a goroutine, see core's README).
 * Without {@code -ea} nothing is recorded and the check is one volatile read.
 */
public final class ContendedLock {
    private final RuntimeMutex lock = new RuntimeMutex();
    private final String name;
    private long acquisitions;
    private long contended;
    private long waitNanos;
    /** Whether the owner is recorded: only with assertions on (tests), so production pays nothing. */
    private static final boolean RECORD_OWNER = ContendedLock.class.desiredAssertionStatus();
    /** The holder (an M, or a thread outside any M) while {@link #RECORD_OWNER}; written by the holder. */
    private Object owner;

    public ContendedLock(String name) {
        this.name = name;
    }

    public void lock() {
        if (lock.tryLock()) {
            acquisitions++;
            if (RECORD_OWNER) {
                owner = self();
            }
            return;
        }
        long t0 = System.nanoTime();
        lock.lock();
        acquisitions++;
        contended++;
        waitNanos += System.nanoTime() - t0;
        if (RECORD_OWNER) {
            owner = self();
        }
    }

    public boolean tryLock() {
        if (lock.tryLock()) {
            acquisitions++;
            if (RECORD_OWNER) {
                owner = self();
            }
            return true;
        }
        return false;
    }

    public void unlock() {
        if (RECORD_OWNER) {
            owner = null;
        }
        lock.unlock();
    }

    /**
     * Go's {@code assertLockHeld(&l)} at the top of {@code goFunction}: throws a {@link FatalError}
     * "goFunction: name not held" unless the lock is held, by the caller when assertions are on.
     */
    public void assertHeld(String goFunction) {
        if (!lock.isLocked()) {
            throw notHeld(goFunction, "");
        }
        if (RECORD_OWNER && owner != self()) {
            throw notHeld(goFunction, " by this M (its holder is " + owner + ")");
        }
    }

    /**
     * The opposite, for functions that take the lock themselves ({@code startm}) or sleep
     * ({@code stopm}): with assertions on, throws if the caller holds it (it would wait for
     * itself forever). Without {@code -ea} it checks nothing.
     */
    public void assertNotHeldByMe(String goFunction) {
        if (RECORD_OWNER && lock.isLocked() && owner == self()) {
            throw new FatalError(goFunction + ": called holding " + name
                    + " (it takes " + name + " itself, or sleeps: Go's " + goFunction + " would deadlock or throw too)");
        }
    }

    private FatalError notHeld(String goFunction, String detail) {
        return new FatalError(goFunction + ": " + name + " not held" + detail
                + " (proc.go " + goFunction + ": assertLockHeld(&" + name + "))");
    }

    /** The holder's identity: the current M (through the running G, safe in a goroutine), else the thread. */
    private static Object self() {
        M m = M.current();
        return m != null ? m : Thread.currentThread();
    }

    public boolean isLocked() {
        return lock.isLocked();
    }

    public long acquisitions() { return acquisitions; }
    public long contended() { return contended; }
    public long waitNanos() { return waitNanos; }

    public String name() {
        return name;
    }

    @Override
    public String toString() {
        return name + "{acquisitions=" + acquisitions + ", contended=" + contended + ", waitNs=" + waitNanos + "}";
    }
}
