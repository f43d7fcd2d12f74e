package gmp.stage05;

import gmp.core.Scheduler;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a program on a scheduler from a plain thread, so the test thread can watch it. */
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
        try {
            return f.get(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError(whatWentWrong + " (no result within " + bound + ")", e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
