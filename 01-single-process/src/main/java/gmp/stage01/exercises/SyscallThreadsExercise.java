package gmp.stage01.exercises;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.spi.ExerciseNotDone;
import gmp.core.spi.G;
import gmp.core.spi.M;
import gmp.stage01.N1Scheduler;

import java.util.EnumSet;

/**
 * <b>Exercise 1.3: N:1, but blocking calls on threads of their own — the first step to M:N.</b>
 * 01-n1 switches goroutines in a fraction of a microsecond, and one blocking system call stalls
 * them all: the call blocks the one thread. Fix that without giving up N:1 for Go code, using
 * what a {@code Continuation} allows: it can be resumed on a different thread than the one it
 * yielded on. So a goroutine about to block can <em>move</em>, stack and all, to a thread of its
 * own for the length of the call, and come back afterwards:
 * <ul>
 *   <li>{@link #entersyscall} (on the one M, in the goroutine): {@code GoRuntime.mcall(fn)} switches the
 *       goroutine off the M, and the M runs {@code fn(g)} on its own stack — there, hand {@code g}
 *       to a syscall thread: a new {@code M(this, loop)} (whose {@code start()} counts it against
 *       {@code maxThreads}), or an idle one. The syscall thread runs {@code m.execute(g)}: the
 *       goroutine resumes right there, returns from {@code entersyscall}, and makes its blocking
 *       call on that thread while the one M goes on with the others;</li>
 *   <li>{@link #exitsyscall} (on the syscall thread, in the goroutine; use {@code M.current()},
 *       not the {@code m} you are given, which is the M it entered on): {@code mcall} again, and on
 *       the syscall thread mark the goroutine {@code RUNNABLE} and {@code ready(g)} it: from another
 *       thread that puts it in the one M's inbox and wakes the M. The syscall thread is then idle,
 *       to be reused by the next syscall: keep a queue of idle ones, and put this one back on it
 *       <em>before</em> you ready the goroutine (once readied, it may make its next syscall at
 *       once, and must find an idle thread there);</li>
 *   <li>{@link #shutdown}: after {@code super.shutdown()}, wake every syscall thread so it sees
 *       {@code closing()} and ends ({@code close()} waits for every M to end).</li>
 * </ul>
 * Which limitation test of 01-n1 stops applying? Which still does (look for "two goroutines at
 * the same instant")? Java does this today: a virtual thread that blocks in some calls
 * "compensates" by adding a carrier thread. And which stage of Go's history have you started?
 * (Go 1.0, stage 02, keeps the goroutine on its thread and moves the <em>CPU slot</em> instead.)
 *
 * <p>Check: {@code ./mvnw -pl 01-single-process test -Pexercises -Dtest='Ex13*'} — the contract
 * kit on your scheduler declaring syscall overlap (a syscall does not stall the others; an echo
 * server over blocking sockets; still never two goroutines computing at once), and
 * {@code Ex13SyscallThreadsTest}: ten goroutines in a syscall at the same time, Go code on one
 * thread only, syscall threads reused, and "thread exhaustion" past {@code maxThreads}. There is
 * no reference for this one in the stage; the solution is in the {@code solutions} module.
 */
public class SyscallThreadsExercise extends N1Scheduler {

    public SyscallThreadsExercise(Config config) {
        super(config, EnumSet.of(Capability.COOPERATION, Capability.SYSCALL_OVERLAP));
    }

    @Override
    protected void entersyscall(G g, M m) {
        throw new ExerciseNotDone("1.3", "entersyscall: mcall into a function that hands the goroutine to a syscall"
                + " thread (an M of its own, new or idle), which runs m.execute(g)");
    }

    @Override
    protected void exitsyscall(G g, M m) {
        throw new ExerciseNotDone("1.3", "exitsyscall: mcall into a function that marks the goroutine RUNNABLE and"
                + " ready(g)s it back to the one M; the syscall thread goes idle");
    }

    @Override
    protected void shutdown() {
        super.shutdown();
    }
}
