package gmp.benchmarks.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.style.Styler;

import java.awt.Color;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns one benchmark run into {@code docs/benchmarks/README.md} and its SVG charts: JMH's
 * {@code -rf json} results (one file per JMH run of {@code run-full.sh}), the parked-memory
 * harness's JSON, and (optional) Go's results.
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar gmp.benchmarks.report.BenchReport \
 *        --jmh target/bench/jmh-a.json,target/bench/jmh-b.json --memory target/bench/parked-memory.json \
 *        [--go target/bench/go.json] --about "machine, JDK, date, command" --out docs/benchmarks
 * </pre>
 * Charts are XChart category charts written with its SVG encoder (VectorGraphics2D): a
 * maintained library, so the report code only says what to plot, never how to draw an axis.
 *
 * <p>Nothing here measures anything: every number in the report is copied from the input
 * files, so the report says exactly what one run said.
 */
public final class BenchReport {

    static final List<String> STAGES = List.of("01-n1", "01-threads", "02-gm", "03-perm", "04-gmp", "05-async");
    static final List<String> PEERS = List.of("threads", "pool", "forkjoin", "virtual");
    static final Map<String, String> PEER_TITLES = Map.of("threads", "Java threads", "pool", "ThreadPoolExecutor",
            "forkjoin", "ForkJoinPool", "virtual", "virtual threads");
    static final Map<String, String> WORKLOADS = new LinkedHashMap<>();

    static {
        WORKLOADS.put("spawn", "spawn: start a goroutine that calls wg.done(), 10,000 in batches of 1,000 (ns per goroutine)");
        WORKLOADS.put("chainedSpawn", "chained spawn: each goroutine starts the next, 10,000 deep (ns per goroutine)");
        WORKLOADS.put("pingPong", "ping-pong: one-way handoff over an unbuffered channel (ns per handoff)");
        WORKLOADS.put("yieldMany", "yield: 100 goroutines x 100 Go.yield() (ns per yield)");
        WORKLOADS.put("syscallMix", "syscall mix: 1,000 jobs of ~10 us CPU, every 10th blocks 1 ms in a syscall (ns per job)");
    }

    /** One JMH result: benchmark method, params, score and error, and secondary metrics. */
    record Result(String clazz, String method, Map<String, String> params, double score, double error, String unit,
                  Map<String, Double> secondary, JsonObject raw) {
        String param(String name) {
            return params.getOrDefault(name, "");
        }
    }

