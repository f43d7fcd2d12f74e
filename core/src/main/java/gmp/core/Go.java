package gmp.core;

import gmp.core.spi.GoRuntime;
import gmp.core.spi.M;
import gmp.core.spi.Safepoint;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;

/**
 * The Go statements and runtime calls a goroutine uses, as static methods. Each works on
 * every stage; what it costs and whether it stalls other goroutines is the stage's business.
 * Called outside a goroutine, each fails with an {@link IllegalStateException} saying so.
 */
public final class Go {
    private Go() {
    }

    /** {@code go f()}: starts a goroutine. It runs when the scheduler gets to it. */
    public static void go(Runnable f) {
        Objects.requireNonNull(f, "Go.go: f is null");
        Safepoint.entry();      // a preemption point, like the prologue of Go's newproc
        M m = GoRuntime.requireM("Go.go");
        m.sched.newproc(m, f);
    }

    /** {@code runtime.Gosched()}: lets other goroutines run; this one stays runnable. */
    public static void yield() {
        GoRuntime.gosched();
    }

    /** {@code time.Sleep(d)}: parks the goroutine (or, where the stage cannot, blocks its M). */
    public static void sleep(Duration d) {
        GoRuntime.sleepCurrent(d);
    }

    /**
     * A blocking system call: {@code call} runs on the goroutine's M, whose thread blocks.
     * Whether other goroutines keep running meanwhile is what stages differ in.
     * A checked exception from {@code call} is rethrown as a {@link SyscallException}.
     */
    public static <T> T syscall(Callable<T> call) {
        return GoRuntime.syscall(call);
    }

    /** A blocking system call with no result. */
    public static void syscall(BlockingCall call) {
        GoRuntime.syscall(() -> {
            call.run();
            return null;
        });
    }

    /** A blocking call with no result, for {@link #syscall(BlockingCall)}. */
    @FunctionalInterface
    public interface BlockingCall {
        void run() throws Exception;
    }

    /** The current goroutine's id (the main goroutine is 1). */
    public static long id() {
        return GoRuntime.requireM("Go.id").curg.goid;
    }

    /** {@code runtime.NumGoroutine()}: live goroutines of this run. */
    public static int numGoroutine() {
        return GoRuntime.numGoroutine();
    }

    /** {@code runtime.GOMAXPROCS(0)}: the configured procs. */
    public static int procs() {
        return GoRuntime.requireM("Go.procs").sched.config().procs();
    }
}
