package gmp.core.contract;

import gmp.core.Capability;
import gmp.core.Go;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Stat;

import java.time.Duration;
import java.util.List;

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

    /** Waits (generously) until {@code stat} has grown by {@code delta} since {@code before}. */
    public static void awaitStat(Scheduler s, SchedStats before, Stat stat, long delta) {
        await().atMost(Duration.ofSeconds(30)).until(() -> s.stats().minus(before).get(stat) >= delta);
    }

    /**
     * Initializes a fresh copy of {@link YieldsInItsInitializer} (a new class loader each time,
     * since a class whose initializer failed cannot be initialized again).
     */
    static Object initializeAClassThatYields() throws Exception {
        String name = YieldsInItsInitializer.class.getName();
        byte[] bytes;
        try (var in = ContractSupport.class.getResourceAsStream("/" + name.replace('.', '/') + ".class")) {
            bytes = in.readAllBytes();
        }
        ClassLoader fresh = new ClassLoader(ContractSupport.class.getClassLoader()) {
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
        try {
            return Class.forName(name, true, fresh).getDeclaredField("VALUE").get(null);
        } catch (ExceptionInInitializerError e) {
            throw (Exception) e.getCause();
        }
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
