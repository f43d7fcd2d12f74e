package gmp.workbook;

import gmp.core.Capability;
import gmp.core.Chan;
import gmp.core.Config;
import gmp.core.Go;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Select;
import gmp.core.Stat;
import gmp.core.WaitGroup;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.locks.LockSupport;

/**
 * The stress harness: a seeded random Go program run on any stage, then checked.
 * <pre>
 *   ./mvnw -q -pl workbook test-compile exec:exec -Dtour="stress --goroutines 1000000 --seed 42"
 *   ./mvnw -q -pl workbook test-compile exec:exec -Dtour="stress --help"
 * </pre>
 * Goroutines come in waves of root goroutines; each goroutine does 1-3 random things: start
 * children (fan-out, up to depth 3), a producer/consumer pipe over a channel of random
 * capacity, two producers merged by a select, a sleep, a blocking syscall, yields, or some
 * arithmetic. Every decision comes from a {@link SplittableRandom} split off its parent's, and
 * the main goroutine of a wave makes them all before it starts the wave ({@link #plan}), taking
 * goroutines from the budget in one fixed order. So the seed fixes the whole program, the
 * goroutine that meets the end of the budget included, and every count in the report is the
 * same on every run, whatever the interleaving ({@code StressTest} checks it). (When the
 * goroutines themselves took from a shared budget, the last wave's count raced.)
 *
 * <p>Checked at the end: every goroutine started exactly once and finished (a bitmap each),
 * every message arrived exactly once and in its producer's order (each consumer checks the
 * sequence numbers of each producer), the totals match, and after {@code close()} no thread of
 * the stage is left. A stage that cannot wait (01-serial) gets the same program without
 * channels, sleeps and yields.
 */
public final class Stress {

