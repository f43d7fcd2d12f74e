package gmp.workbook;

import gmp.core.Config;
import gmp.core.Deadlock;
import gmp.core.FatalError;
import gmp.core.GoroutinePanic;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Stat;
import gmp.core.Trace;
import gmp.stage05.instrument.PreemptAgent;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The tour: every registered stage runs the same workloads, and one table shows what each
 * cost: wall time, threads, goroutine switches, and global-lock traffic per goroutine.
 * <pre>
 *   ./mvnw -q -pl workbook test-compile exec:exec                      # everything
 *   ./mvnw -q -pl workbook test-compile exec:exec -Dtour="--help"
 *   ./mvnw -q -pl workbook test-compile exec:exec -Dtour="stress --help"     # the stress harness
 * </pre>
 */
public final class Tour {

    /** Parsed command line. */
    record Options(List<String> stages, List<Workloads.Workload> workloads, int procs, int runq, Duration timeSlice,
                   int rounds, boolean trace, Path out) {
        /** The configuration every stage runs with. */
        Config config() {
            return Config.defaults().procs(procs).runqCapacity(runq).timeSlice(timeSlice);
        }
    }

    public static void main(String[] args) {
        if (args.length > 0 && args[0].equals("stress")) {
            int code = Stress.main(Arrays.copyOfRange(args, 1, args.length), System.out);
            if (code != 0) {
                System.exit(code);
            }
            return;
        }
        Options o;
        try {
            o = parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("tour: " + e.getMessage());
            System.err.println();
            System.err.println(usage());
            System.exit(2);
            return;
        }
        if (o == null) {
            System.out.println(usage());
            return;
        }
        new Tour().run(o, System.out);
    }

    static String usage() {
        return """
                usage: tour [--stages id,id,...] [--workloads name,name,...] [--procs N] [--runq N]
                            [--time-slice MS] [--rounds N] [--trace on|off] [--out DIR]

                  --stages     stages to run (default: all registered): %s
                  --workloads  workloads to run (default: all): %s
                  --procs      GOMAXPROCS for every stage (default: the machine's CPUs, %d)
                  --runq       slots in a local run queue, a power of two (default 256, Go's)
                  --time-slice ms a goroutine runs before sysmon asks it to stop, stage 05 (default 10)
                  --rounds     runs per cell; the table shows the fastest (default 3)
                  --trace      on (default): trace one small run per stage and write the report
                  --out        where the report and the traces go (default target/workbook-report)

                Run it through Maven with: ./mvnw -q -pl workbook test-compile exec:exec -Dtour="--stages 01-n1"
                The stress harness: -Dtour="stress --help"
                """.formatted(String.join(",", Schedulers.ids()),
                String.join(",", Workloads.all().stream().map(Workloads.Workload::name).toList()),
                Runtime.getRuntime().availableProcessors());
    }

