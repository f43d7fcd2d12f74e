package gmp.stage02.exercises;

import gmp.core.Config;
import gmp.core.spi.ExerciseNotDone;
import gmp.core.spi.G;
import gmp.core.spi.M;
import gmp.stage02.GMScheduler;

/**
 * <b>Exercise 2.3: entersyscall and exitsyscall — a blocked thread gives its CPU away.</b> A
 * goroutine about to block its M in a system call must not keep one of the {@code mcpumax} CPU
 * slots idle meanwhile. Write Go 1.0's pair, each under {@code schedLock()}:
 * <ul>
 *   <li>{@link #entersyscall}: this M ({@code (GM) m}) gives up its slot ({@code holdsCpu = false},
 *       {@code mcpu--}); if Gs are waiting and a slot is free now, count a handoff
 *       ({@code m.stats.inc(Stat.HANDOFFS)}) and {@code matchmg()} so another M runs them;</li>
 *   <li>{@link #exitsyscall}: the call returned; if a slot is free, take it back and go on. If
 *       not, this G must wait for a slot like any other: switch away from it with
 *       {@code GoRuntime.mcall(this::exitsyscall0)} — without the lock held — and, in {@code exitsyscall0},
 *       which runs on the M after the G is off its stack, mark it runnable
 *       ({@code g.status = GStatus.RUNNABLE}), put it on the global queue and {@code matchmg()},
 *       under the lock. The M then goes back to its loop and most likely to sleep.</li>
 * </ul>
 * So in Go 1.0 the number of Ms grows with the number of goroutines blocked in syscalls at once
 * (each needs a thread), while the number running Go code stays at GOMAXPROCS.
 *
 * <p>Check: {@code ./mvnw -pl 02-gm-global-queue test -Pexercises -Dtest='Ex23*'} — the contract
 * kit (a blocking syscall must not stall the others; an echo server over blocking sockets) and
 * 02's behaviour tests (100 goroutines in syscalls at once need 100+ threads; thread exhaustion
 * past maxThreads; never more than GOMAXPROCS computing). (The reference is
 * {@code GMScheduler.entersyscall} and {@code exitsyscall}.)
 */
public class SyscallExercise extends GMScheduler {

    public SyscallExercise(Config config) {
        super(config);
    }

    @Override
    protected void entersyscall(G g, M m) {
        throw new ExerciseNotDone("2.3", "entersyscall: under the lock, give up the slot (holdsCpu = false, mcpu--)"
                + " and matchmg() if Gs wait and a slot is free");
    }

    @Override
    protected void exitsyscall(G g, M m) {
        throw new ExerciseNotDone("2.3", "exitsyscall: take a free slot back under the lock, or mcall into an"
                + " exitsyscall0 that queues the G globally and calls matchmg()");
    }
}
