package gmp.stage05;

import gmp.core.Scheduler;
import org.awaitility.core.ConditionTimeoutException;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

/**
 * Runs a program on a scheduler from a plain thread, so the test thread can watch it; when a
 * wait runs out, the failure carries the scheduler's schedtrace and its threads' stacks.
 */
final class Background {
    private Background() {
    }

    static <T> CompletableFuture<T> run(Scheduler s, Callable<T> main) {
        CompletableFuture<T> f = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(s.run(main));
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "test-run");
        t.setDaemon(true);
        t.start();
        return f;
    }

    static <T> T join(CompletableFuture<T> f, Duration bound, String whatWentWrong) {
        return join(null, f, bound, whatWentWrong);
    }

    static <T> T join(Scheduler s, CompletableFuture<T> f, Duration bound, String whatWentWrong) {
        try {
            return f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(whatWentWrong + " (no result within " + bound + ")" + dump(s), e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Waits until {@code condition}; on timeout fails with {@code what} and a dump of {@code s}. */
    static void awaitOrDump(Scheduler s, Duration bound, String what, Callable<Boolean> condition) {
        try {
            await().atMost(bound).alias(what).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError(what + ": not within " + bound + dump(s), e);
        }
    }

    /**
     * Waits until {@code condition}, or until {@code run} has ended without it: a run that failed
     * (a crashed M, an exercise not done yet) is rethrown at once instead of waited out.
     */
    static void awaitOrDump(Scheduler s, CompletableFuture<?> run, Duration bound, String what, Callable<Boolean> condition) {
        awaitOrDump(s, bound, what, () -> condition.call() || run.isDone());
        if (run.isCompletedExceptionally()) {
            boolean met;
            try {
                met = condition.call();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            if (!met) {
                run.join();     // throws the run's own failure
            }
        }
    }

    /** The scheduler's schedtrace line and the stack of each of its threads. */
    static String dump(Scheduler s) {
        if (s == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder("\n").append(s.schedtrace());
        for (Map.Entry<Thread, StackTraceElement[]> e : Thread.getAllStackTraces().entrySet()) {
            if (e.getKey().getName().startsWith("gmp-" + s.id()) || e.getKey().getName().equals("test-run")) {
                sb.append("\n").append(e.getKey().getName()).append(" ").append(e.getKey().getState());
                for (int i = 0; i < Math.min(15, e.getValue().length); i++) {
                    sb.append("\n\tat ").append(e.getValue()[i]);
                }
            }
        }
        return sb.toString();
    }
}