    public static void main(String[] args) throws IOException {
        Map<String, String> opts = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            opts.put(args[i], args[i + 1]);
        }
        if (!opts.containsKey("--jmh") || !opts.containsKey("--out")) {
            System.err.println("usage: BenchReport --jmh jmh.json[,more.json...] [--memory parked-memory.json] [--go go.json] "
                    + "[--about \"machine, JDK, date, command\"] --out docs/benchmarks");
            System.exit(2);
        }
        List<Result> jmh = new ArrayList<>();
        for (String file : opts.get("--jmh").split(",")) {       // run-full.sh's runs, one file each
            jmh.addAll(readJmh(Path.of(file)));
        }
        JsonArray memory = opts.containsKey("--memory") ? readArray(Path.of(opts.get("--memory"))) : new JsonArray();
        JsonObject go = opts.containsKey("--go") && Files.exists(Path.of(opts.get("--go")))
                ? JsonParser.parseString(Files.readString(Path.of(opts.get("--go")))).getAsJsonObject() : null;
        Path out = Path.of(opts.get("--out"));
        new BenchReport(jmh, memory, go, opts.getOrDefault("--about", "")).write(out);
        System.out.println("wrote " + out.resolve("README.md"));
    }

    static JsonArray readArray(Path p) throws IOException {
        return JsonParser.parseString(Files.readString(p)).getAsJsonArray();
    }

    static List<Result> readJmh(Path p) throws IOException {
        List<Result> out = new ArrayList<>();
        for (JsonElement e : readArray(p)) {
            JsonObject o = e.getAsJsonObject();
            String full = o.get("benchmark").getAsString();
            int dot = full.lastIndexOf('.');
            String clazz = full.substring(full.lastIndexOf('.', dot - 1) + 1, dot);
            Map<String, String> params = new LinkedHashMap<>();
            if (o.has("params")) {
                o.getAsJsonObject("params").entrySet().forEach(en -> params.put(en.getKey(), en.getValue().getAsString()));
            }
            JsonObject pm = o.getAsJsonObject("primaryMetric");
            Map<String, Double> sec = new LinkedHashMap<>();
            if (o.has("secondaryMetrics")) {
                o.getAsJsonObject("secondaryMetrics").entrySet()
                        .forEach(en -> sec.put(en.getKey(), en.getValue().getAsJsonObject().get("score").getAsDouble()));
            }
            double err = pm.get("scoreError").isJsonPrimitive() && !pm.get("scoreError").getAsString().equals("NaN")
                    ? pm.get("scoreError").getAsDouble() : Double.NaN;
            out.add(new Result(clazz, full.substring(dot + 1), params, pm.get("score").getAsDouble(), err,
                    pm.get("scoreUnit").getAsString(), sec, o));
        }
        return out;
    }

    private final List<Result> jmh;
    private final JsonArray memory;
    private final JsonObject go;
    private final String about;

    BenchReport(List<Result> jmh, JsonArray memory, JsonObject go, String about) {
        this.jmh = jmh;
        this.memory = memory;
        this.go = go;
        this.about = about;
    }

    Optional<Result> find(String clazz, String method, String key, String value, String procs) {
        return jmh.stream().filter(r -> r.clazz().equals(clazz) && r.method().equals(method)
                && r.param(key).equals(value) && (procs == null || r.param("procs").equals(procs))).findFirst();
    }

    static String ns(double v) {
        if (Double.isNaN(v)) {
            return "—";
        }
        return v >= 100 ? String.format(Locale.ROOT, "%,.0f", v) : String.format(Locale.ROOT, "%.1f", v);
    }

    /** A cell's error is "too large" above this share of its score: the report marks it. */
    static final double MAX_ERROR = 0.10;

    /** "218 ± 12", or "218 ± 31 ⚠" when the 99.9% error is more than 10% of the score. */
    static String cell(Optional<Result> r) {
        return r.map(x -> scoreAndError(x.score(), x.error())).orElse("—");
    }

    static String scoreAndError(double score, double error) {
        if (Double.isNaN(error)) {
            return ns(score);
        }
        return ns(score) + " ± " + ns(error) + (error > MAX_ERROR * score ? " ⚠" : "");
    }

    static final String WARNING = "⚠: the 99.9% error is more than 10% of the score: too noisy to quote. Look at the "
            + "iterations in target/bench/jmh-*.json before trusting it: a fork still warming up in its first iterations, two modes "
            + "within a fork (a spinning M that does or does not catch the work), or a cell that runs one fork by "
            + "design (the 01 stages and Java's threads, pool and fork-join pool, which are context for the headline "
            + "columns 02-05 and virtual threads; chained spawn; the fine fan-out). "
            + "Go's ± is 3.29 standard errors over its ~1 ms rounds in one process, not JMH's error over forks, so it "
            + "is narrower by construction; its best round is in brackets.";

    void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        StringBuilder md = new StringBuilder();
        md.append("# Benchmarks: every stage beside Java's own schedulers\n\n");
        md.append("Generated by `BenchReport` from one run; do not edit by hand. ").append(about).append("\n\n");
        md.append("Stages run goroutine programs (`StageBenchmarks`); peers run the same workloads on Java's own "
                + "schedulers (`JavaPeerBenchmarks`): a platform thread per task, a fixed `ThreadPoolExecutor` (one "
                + "shared queue: 02's shape), a `ForkJoinPool` (work-stealing deques: 04's shape) and virtual "
                + "threads. Times are JMH averages ± its 99.9% error; lower is better.");
        if (go != null) {
            md.append(" The Go column is Go's own runtime on the same machine (`benchmarks/go`).");
        }
        md.append("\n\n");
        lockSection(md, dir);
        for (Map.Entry<String, String> w : WORKLOADS.entrySet()) {
            workloadSection(md, dir, w.getKey(), w.getValue());
        }
        speedupSection(md);
        profileSection(md, dir);
        memorySection(md, dir);
        otherSections(md);
        Files.writeString(dir.resolve("README.md"), md.toString());
    }

    private void workloadSection(StringBuilder md, Path dir, String w, String title) throws IOException {
        if (jmh.stream().noneMatch(r -> r.method().equals(w))) {
            return;
        }
        md.append("## ").append(title).append("\n\n");
        md.append("| procs |");
        STAGES.forEach(s -> md.append(' ').append(s).append(" |"));
        PEERS.forEach(p -> md.append(' ').append(PEER_TITLES.get(p)).append(" |"));
        if (go != null) {
            md.append(" Go |");
        }
        md.append(" 04-gmp / best peer |").append(go != null ? " 04-gmp / Go |" : "").append("\n|---|");
        md.append("---|".repeat(STAGES.size() + PEERS.size() + (go != null ? 2 : 0) + 1)).append('\n');
        CategoryChart chart = chart(title, "ns per op (log scale)");
        for (String procs : List.of("1", "2")) {
            md.append("| ").append(procs).append(" |");
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (String s : STAGES) {
                Optional<Result> r = find("StageBenchmarks", w, "stage", s, procs);
                md.append(' ').append(cell(r)).append(" |");
                names.add(s);
                values.add(r.map(Result::score).orElse(Double.NaN));
            }
            double bestPeer = Double.MAX_VALUE;
            String bestName = "";
            for (String p : PEERS) {
                Optional<Result> r = find("JavaPeerBenchmarks", w, "peer", p, procs);
                md.append(' ').append(cell(r)).append(" |");
                names.add(PEER_TITLES.get(p));
                values.add(r.map(Result::score).orElse(Double.NaN));
                if (r.isPresent() && r.get().score() < bestPeer) {
                    bestPeer = r.get().score();
                    bestName = PEER_TITLES.get(p);
                }
            }
            if (go != null) {
                md.append(' ').append(goCell(w, procs)).append(" |");
            }
            Optional<Result> ours = find("StageBenchmarks", w, "stage", "04-gmp", procs);
            md.append(ours.isPresent() && bestPeer < Double.MAX_VALUE
                    ? String.format(Locale.ROOT, " %.2fx (%s) |", ours.get().score() / bestPeer, bestName) : " — |");
            if (go != null) {
                double r = ratioToGo(w, procs);
                md.append(Double.isNaN(r) ? " — |" : String.format(Locale.ROOT, " %.2fx |", r));
            }
            md.append('\n');
            series(chart, "procs=" + procs, names, values, 1);
        }
        md.append('\n').append(WARNING).append('\n');
        String file = w + ".svg";
        save(chart, dir.resolve(file));
        md.append("\n![").append(w).append("](").append(file).append(")\n\n");
    }

    /** Go's mean ± its 99.9% error, and its best round; older go.json files have only one number. */
    private String goCell(String w, String procs) {
        JsonElement e = go.get(w + "/" + procs);
        if (e == null) {
            return "—";
        }
        JsonElement err = go.get(w + "/" + procs + ".error");
        JsonElement best = go.get(w + "/" + procs + ".best");
        return scoreAndError(e.getAsDouble(), err == null ? Double.NaN : err.getAsDouble())
                + (best == null ? "" : " (best " + ns(best.getAsDouble()) + ")");
    }

    /** 04-gmp's mean over Go's, for the headline ratio; NaN without Go. */
    private double ratioToGo(String w, String procs) {
        Optional<Result> ours = find("StageBenchmarks", w, "stage", "04-gmp", procs);
        JsonElement g = go == null ? null : go.get(w + "/" + procs);
        return ours.isEmpty() || g == null ? Double.NaN : ours.get().score() / g.getAsDouble();
    }

    private void lockSection(StringBuilder md, Path dir) throws IOException {
        if (jmh.stream().noneMatch(r -> r.clazz().equals("StageBenchmarks"))) {
            return;
        }
        md.append("## Lock contention across stages (the headline)\n\n");
        md.append("The scheduler's own counters for the timed operations, per goroutine switch (an M switching to "
                + "a goroutine): global scheduler lock acquisitions, those that found it held, the time spent "
                + "waiting for it, run queues looked at per steal attempt, and threads created per 1,000 switches. "
                + "procs=2.\n\n");
        md.append("| workload | stage | lock/switch | contended/switch | wait ns/switch | scans/steal | threads/1k switches |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        CategoryChart chart = chart("Global-lock acquisitions per goroutine switch (procs=2)", "acquisitions per switch (log scale)");
        for (String w : List.of("spawn", "yieldMany", "pingPong", "syscallMix")) {
            List<String> names = new ArrayList<>();
            List<Double> values = new ArrayList<>();
            for (String s : STAGES) {
                Optional<Result> r = find("StageBenchmarks", w, "stage", s, "2");
                if (r.isEmpty()) {
                    names.add(s);
                    values.add(Double.NaN);
                    continue;
                }
                Map<String, Double> c = r.get().secondary();
                double sw = c.getOrDefault("switches", 0.0);
                double lock = sw == 0 ? Double.NaN : c.getOrDefault("lockAcquisitions", 0.0) / sw;
                double steals = c.getOrDefault("stealAttempts", 0.0);
                md.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.4f | %.1f | %s | %.2f |%n", w, s, lock,
                        sw == 0 ? Double.NaN : c.getOrDefault("lockContended", 0.0) / sw,
                        sw == 0 ? Double.NaN : c.getOrDefault("lockWaitNs", 0.0) / sw,
                        steals == 0 ? "—" : String.format(Locale.ROOT, "%.1f", c.getOrDefault("queuesScanned", 0.0) / steals),
                        sw == 0 ? Double.NaN : 1000 * c.getOrDefault("threadsCreated", 0.0) / sw));
                names.add(s);
                values.add(lock);
            }
            if (!w.equals("syscallMix")) {
                series(chart, w, names, values, 1e-4);
            }
        }
        save(chart, dir.resolve("lock-per-switch.svg"));
        md.append("\n![lock acquisitions per switch](lock-per-switch.svg)\n\n");
        md.append("01-n1 and 01-threads have no global scheduler lock (one thread; the kernel): 0, drawn at the "
                + "chart's floor of 0.0001 like every value below it.\n\n");
    }

    private void memorySection(StringBuilder md, Path dir) throws IOException {
        if (memory.isEmpty()) {
            return;
        }
        md.append("## Memory per parked goroutine\n\n");
        md.append("`ParkedMemory`: N goroutines (or virtual threads) blocked on one channel (latch); heap used "
                + "after a full GC, minus before, divided by N. Platform threads are not in the heap (1 MB of "
                + "stack reserved each).\n\n| target | goroutines | bytes each |\n|---|---|---|\n");
        List<String> names = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (JsonElement e : memory) {
            JsonObject o = e.getAsJsonObject();
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.0f |%n", o.get("target").getAsString(),
                    o.get("goroutines").getAsInt(), o.get("bytesPerGoroutine").getAsDouble()));
            names.add(o.get("target").getAsString());
            values.add(o.get("bytesPerGoroutine").getAsDouble());
        }
        if (go != null && go.has("parkedBytes")) {
            md.append(String.format(Locale.ROOT, "| Go (benchmarks/go) | — | %.0f |%n", go.get("parkedBytes").getAsDouble()));
            names.add("Go");
            values.add(go.get("parkedBytes").getAsDouble());
        }
        CategoryChart chart = chart("Bytes per parked goroutine", "bytes");
        chart.getStyler().setYAxisLogarithmic(false);
        series(chart, "bytes", names, values, 0);
        save(chart, dir.resolve("parked-memory.svg"));
        md.append("\n![bytes per parked goroutine](parked-memory.svg)\n\n");
    }

    /** Whatever else the run had (switch costs, preemption): one table per benchmark class. */
    /** The handoff profile that benchmarks/profile-handoff.sh left in the report's directory, if any. */
    private void profileSection(StringBuilder md, Path dir) throws IOException {
        Path table = dir.resolve("handoff-profile.md");
        if (!Files.exists(table)) {
            return;
        }
        md.append("## Where a 04-gmp handoff's time goes\n\n");
        md.append("JFR execution samples (one per millisecond) of the ping-pong at procs=1, each given to the part of "
                + "the path its innermost frame belongs to and scaled to that run's ns per handoff "
                + "(`bash benchmarks/profile-handoff.sh`, run by run-full.sh after the JMH suite; sampling slows the "
                + "run, so its total is above the ping-pong table's). 04-gmp's README, \"Where a handoff's time "
                + "goes\", reads it against Go's path.\n\n");
        md.append(Files.readString(table)).append("\n![handoff profile](handoff-profile.svg)\n\n");
    }

    /** SpeedupBenchmarks: each stage's fan-out at procs 1 and 2, and the ratio. */
    private void speedupSection(StringBuilder md) {
        if (jmh.stream().noneMatch(r -> r.clazz().equals("SpeedupBenchmarks"))) {
            return;
        }
        md.append("## Parallel speed-up: does a stage use the second CPU?\n\n");
        md.append("A CPU-bound fan-out (`SpeedupBenchmarks`): coarse = 2,000 goroutines of ~50 us of arithmetic, "
                + "fine = 50,000 goroutines of ~0.1 us (the scheduler is the work); ms per fan-out at GOMAXPROCS 1 and 2, and the speed-up "
                + "(procs=1 time / procs=2 time; 2.00x is perfect on two CPUs). 01-n1 is the control: one thread "
                + "whatever GOMAXPROCS says.\n\n");
        md.append("| stage | coarse, procs=1 (ms) | coarse, procs=2 | coarse speed-up | fine, procs=1 (ms) | fine, procs=2 | fine speed-up |\n");
        md.append("|---|---|---|---|---|---|---|\n");
        for (String stage : STAGES) {
            if (jmh.stream().noneMatch(r -> r.clazz().equals("SpeedupBenchmarks") && r.param("stage").equals(stage))) {
                continue;
            }
            md.append("| ").append(stage).append(" |");
            for (String grain : List.of("coarse", "fine")) {
                Optional<Result> one = speedup(stage, grain, "1");
                Optional<Result> two = speedup(stage, grain, "2");
                md.append(' ').append(cell(one)).append(" | ").append(cell(two)).append(" | ");
                md.append(one.isPresent() && two.isPresent()
                        ? String.format(Locale.ROOT, "%.2fx", one.get().score() / two.get().score()) : "—").append(" |");
            }
            md.append('\n');
        }
        md.append('\n').append(WARNING).append("\n\n");
    }

    private Optional<Result> speedup(String stage, String grain, String procs) {
        return jmh.stream().filter(r -> r.clazz().equals("SpeedupBenchmarks") && r.param("stage").equals(stage)
                && r.param("grain").equals(grain) && r.param("procs").equals(procs)).findFirst();
    }

    private void otherSections(StringBuilder md) {
        for (String clazz : List.of("SwitchBenchmarks", "RawContinuationBenchmark", "PollCostBenchmark",
                "PreemptionLatencyBenchmark", "TraceOverheadBenchmark")) {
            List<Result> rs = jmh.stream().filter(r -> r.clazz().equals(clazz)).toList();
            if (rs.isEmpty()) {
                continue;
            }
            md.append("## ").append(clazz).append("\n\n| benchmark | params | score | unit |");
            boolean sampled = rs.getFirst().raw().getAsJsonObject("primaryMetric").has("scorePercentiles")
                    && rs.getFirst().raw().get("mode").getAsString().equals("sample");
            md.append(sampled ? " p50 | p90 | p99 | max |\n|---|---|---|---|---|---|---|---|\n" : "\n|---|---|---|---|\n");
            for (Result r : rs) {
                md.append("| ").append(r.method()).append(" | ").append(r.params().toString().replaceAll("[{}]", ""))
                        .append(" | ").append(cell(Optional.of(r))).append(" | ").append(r.unit()).append(" |");
                if (sampled) {
                    JsonObject pc = r.raw().getAsJsonObject("primaryMetric").getAsJsonObject("scorePercentiles");
                    for (String q : List.of("50.0", "90.0", "99.0", "100.0")) {
                        md.append(' ').append(ns(pc.get(q).getAsDouble())).append(" |");
                    }
                }
                md.append('\n');
            }
            md.append('\n');
        }
    }

    static CategoryChart chart(String title, String yTitle) {
        CategoryChart c = new CategoryChartBuilder().width(900).height(420).title(title).yAxisTitle(yTitle).build();
        c.getStyler().setYAxisLogarithmic(true);
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
        c.getStyler().setXAxisLabelRotation(30);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridVerticalLinesVisible(false);
        c.getStyler().setAvailableSpaceFill(0.8);
        return c;
    }

    /**
     * Adds a series. A log axis cannot show 0 or a missing value, so those are drawn at
     * {@code floor} (the bottom of the chart), which the section's text says.
     */
    static void series(CategoryChart c, String name, List<String> names, List<Double> values, double floor) {
        List<Double> ys = new ArrayList<>();
        for (double v : values) {
            ys.add(Double.isNaN(v) || v < floor ? floor : v);
        }
        c.addSeries(name, new ArrayList<>(names), ys);
        if (c.getStyler().isYAxisLogarithmic()) {
            c.getStyler().setYAxisMin(floor);      // bars grow from the floor, not from 0
        }
    }

    static void save(CategoryChart c, Path file) throws IOException {
        if (c.getSeriesMap().isEmpty()) {
            return;
        }
        String base = file.toString().replaceFirst("\\.svg$", "");
        VectorGraphicsEncoder.saveVectorGraphic(c, base, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
        if (Boolean.getBoolean("gmp.report.png")) {     // a bitmap too, to look at where SVG cannot be shown
            org.knowm.xchart.BitmapEncoder.saveBitmap(c, base, org.knowm.xchart.BitmapEncoder.BitmapFormat.PNG);
        }
    }
}