    /** Returns null for --help; throws IllegalArgumentException with a clear message for bad input. */
    static Options parse(String[] args) {
        List<String> stages = Schedulers.ids();
        List<Workloads.Workload> workloads = Workloads.all();
        int procs = Runtime.getRuntime().availableProcessors();
        int runq = Config.defaults().runqCapacity();
        Duration timeSlice = Config.defaults().timeSlice();
        int rounds = 3;
        boolean trace = true;
        Path out = Path.of("target", "workbook-report");
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                return null;
            }
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--stages" -> stages = stages(v);
                case "--workloads" -> {
                    List<Workloads.Workload> chosen = new ArrayList<>();
                    for (String name : v.split(",")) {
                        chosen.add(Workloads.all().stream().filter(w -> w.name().equals(name)).findFirst()
                                .orElseThrow(() -> new IllegalArgumentException("unknown workload '" + name + "'; valid workloads: "
                                        + String.join(",", Workloads.all().stream().map(Workloads.Workload::name).toList()))));
                    }
                    workloads = chosen;
                }
                case "--procs" -> procs = positive(a, v);
                case "--runq" -> runq = positive(a, v);
                case "--time-slice" -> timeSlice = Duration.ofMillis(positive(a, v));
                case "--rounds" -> rounds = positive(a, v);
                case "--trace" -> {
                    if (!v.equals("on") && !v.equals("off")) {
                        throw new IllegalArgumentException("--trace is on or off, got '" + v + "'");
                    }
                    trace = v.equals("on");
                }
                case "--out" -> out = Path.of(v);
                default -> throw new IllegalArgumentException("unknown option " + a
                        + "; valid options: --stages, --workloads, --procs, --runq, --time-slice, --rounds, --trace, --out");
            }
        }
        Options o = new Options(stages, workloads, procs, runq, timeSlice, rounds, trace, out);
        o.config().validate();      // e.g. a runq that is not a power of two: Config says what is allowed
        return o;
    }

    /** {@code --stages a,b}: registered stage ids, or a message listing the valid ones. */
    static List<String> stages(String v) {
        List<String> stages = Arrays.asList(v.split(","));
        for (String id : stages) {
            if (!Schedulers.ids().contains(id)) {
                throw new IllegalArgumentException("unknown stage '" + id + "'; valid stages: " + String.join(",", Schedulers.ids()));
            }
        }
        return stages;
    }

    private static int positive(String option, String v) {
        try {
            int n = Integer.parseInt(v);
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // fall through
        }
        throw new IllegalArgumentException(option + " needs a whole number of at least 1, got '" + v + "'");
    }

    /** One cell of the table: a workload on a stage. */
    record Result(String stage, String workload, String outcome, double millis, SchedStats stats, String schedtrace,
                  Object value) {
        boolean ok() {
            return outcome == null;
        }
    }

    void run(Options o, PrintStream out) {
        Config base = o.config();
        out.printf("GMP Workbook tour: %d stage(s) x %d workload(s), procs=%d%s, best of %d rounds%n%n",
                o.stages().size(), o.workloads().size(), o.procs(),
                (base.runqCapacity() == Config.defaults().runqCapacity() ? "" : ", runq=" + base.runqCapacity())
                        + (base.timeSlice().equals(Config.defaults().timeSlice()) ? "" : ", time slice=" + base.timeSlice().toMillis() + " ms"),
                o.rounds());
        for (Workloads.Workload w : o.workloads()) {
            out.printf("  %-9s %s%n", w.name(), w.title());
        }
        out.println();
        List<Result> results = new ArrayList<>();
        Map<String, String> traces = new LinkedHashMap<>();
        int cells = o.stages().size() * o.workloads().size();
        int done = 0;
        for (String id : o.stages()) {
            for (Workloads.Workload w : o.workloads()) {
                progress(out, done++, cells, id + " " + w.name());
                Result r = measure(id, base, w, o.rounds());
                results.add(r);
                if (r.schedtrace() != null) {
                    traces.put(id, r.schedtrace());
                }
            }
        }
        progress(out, cells, cells, "done");
        out.println();
        out.println();
        out.print(table(results));
        out.println();
        String waits = results.stream().filter(r -> r.workload().equals("hog") && r.ok())
                .map(r -> r.stage() + " " + r.value() + " ms").collect(java.util.stream.Collectors.joining(", "));
        if (!waits.isEmpty()) {
            out.println("hog: how long main waited to run again after the first hog started (wall ms above includes the hogs):");
            out.println("  " + waits);
            out.println();
        }
        out.println("schedtrace, one line per stage (after its last workload):");
        traces.forEach((id, line) -> out.printf("  %-12s %s%n", id, line));
        out.println();
        out.println("threads = OS threads (Ms) the run created; peak = most alive at once;");
        out.println("switches = times an M switched to a goroutine; lock/G and contended/G = global scheduler lock");
        out.println("acquisitions (and those that had to wait for it) per scheduled goroutine (per switch); scans/steal = run");
        out.println("queues looked at per attempt to steal work (- where the stage never steals); preempted = goroutines");
        out.println("stopped by sysmon at a method entry + at a loop back-edge (0 (asked N): requested, never honoured).");
        if (!PreemptAgent.isInstalled()) {
            out.println();
            out.println("note: the preempt agent is not on this JVM's command line, so the workloads have no polls and");
            out.println("05-coop/05-async cannot preempt them; run the tour as the README says (it adds -javaagent).");
        }
        if (o.trace()) {
            writeReport(o, out, results, waits.isEmpty() ? "" : "hog: how long main waited: " + waits, traces);
        }
    }

    /**
     * One small traced run per stage ({@link Workloads#timeline}); each trace is written as
     * Chrome Trace Event JSON, and all of them, with the table, into one HTML page.
     */
    static void writeReport(Options o, PrintStream out, List<Result> results, String notes, Map<String, String> schedtraces) {
        Map<String, Trace> traced = new LinkedHashMap<>();
        try {
            Files.createDirectories(o.out());
            for (String id : o.stages()) {
                progress(out, traced.size(), o.stages().size(), "trace " + id);
                try (Scheduler s = Schedulers.create(id, o.config().trace(true))) {
                    s.run(Workloads.timeline(s));
                    Trace t = s.trace();
                    t.writeChromeJson(o.out().resolve(id + ".json"));
                    Files.writeString(o.out().resolve(id + "-timeline.svg"), HtmlReport.standaloneTimeline(t));
                    traced.put(id, t);
                } catch (RuntimeException e) {
                    out.printf("%n  %s: no trace (%s)%n", id, describe(e));
                }
            }
            progress(out, traced.size(), o.stages().size(), "done");
            Path page = o.out().resolve("index.html");
            boolean scenarios = copyScenarioPage(o.out());
            Files.writeString(page, HtmlReport.page(table(results), notes, results, traced, schedtraces, scenarios));
            out.println();
            out.println();
            out.println("report:  " + page.toAbsolutePath());
            out.println("traces:  " + o.out().toAbsolutePath().resolve("<stage>.json")
                    + "  (open at https://ui.perfetto.dev, or chrome://tracing)");
        } catch (IOException e) {
            out.println("could not write the report to " + o.out() + ": " + e.getMessage());
        }
    }

    /**
     * Copies the seed article's ten scenarios as pictures (docs/scenarios/index.html, drawn by
     * 04-gmp's ScenarioPicturesTest from its replay) beside the report, as scenarios.html, so
     * the report's link works wherever the report is written. False if the page is not found
     * (the tour runs from the repository or from its workbook module).
     */
    static boolean copyScenarioPage(Path out) {
        for (Path p : List.of(Path.of("docs", "scenarios", "index.html"), Path.of("..", "docs", "scenarios", "index.html"))) {
            if (Files.isRegularFile(p)) {
                // its links to the tests are relative to docs/scenarios: point them at the repository itself
                Path repo = p.toAbsolutePath().normalize().getParent().getParent().getParent();
                try {
                    String page = Files.readString(p).replace("href=\"../../", "href=\"" + repo.toUri());
                    Files.writeString(out.resolve("scenarios.html"), page);
                    return true;
                } catch (IOException e) {
                    return false;                       // the report goes on without the link
                }
            }
        }
        return false;
    }

    /** A progress bar, redrawn in place: [#####.....] 5/12 01-n1 chain */
    private static void progress(PrintStream out, int done, int total, String what) {
        int width = 30;
        int filled = total == 0 ? width : done * width / total;
        out.printf("\r  [%s%s] %2d/%d %-24s", "#".repeat(filled), ".".repeat(width - filled), done, total, what);
        out.flush();
    }

    /**
     * Runs {@code w} {@code rounds} times, each on a fresh scheduler (so "threads" counts every
     * thread the run needed, its first M included); keeps the fastest run and its counters.
     */
    static Result measure(String id, Config config, Workloads.Workload w, int rounds) {
        Result best = null;
        ExecutorService caller = Executors.newSingleThreadExecutor();
        try {
            for (int r = 0; r < rounds; r++) {
                try (Scheduler s = Schedulers.create(id, config)) {
                    Object value;
                    long t0 = System.nanoTime();
                    Future<Object> f = caller.submit(() -> s.run(w.body().apply(s)));
                    try {
                        value = f.get(120, TimeUnit.SECONDS);
                    } catch (TimeoutException e) {
                        return new Result(id, w.name(), "timed out after 120 s", 0, null, null, null);
                    } catch (ExecutionException e) {
                        return new Result(id, w.name(), describe(e.getCause()), 0, null, null, null);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return new Result(id, w.name(), "interrupted", 0, null, null, null);
                    }
                    double ms = (System.nanoTime() - t0) / 1e6;
                    if (best == null || ms < best.millis()) {
                        best = new Result(id, w.name(), null, ms, s.stats(), s.schedtrace(), value);
                    }
                } catch (RuntimeException e) {
                    return new Result(id, w.name(), "error: " + e.getMessage(), 0, null, null, null);
                }
            }
            return best;
        } finally {
            caller.shutdownNow();
        }
    }

    /** Preemptions, "coop+async", or "-" if none were even requested. */
    static String preempted(SchedStats st) {
        long coop = st.get(Stat.PREEMPTIONS_COOPERATIVE);
        long async = st.get(Stat.PREEMPTIONS_ASYNC);
        if (coop + async == 0) {
            return st.get(Stat.PREEMPT_REQUESTS) == 0 ? "-" : "0 (asked " + st.get(Stat.PREEMPT_REQUESTS) + ")";
        }
        return coop + "+" + async;
    }

    /** A short reason for a workload a stage cannot run. */
    static String describe(Throwable t) {
        String msg = String.valueOf(t.getMessage());
        if (t instanceof Deadlock) {
            return msg.contains("serial cannot wait") ? "deadlock: serial cannot wait" : "deadlock";
        }
        if (t instanceof FatalError) {
            return msg.replace("fatal error: ", "").split(":")[0];
        }
        if (t instanceof GoroutinePanic p && p.getCause() instanceof UnsupportedOperationException) {
            return "n/a: " + p.getCause().getMessage();
        }
        if (t instanceof GoroutinePanic p) {
            return "panic: " + p.getCause();
        }
        return t.getClass().getSimpleName() + ": " + msg;
    }

    static String table(List<Result> results) {
        StringBuilder sb = new StringBuilder();
        String fmt = "%-12s %-9s %10s %8s %6s %10s %8s %12s %11s %10s%n";
        sb.append(String.format(fmt, "stage", "workload", "wall ms", "threads", "peak", "switches", "lock/G", "contended/G",
                "scans/steal", "preempted"));
        sb.append("-".repeat(105)).append('\n');
        String lastStage = null;
        for (Result r : results) {
            if (lastStage != null && !lastStage.equals(r.stage())) {
                sb.append('\n');
            }
            lastStage = r.stage();
            if (!r.ok()) {
                sb.append(String.format("%-12s %-9s   %s%n", r.stage(), r.workload(), r.outcome()));
                continue;
            }
            SchedStats st = r.stats();
            sb.append(String.format(fmt, r.stage(), r.workload(), String.format("%.1f", r.millis()),
                    st.threadsCreated(), st.threadsPeak(), String.format("%,d", st.schedules()),
                    String.format("%.2f", st.perSchedule(Stat.LOCK_ACQUISITIONS)),
                    String.format("%.3f", st.perSchedule(Stat.LOCK_CONTENDED)),
                    st.get(Stat.STEAL_ATTEMPTS) == 0 ? "-"
                            : String.format("%.1f", (double) st.get(Stat.QUEUES_SCANNED) / st.get(Stat.STEAL_ATTEMPTS)),
                    preempted(st)));
        }
        return sb.toString();
    }
}
