package gmp.core;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * One stage's scheduler: a Go program runs inside {@link #run}. Made by
 * {@link Schedulers#create}; its Ms (threads) live until {@link #close}, so one scheduler
 * can run many programs one after another (benchmarks do).
 */
public interface Scheduler extends AutoCloseable {

    /** The stage id it was created with, e.g. {@code "01-n1"}. */
    String id();

    Config config();

    /** What the stage can do; the contract kit tests these and the limits of the rest. */
    Set<Capability> capabilities();

    /**
     * Runs {@code main} as goroutine 1 and returns its result when it returns, as a Go program
     * ends when {@code main} returns; goroutines still blocked or queued then are discarded.
     *
     * @throws GoroutinePanic if any goroutine (main included) throws
     * @throws Deadlock       if every goroutine is blocked and nothing can wake one
     * @throws FatalError     on a runtime failure such as thread exhaustion
     * @throws IllegalStateException if called from inside a goroutine, concurrently, or after close
     */
    <T> T run(Callable<T> main);

    /** {@link #run(Callable)} for a main goroutine with no result. */
    default void run(Runnable main) {
        Objects.requireNonNull(main, "Scheduler.run: main is null");
        run(() -> {
            main.run();
            return null;
        });
    }

    /** The counters since creation; see {@link SchedStats#minus} for one run's share. */
    SchedStats stats();

    /**
     * One line in the shape of Go's {@code GODEBUG=schedtrace}:
     * {@code SCHED 12ms: gomaxprocs=4 idleprocs=1 threads=6 spinningthreads=1 idlethreads=2 runqueue=3 [0 5 1 0]}.
     */
    String schedtrace();

    /**
     * The events recorded so far when made with {@code Config.trace(true)} (an empty trace
     * otherwise): read it between runs or after {@link #close}. See {@link Trace}.
     */
    Trace trace();

    /**
     * Stops every M and helper thread and waits for them: no thread is left behind. Sockets that
     * {@link GoNet} opened for the goroutines and that are still open are closed first, as a
     * process exit closes them, so an M blocked in a socket call (an {@code accept} on a stage
     * without a network poller) is freed.
     */
    @Override
    void close();
}