    /** What one stage did, and what went wrong (nothing, we hope). */
    public record Report(String stage, long seed, long goroutines, long started, long finished, long sent,
                         long received, long syscalls, long sleeps, long selects, long threadsPeak,
                         int threadsLeft, double seconds, List<String> problems) {
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    private final long budget;
    private final boolean canWait;
    /** Goroutines not yet planned: taken only by the main goroutine of a wave, while it plans. */
    private final AtomicLong remaining;
    private final AtomicLong ids = new AtomicLong();
    private final AtomicLongArray startedBits;
    private final AtomicLongArray finishedBits;
    private final AtomicLong started = new AtomicLong();
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong received = new AtomicLong();
    private final AtomicLong syscalls = new AtomicLong();
    private final AtomicLong sleeps = new AtomicLong();
    private final AtomicLong selects = new AtomicLong();
    private final ConcurrentLinkedQueue<String> problems = new ConcurrentLinkedQueue<>();
    /** Every goroutine of the current wave: add before go, done when its body ends. */
    private WaitGroup wave;

    private Stress(long budget, boolean canWait) {
        this.budget = budget;
        this.canWait = canWait;
        this.remaining = new AtomicLong(budget);
        int words = (int) (budget / 64 + 1);
        this.startedBits = new AtomicLongArray(words);
        this.finishedBits = new AtomicLongArray(words);
    }

    /**
     * Runs about {@code goroutines} goroutines of the seeded program on a fresh {@code stage}
     * scheduler with {@code procs} Ps, at most {@code rootsPerWave} root goroutines at a time,
     * and checks everything. {@code timeLimit} stops starting new waves (the report says how far it got).
     */
    public static Report run(String stage, long goroutines, long seed, int procs, int rootsPerWave, Duration timeLimit) {
        Set<Capability> caps = Schedulers.capabilities(stage);
        Stress st = new Stress(goroutines, caps.contains(Capability.COOPERATION));
        long t0 = System.nanoTime();
        long threadsPeak;
        Scheduler s = Schedulers.create(stage, Config.defaults().procs(procs));
        try (s) {
            SplittableRandom root = new SplittableRandom(seed);
            long deadline = t0 + timeLimit.toNanos();
            while (st.remaining.get() > 0 && System.nanoTime() - deadline < 0) {
                SplittableRandom waveRnd = root.split();
                s.run(() -> {
                    st.wave(waveRnd, rootsPerWave);
                    return null;
                });
            }
            SchedStats stats = s.stats();
            threadsPeak = stats.get(Stat.THREADS_PEAK);
        } catch (RuntimeException e) {
            st.problems.add("the run failed: " + e);
            threadsPeak = -1;
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        int left = threadsLeft(stage);
        if (left > 0) {
            st.problems.add(left + " thread(s) of " + stage + " still alive after close()");
        }
        st.check();
        return new Report(stage, seed, st.ids.get(), st.started.get(), st.finished.get(), st.sent.get(),
                st.received.get(), st.syscalls.get(), st.sleeps.get(), st.selects.get(), threadsPeak, left, seconds,
                List.copyOf(st.problems));
    }

    private static int threadsLeft(String stage) {
        String prefix = "gmp-" + stage + "-";
        for (int i = 0; i < 50; i++) {      // exiting threads may need a moment to be gone
            int n = (int) Thread.getAllStackTraces().keySet().stream()
                    .filter(t -> t.getName().startsWith(prefix) && t.isAlive()).count();
            if (n == 0) {
                return 0;
            }
            LockSupport.parkNanos(20_000_000);
        }
        return (int) Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().startsWith(prefix)).count();
    }

    /**
     * main of one run: plan a wave of roots, start them, and (if the stage can wait) wait for
     * all of them.
     */
    private void wave(SplittableRandom rnd, int roots) {
        List<Plan> plans = new ArrayList<>(roots);
        for (int i = 0; i < roots && take(1); i++) {
            plans.add(plan(rnd.split(), 0));
        }
        wave = new WaitGroup();
        for (Plan p : plans) {
            spawn(p);
        }
        if (canWait) {
            wave.await();
        }
    }

    /** Takes {@code n} goroutines from the budget, or none (only while planning, on one goroutine). */
    private boolean take(int n) {
        long r = remaining.get();
        if (r < n) {
            return false;
        }
        remaining.set(r - n);
        return true;
    }

    // ------------------------------------------------------------------ the plan

    /** What one goroutine will do: its 1-3 actions, decided before any goroutine of the wave runs. */
    private record Plan(List<Action> actions) {
    }

    private sealed interface Action {
    }

    /** Start these goroutines. */
    private record FanOut(List<Plan> children) implements Action {
    }

    /** A producer of {@code messages} on a channel of {@code capacity}, and a consumer. */
    private record Pipe(int capacity, int messages) implements Action {
    }

    /** Two producers of {@code messagesA} and {@code messagesB}, merged by a consumer's select. */
    private record Merge(int capacityA, int capacityB, int messagesA, int messagesB) implements Action {
    }

    private record Sleep(long nanos) implements Action {
    }

    private record Syscall(long nanos) implements Action {
    }

    private record Yields(int times) implements Action {
    }

    private record Work(int steps) implements Action {
    }

    /**
     * A goroutine's plan, from its own random stream. The goroutines it will start are planned
     * (and taken from the budget) depth first, before its next action: one order, fixed by the seed.
     */
    private Plan plan(SplittableRandom rnd, int depth) {
        int n = 1 + rnd.nextInt(3);
        List<Action> actions = new ArrayList<>(n);
        for (int a = 0; a < n; a++) {
            Action act = action(rnd, depth);
            if (act != null) {
                actions.add(act);
            }
        }
        return new Plan(actions);
    }

    /** One random action, or null when the budget has no room for the goroutines it needs. */
    private Action action(SplittableRandom rnd, int depth) {
        int choice = rnd.nextInt(10);
        if (!canWait && (choice >= 2 && choice <= 5 || choice == 7)) {
            choice = 8;             // 01-serial: no channels, sleeps or yields
        }
        return switch (choice) {
            case 0, 1 -> {          // fan out
                int n = 1 + rnd.nextInt(3);
                if (depth >= 3 || !take(n)) {
                    yield null;
                }
                List<Plan> children = new ArrayList<>(n);
                for (int i = 0; i < n; i++) {
                    children.add(plan(rnd.split(), depth + 1));
                }
                yield new FanOut(children);
            }
            case 2, 3 -> take(2) ? new Pipe(rnd.nextInt(3), 1 + rnd.nextInt(8)) : null;
            case 4 -> take(3) ? new Merge(rnd.nextInt(2), rnd.nextInt(2), 1 + rnd.nextInt(6), 1 + rnd.nextInt(6)) : null;
            case 5 -> new Sleep(rnd.nextLong(1_000_000));
            case 6 -> new Syscall(rnd.nextLong(200_000));
            case 7 -> new Yields(rnd.nextInt(1, 4));
            default -> new Work(rnd.nextInt(2_000));
        };
    }

    // ------------------------------------------------------------------ carrying it out

    private void spawn(Plan p) {
        spawn(() -> {
            for (Action a : p.actions()) {
                act(a);
            }
        });
    }

    private void spawn(Runnable f) {
        long id = ids.getAndIncrement();
        WaitGroup wg = wave;
        if (canWait) {
            wg.add(1);
        }
        Go.go(() -> {
            mark(startedBits, id, "started twice");
            started.incrementAndGet();
            try {
                f.run();
            } finally {
                mark(finishedBits, id, "finished twice");
                finished.incrementAndGet();
                if (canWait) {
                    wg.done();
                }
            }
        });
    }

    private void mark(AtomicLongArray bits, long id, String twice) {
        if (id >= budget) {
            problems.add("goroutine " + id + " is beyond the budget of " + budget);
            return;
        }
        long bit = 1L << (id & 63);
        if ((bits.getAndAccumulate((int) (id >>> 6), bit, (x, y) -> x | y) & bit) != 0) {
            problems.add("goroutine " + id + " " + twice);
        }
    }

    private void act(Action action) {
        switch (action) {
            case FanOut f -> {
                for (Plan child : f.children()) {
                    spawn(child);
                }
            }
            case Pipe p -> pipe(p.capacity(), p.messages());
            case Merge m -> merge(m.capacityA(), m.capacityB(), m.messagesA(), m.messagesB());
            case Sleep sl -> {
                Go.sleep(Duration.ofNanos(sl.nanos()));
                sleeps.incrementAndGet();
            }
            case Syscall sc -> {
                long ns = sc.nanos();
                Go.syscall(() -> LockSupport.parkNanos(ns));
                syscalls.incrementAndGet();
            }
            case Yields y -> {
                for (int i = y.times(); i > 0; i--) {
                    Go.yield();
                }
            }
            case Work w -> {
                long x = 0;
                for (int i = w.steps(); i > 0; i--) {
                    x += i * 31L ^ x;
                }
                if (x == 42) {
                    problems.add("impossible");
                }
            }
        }
    }

    /** A producer sends 0..k-1 on a channel of {@code capacity} and closes it; a consumer ranges over it. */
    private void pipe(int capacity, int k) {
        Chan<Integer> c = Chan.make(capacity);
        spawn(() -> produce(c, k));
        spawn(() -> {
            int expect = 0;
            for (int v : c) {
                if (v != expect) {
                    problems.add("pipe: got message " + v + ", expected " + expect);
                }
                expect++;
                received.incrementAndGet();
            }
            if (expect != k) {
                problems.add("pipe: got " + expect + " messages of " + k);
            }
        });
    }

    /** Two producers; one consumer selects from both until both are closed. */
    private void merge(int capacityA, int capacityB, int ka, int kb) {
        Chan<Integer> a = Chan.make(capacityA);
        Chan<Integer> b = Chan.make(capacityB);
        spawn(() -> produce(a, ka));
        spawn(() -> produce(b, kb));
        spawn(() -> {
            int[] next = new int[2];
            boolean[] open = {true, true};
            while (open[0] || open[1]) {
                Select sel = Select.on();
                for (int i = 0; i < 2; i++) {
                    int from = i;
                    if (open[i]) {
                        sel.recv2(i == 0 ? a : b, (v, ok) -> {
                            if (!ok) {
                                open[from] = false;
                                return;
                            }
                            if (v != next[from]) {
                                problems.add("merge: got " + v + " from producer " + from + ", expected " + next[from]);
                            }
                            next[from]++;
                            received.incrementAndGet();
                        });
                    }
                }
                sel.run();
                selects.incrementAndGet();
            }
            if (next[0] != ka || next[1] != kb) {
                problems.add("merge: got " + Arrays.toString(next) + " of [" + ka + ", " + kb + "]");
            }
        });
    }

    private void produce(Chan<Integer> c, int k) {
        for (int i = 0; i < k; i++) {
            c.send(i);
            sent.incrementAndGet();
        }
        c.close();
    }

    private void check() {
        long made = ids.get();
        if (started.get() != made || finished.get() != made) {
            problems.add("goroutines: made " + made + ", started " + started.get() + ", finished " + finished.get());
        }
        for (long id = 0; id < Math.min(made, budget); id++) {
            long bit = 1L << (id & 63);
            if ((startedBits.get((int) (id >>> 6)) & bit) == 0 || (finishedBits.get((int) (id >>> 6)) & bit) == 0) {
                problems.add("goroutine " + id + " never " + ((startedBits.get((int) (id >>> 6)) & bit) == 0 ? "started" : "finished"));
                break;
            }
        }
        if (sent.get() != received.get()) {
            problems.add("messages: sent " + sent.get() + ", received " + received.get());
        }
    }

    // ------------------------------------------------------------------ command line

    static String usage() {
        return """
                usage: tour stress [--stages id,...] [--goroutines N] [--seed S] [--procs N] [--wave N] [--minutes M]

                  --stages      stages to stress (default: all registered): %s
                  --goroutines  goroutines per stage (default 100000)
                  --seed        the program's seed (default: from the clock; printed)
                  --procs       GOMAXPROCS (default: the machine's CPUs)
                  --wave        root goroutines started at a time (default 64; 8 on 01-threads)
                  --minutes     stop starting new waves after this long, per stage (default 30)

                Run it through Maven with:
                  ./mvnw -q -pl workbook test-compile exec:exec -Dtour="stress --goroutines 1000000"
                """.formatted(String.join(",", Schedulers.ids()));
    }

    static int main(String[] args, PrintStream out) {
        List<String> stages = Schedulers.ids();
        long goroutines = 100_000;
        long seed = System.nanoTime();
        int procs = Runtime.getRuntime().availableProcessors();
        int wave = 0;
        long minutes = 30;
        try {
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                if (a.equals("--help") || a.equals("-h")) {
                    out.println(usage());
                    return 0;
                }
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("option " + a + " needs a value");
                }
                String v = args[++i];
                switch (a) {
                    case "--stages" -> stages = Tour.stages(v);
                    case "--goroutines" -> goroutines = number(a, v);
                    case "--seed" -> seed = number(a, v);
                    case "--procs" -> procs = (int) number(a, v);
                    case "--wave" -> wave = (int) number(a, v);
                    case "--minutes" -> minutes = number(a, v);
                    default -> throw new IllegalArgumentException("unknown option " + a);
                }
            }
        } catch (IllegalArgumentException e) {
            System.err.println("stress: " + e.getMessage());
            System.err.println();
            System.err.println(usage());
            return 2;
        }
        out.printf("stress: %,d goroutines per stage, seed %d, procs %d%n", goroutines, seed, procs);
        boolean allOk = true;
        List<Report> reports = new ArrayList<>();
        for (String id : stages) {
            int w = wave > 0 ? wave : id.equals("01-threads") ? 8 : 64;
            Report r = run(id, goroutines, seed, procs, w, Duration.ofMinutes(minutes));
            reports.add(r);
            out.printf("  %s%n", line(r));
            out.flush();
            allOk &= r.ok();
        }
        out.println(allOk ? "stress: all checks passed" : "stress: FAILED (see the problems above)");
        return allOk ? 0 : 1;
    }

    static String line(Report r) {
        String head = String.format("%-12s %,11d goroutines (started %,d, finished %,d), %,d messages sent/%,d received, "
                        + "%,d selects, %,d sleeps, %,d syscalls, threads peak %d, %.1f s: %s",
                r.stage(), r.goroutines(), r.started(), r.finished(), r.sent(), r.received(), r.selects(), r.sleeps(),
                r.syscalls(), r.threadsPeak(), r.seconds(), r.ok() ? "ok" : "FAILED");
        return r.ok() ? head : head + "\n      " + String.join("\n      ", r.problems().stream().limit(10).toList());
    }

    private static long number(String option, String v) {
        try {
            long n = Long.parseLong(v.replace("_", "").replace(",", ""));
            if (n >= 0) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException(option + " needs a whole number, got '" + v + "'");
    }
}
