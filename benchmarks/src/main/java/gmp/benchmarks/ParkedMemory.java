package gmp.benchmarks;

import gmp.core.Chan;
import gmp.core.Config;
import gmp.core.Go;
import gmp.core.Scheduler;
import gmp.core.Schedulers;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Workload 7: memory per parked goroutine. JMH measures time, not a heap that stays full, so
 * this is its own small harness: N goroutines block receiving on one unbuffered channel;
 * once all are parked, heap used after a full GC, minus the same before, divided by N, is the
 * cost of one parked goroutine (its continuation's stack chunk, the G, its waiter record in
 * the channel's queue). Virtual threads parked on a {@code CountDownLatch} are measured the
 * same way. Platform threads are not: their stacks are outside the heap (Java reserves 1 MB
 * of address space per thread by default, committing what the stack touches).
 * <pre>
 *   $JAVA_HOME/bin/java -Xmx6g --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
 *        -cp benchmarks/target/benchmarks.jar gmp.benchmarks.ParkedMemory 1000000 target/parked-memory.json
 * </pre>
 * Writes one JSON object per target: {"target": ..., "goroutines": N, "bytesPerGoroutine": ...}.
 */
public final class ParkedMemory {
    private ParkedMemory() {
    }

    static final List<String> STAGES = List.of("01-n1", "02-gm", "03-perm", "04-gmp", "05-async");

    record Row(String target, int n, double bytesPer) {
        String json() {
            return String.format(Locale.ROOT, "{\"target\": \"%s\", \"goroutines\": %d, \"bytesPerGoroutine\": %.1f}",
                    target, n, bytesPer);
        }
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
        Path out = args.length > 1 ? Path.of(args[1]) : null;
        List<Row> rows = new ArrayList<>();
        for (String stage : STAGES) {
            rows.add(stage(stage, n));
            System.out.println(rows.getLast().json());
        }
        rows.add(virtualThreads(n));
        System.out.println(rows.getLast().json());
        if (out != null) {
            write(out, rows);
        }
    }

    static void write(Path out, List<Row> rows) throws IOException {
        if (out.getParent() != null) {
            Files.createDirectories(out.getParent());
        }
        Files.writeString(out, "[\n  " + String.join(",\n  ", rows.stream().map(Row::json).toList()) + "\n]\n");
    }

    /** Heap in use after full collections (several, until it stops shrinking). */
    static long usedAfterGc() {
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long used = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (used >= best) {
                break;
            }
            best = used;
        }
        return best;
    }

    /** N goroutines parked on their own channels, on one stage at procs=1. */
    static Row stage(String id, int n) {
        try (Scheduler s = Schedulers.create(id, Config.defaults().procs(1))) {
            double per = s.run(() -> {
                long before = usedAfterGc();
                Chan<Integer> gate = Chan.make();
                AtomicInteger waiting = new AtomicInteger();
                for (int i = 0; i < n; i++) {
                    Go.go(() -> {
                        waiting.incrementAndGet();
                        gate.recv();
                    });
                }
                // procs=1: while main runs nobody else does, so once all have counted, all have parked
                while (waiting.get() < n) {
                    Go.sleep(Duration.ofMillis(5));
                }
                long after = usedAfterGc();
                gate.close();          // wakes them all; they return
                return (double) (after - before) / n;
            });
            return new Row(id, n, per);
        }
    }

    /** N virtual threads parked on a latch. */
    static Row virtualThreads(int n) throws InterruptedException {
        long before = usedAfterGc();
        CountDownLatch release = new CountDownLatch(1);
        AtomicInteger waiting = new AtomicInteger();
        List<Thread> threads = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            threads.add(Thread.ofVirtual().start(() -> {
                waiting.incrementAndGet();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        while (waiting.get() < n || threads.stream().anyMatch(t -> t.getState() != Thread.State.WAITING)) {
            Thread.sleep(20);
        }
        long after = usedAfterGc();
        release.countDown();
        for (Thread t : threads) {
            t.join();
        }
        return new Row("virtual threads", n, (double) (after - before) / n);
    }
}
