package gmp.core.spi;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * A runtime lock in the manner of Go's {@code runtime.mutex} (lock_futex.go): try, spin a
 * little, yield the thread, then sleep in short, growing naps until the lock is free. It
 * has no owner and no queue of waiting threads.
 *
 * <p>Why not {@code ReentrantLock}? Goroutine code takes these locks, and a goroutine moves
 * between threads. {@code ReentrantLock} records {@code Thread.currentThread()} as owner and
 * as the thread to wake, and HotSpot's C2 compiler treats {@code Thread.currentThread()} as a
 * constant within a compiled method (true for virtual threads, whose identity never changes,
 * but not for a raw {@code Continuation} that resumed on another carrier). A lock taken after
 * a switch inside the same compiled loop can then record the <em>previous</em> carrier: the
 * wrong thread would be woken and the right one would sleep forever. A lock with no owner and
 * no waiter list cannot get that wrong. (The workbook met this as a real failure: see
 * core's README.)
 *
 * <p>Invariants: {@code state} is 0 when free and 1 when held. Whoever holds it must release
 * it; it may be released by a different thread than the one that took it (an M releases the
 * lock its G took before parking, as Go's {@code gopark} unlock function does). Hold it for a
 * few instructions only; never across a switch, except the park hand-off described above.
 */
public final class RuntimeMutex {
    private static final int ACTIVE_SPIN = 4;
    private static final int ACTIVE_SPIN_CNT = 30;
    private static final int PASSIVE_SPIN = 1;
    private static final long MAX_NAP_NANOS = 100_000;

    private final AtomicInteger state = new AtomicInteger();

    /** Takes the lock; returns false if it was free at once (true: this acquisition waited). */
    public boolean lock() {
        if (state.compareAndExchange(0, 1) == 0) {
            return false;
        }
        lockSlow();
        return true;
    }

    private void lockSlow() {
        long nap = 1_000;
        while (true) {
            for (int i = 0; i < ACTIVE_SPIN; i++) {       // procyield: spin on the CPU
                for (int k = 0; k < ACTIVE_SPIN_CNT; k++) {
                    if (state.get() == 0 && state.compareAndExchange(0, 1) == 0) {
                        return;
                    }
                    Thread.onSpinWait();
                }
            }
            for (int i = 0; i < PASSIVE_SPIN; i++) {      // osyield: let the holder run
                Thread.yield();
                if (state.get() == 0 && state.compareAndExchange(0, 1) == 0) {
                    return;
                }
            }
            LockSupport.parkNanos(this, nap);              // futexsleep, with a timeout instead of a wake
            if (state.get() == 0 && state.compareAndExchange(0, 1) == 0) {
                return;
            }
            nap = Math.min(nap * 2, MAX_NAP_NANOS);
        }
    }

    public boolean tryLock() {
        return state.compareAndExchange(0, 1) == 0;
    }

    public void unlock() {
        if (state.getAndSet(0) != 1) {
            throw new IllegalMonitorStateException("unlock of an unlocked runtime mutex");
        }
    }

    public boolean isLocked() {
        return state.get() != 0;
    }
}
