package gmp.core.contract;

import gmp.core.Capability;
import gmp.core.Go;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Stat;
import gmp.core.spi.G;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** Helpers for the contract kit and the stages' own tests. */
public final class ContractSupport {
    private ContractSupport() {
    }

    static void assumeHas(SchedulerContract t, Capability c) {
        assumeTrue(t.has(c), () -> t.stageId() + " does not declare " + c + " (its limitation test covers it)");
    }

    static void assumeLacks(SchedulerContract t, Capability c) {
        assumeFalse(t.has(c), () -> t.stageId() + " declares " + c + " (its positive test covers it)");
    }

    /** Live threads belonging to schedulers of stage {@code stageId} (all are named "gmp-<id>-..."). */
    public static List<String> threadsOf(String stageId) {
        String prefix = "gmp-" + stageId + "-";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .map(Thread::getName)
                .filter(n -> n.startsWith(prefix))
                .toList();
    }

    /** The live threads themselves, for {@link #threadsOf}'s stage. */
    public static List<Thread> liveThreadsOf(String stageId) {
        String prefix = "gmp-" + stageId + "-";
        return Thread.getAllStackTraces().keySet().stream()
                .filter(Thread::isAlive)
                .filter(t -> t.getName().startsWith(prefix))
                .toList();
    }

    /**
     * For a test goroutine that spins or waits for something: true once its run is over. A run
     * that failed (a crashed M, an exercise not done yet) discards its goroutines, but one that is
     * spinning or blocked in a syscall cannot be stopped from outside: it must notice by itself,
     * or {@code close()} waits for it and its thread outlives the test.
     */
    public static boolean runIsOver() {
        G g = G.current();
        return g != null && g.run.isOver();
    }

    /**
     * {@code latch.await(ms)} for a goroutine (typically inside {@code Go.syscall}) that gives up
     * as soon as the goroutine's run is over: see {@link #runIsOver()}.
     */
    public static boolean awaitInGoroutine(CountDownLatch latch, long ms) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ms);
        while (!latch.await(Math.min(10, Math.max(0, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))),
                TimeUnit.MILLISECONDS)) {
            if (runIsOver() || System.nanoTime() - deadline >= 0) {
                return latch.getCount() == 0;
            }
        }
        return true;
    }

    /** Waits (generously) until {@code stat} has grown by {@code delta} since {@code before}. */
    public static void awaitStat(Scheduler s, SchedStats before, Stat stat, long delta) {
        await().atMost(Duration.ofSeconds(30)).until(() -> s.stats().minus(before).get(stat) >= delta);
    }

    /**
     * Initializes a fresh copy of {@link YieldsInItsInitializer} (a new class loader each time,
     * since a class whose initializer failed cannot be initialized again).
     */
    static Object initializeAClassThatYields() throws Exception {
        try {
            return Class.forName(YieldsInItsInitializer.class.getName(), true, freshLoaderOf(YieldsInItsInitializer.class))
                    .getDeclaredField("VALUE").get(null);
        } catch (ExceptionInInitializerError e) {
            throw (Exception) e.getCause();
        }
    }

    /**
     * A new instance of a fresh copy of {@code type} (defined again by a new class loader, so its
     * code starts interpreted), used through an interface {@code T} of it, which is not copied.
     */
    @SuppressWarnings("unchecked")
    static <T> T freshCopyOf(Class<?> type) {
        try {
            var c = Class.forName(type.getName(), true, freshLoaderOf(type)).getDeclaredConstructor();
            return (T) c.newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ClassLoader freshLoaderOf(Class<?> type) {
        String name = type.getName();
        byte[] bytes;
        try (var in = ContractSupport.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return new ClassLoader(ContractSupport.class.getClassLoader()) {
            @Override
            protected Class<?> loadClass(String n, boolean resolve) throws ClassNotFoundException {
                if (n.equals(name)) {
                    synchronized (getClassLoadingLock(n)) {
                        Class<?> c = findLoadedClass(n);
                        return c != null ? c : defineClass(n, bytes, 0, bytes.length);
                    }
                }
                return super.loadClass(n, resolve);
            }
        };
    }

    /**
     * A class whose static initializer yields. The JVM runs a class initializer with a native
     * frame on the stack, so the goroutine is pinned: it must fail with a clear error, not hang.
     */
    public static final class YieldsInItsInitializer {
        public static final int VALUE;

        static {
            Go.yield();
            VALUE = 1;
        }

        private YieldsInItsInitializer() {
        }
    }
}
