package gmp.solutions.stage01;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.spi.GoRuntime;
import gmp.core.spi.G;
import gmp.core.spi.GStatus;
import gmp.core.spi.M;
import gmp.stage01.N1Scheduler;

import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/** Solution of exercise 1.3 (the skeleton is {@code gmp.stage01.exercises.SyscallThreadsExercise}). */
public class SyscallThreadsExercise extends N1Scheduler {

    /** A thread that runs one goroutine at a time, for the length of its system call. */
    private final class SyscallThread extends M {
        volatile G handed;

        SyscallThread() {
            super(SyscallThreadsExercise.this, null);
        }

        @Override
        protected void mstart() {
            while (!closing()) {
                G g = handed;
                if (g == null) {
                    LockSupport.park(this);
                    continue;
                }
                handed = null;
                execute(g);              // the G runs its call here, then switches back in exitsyscall
            }
        }
    }

    private final ConcurrentLinkedQueue<SyscallThread> idle = new ConcurrentLinkedQueue<>();
    private final Set<SyscallThread> all = ConcurrentHashMap.newKeySet();

    public SyscallThreadsExercise(Config config) {
        super(config, EnumSet.of(Capability.COOPERATION, Capability.SYSCALL_OVERLAP));
    }

    @Override
    protected void entersyscall(G g, M m) {
        GoRuntime.mcall(this::toSyscallThread);     // off the one M; it goes on with the other goroutines
    }

    /** On the one M, after the G is off its stack. */
    private void toSyscallThread(G g) {
        SyscallThread t = idle.poll();
        if (t == null) {
            t = new SyscallThread();
            all.add(t);
            t.handed = g;
            t.start();                  // counted against maxThreads: "thread exhaustion" past it
        } else {
            t.handed = g;
            LockSupport.unpark(t.thread());
        }
    }

    @Override
    protected void exitsyscall(G g, M m) {
        GoRuntime.mcall(this::backToTheOneM);       // off the syscall thread
    }

    /** On the syscall thread, after the G is off its stack. */
    private void backToTheOneM(G g) {
        idle.add((SyscallThread) M.current());    // idle first: the G's next syscall must find us
        g.status = GStatus.RUNNABLE;
        ready(g);                         // from another thread: the one M's inbox, and a wake-up
    }

    @Override
    protected void shutdown() {
        super.shutdown();
        for (SyscallThread t : all) {
            LockSupport.unpark(t.thread());
        }
    }
}
