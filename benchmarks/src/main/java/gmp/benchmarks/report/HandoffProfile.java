package gmp.benchmarks.report;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
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

/**
 * Where a one-way handoff's time goes on 04-gmp: JFR's execution samples of the ping-pong
 * benchmark ({@code benchmarks/profile-handoff.sh}), each given to the part of the path its
 * innermost frame belongs to, scaled to the benchmark's own ns per handoff, and compared with
 * a bare {@code Continuation} yield + resume measured in the same script. Writes
 * {@code handoff-profile.svg} and {@code handoff-profile.md}.
 * <pre>
 *   java -cp benchmarks/target/benchmarks.jar gmp.benchmarks.report.HandoffProfile --samples samples.json \
 *        --jmh pingpong.json --raw-jmh raw.json --about "..." --out docs/benchmarks
 * </pre>
 * A sample is one stack every millisecond, so a part's share is a share of samples, not a
 * measured duration; JIT inlining moves time between neighbouring frames (the resume of a
 * continuation is sampled in the {@code M.execute} that calls it, for one).
 */
public final class HandoffProfile {

    /** A part of the path, and the frames (class or class.method prefixes) that belong to it; first match wins. */
    record Part(String name, List<String> frames) {
    }

    static final List<Part> PARTS = List.of(
            new Part("finding the current G (getCurrentContinuation)", List.of("gmp.core.spi.G.current",
                    "jdk.internal.vm.Continuation.getCurrentContinuation")),
            new Part("continuation: freeze (yield)", List.of("jdk.internal.vm.Continuation.yield", "jdk.internal.vm.Continuation.doYield",
                    "gmp.core.spi.G.yieldToM", "gmp.core.spi.M.mcall")),
            new Part("continuation: thaw and mount (run)", List.of("jdk.internal.vm.", "java.lang.System$1", "java.lang.Thread.setContinuation",
                    "java.lang.Thread.currentCarrierThread")),
            new Part("M.execute (samples of the resume land here)", List.of("gmp.core.spi.M.execute")),
            new Part("channel: lock, queues, sudogs", List.of("gmp.core.Chan", "gmp.core.spi.WaitQ", "gmp.core.spi.RuntimeMutex",
                    "gmp.core.spi.Sudog", "gmp.core.spi.GoRuntime.acquireSudog", "gmp.core.spi.GoRuntime.releaseSudog")),
            new Part("gopark / goready: status, counters", List.of("gmp.core.spi.GoRuntime", "gmp.core.spi.RunState",
                    "gmp.core.spi.StatBlock", "gmp.core.Safepoint", "gmp.core.spi.Safepoint")),
            new Part("scheduler: runqput, schedule, findRunnable", List.of("gmp.stage04.", "gmp.core.spi.AbstractScheduler")),
            new Part("the benchmark's own loop", List.of("gmp.benchmarks.")));

    public static void main(String[] args) throws IOException {
        Map<String, String> o = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i], args[i + 1]);
        }
        double handoff = score(Path.of(o.get("--jmh")));
        double raw = score(Path.of(o.get("--raw-jmh")));
        Map<String, Integer> counts = count(JsonParser.parseString(Files.readString(Path.of(o.get("--samples")))));
        write(Path.of(o.get("--out")), counts, handoff, raw, o.getOrDefault("--about", ""));
    }

    /** The score of the only benchmark in a JMH {@code -rf json} file. */
    static double score(Path jmhJson) throws IOException {
        return BenchReport.readJmh(jmhJson).getFirst().score();
    }

    /** Samples per part, from {@code jfr print --json --events jdk.ExecutionSample}; only the scheduler's threads. */
    static Map<String, Integer> count(JsonElement recording) {
        Map<String, Integer> counts = new LinkedHashMap<>();
        PARTS.forEach(p -> counts.put(p.name(), 0));
        counts.put("other", 0);                             // never, while every kept sample runs in GmpM.mstart
        JsonArray events = recording.getAsJsonObject().getAsJsonObject("recording").getAsJsonArray("events");
        for (JsonElement e : events) {
            JsonElement st = e.getAsJsonObject().getAsJsonObject("values").get("stackTrace");
            if (st == null || st.isJsonNull()) {
                continue;
            }
            List<String> frames = new ArrayList<>();
            for (JsonElement f : st.getAsJsonObject().getAsJsonArray("frames")) {
                JsonObject m = f.getAsJsonObject().getAsJsonObject("method");
                frames.add(m.getAsJsonObject("type").get("name").getAsString().replace('/', '.') + "." + m.get("name").getAsString());
            }
            if (frames.stream().noneMatch(x -> x.startsWith("gmp.stage04.GmpM.mstart"))) {
                continue;                                   // JMH's own threads, the JIT, GC...
            }
            counts.merge(part(frames), 1, Integer::sum);
        }
        return counts;
    }

    /**
     * The part of the innermost frame that belongs to one; a library frame with no part of its
     * own (an atomic, {@code Thread.interrupted}, a VarHandle guard) counts for its caller.
     */
    static String part(List<String> frames) {
        // G.current() runs into the continuation's own frames (getCurrentContinuation, the carrier
        // thread): look for it among the innermost frames first, or it would count as a switch
        for (String frame : frames.subList(0, Math.min(5, frames.size()))) {
            for (String prefix : PARTS.getFirst().frames()) {
                if (frame.startsWith(prefix)) {
                    return PARTS.getFirst().name();
                }
            }
        }
        for (String frame : frames) {
            for (Part p : PARTS) {
                for (String prefix : p.frames()) {
                    if (frame.startsWith(prefix)) {
                        return p.name();
                    }
                }
            }
        }
        return "other";
    }

    static void write(Path dir, Map<String, Integer> counts, double handoff, double raw, String about) throws IOException {
        Files.createDirectories(dir);
        int total = counts.values().stream().mapToInt(Integer::intValue).sum();
        StringBuilder md = new StringBuilder("| part of the path | samples | share | ns per handoff |\n|---|---|---|---|\n");
        List<String> names = new ArrayList<>();
        List<Double> ns = new ArrayList<>();
        for (Map.Entry<String, Integer> e : counts.entrySet()) {
            if (e.getValue() == 0) {
                continue;
            }
            double share = (double) e.getValue() / total;
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.1f%% | %.0f |%n", e.getKey(), e.getValue(), 100 * share, share * handoff));
            names.add(e.getKey());
            ns.add(share * handoff);
        }
        md.append(String.format(Locale.ROOT, "| **all** | %,d | 100%% | **%.0f** (JMH) |%n%n", total, handoff));
        md.append(String.format(Locale.ROOT, "A bare `Continuation` yield + resume (`RawContinuationBenchmark`, same script): %.0f ns. "
                + "%s%n", raw, about));
        Files.writeString(dir.resolve("handoff-profile.md"), md.toString());

        CategoryChart c = new CategoryChartBuilder().width(900).height(420)
                .title(String.format(Locale.ROOT, "04-gmp one-way handoff: %.0f ns, by part of the path (JFR samples)", handoff))
                .yAxisTitle("ns per handoff").build();
        c.getStyler().setLegendPosition(Styler.LegendPosition.InsideNE);
        c.getStyler().setXAxisLabelRotation(20);
        c.getStyler().setChartBackgroundColor(Color.WHITE);
        c.getStyler().setPlotGridVerticalLinesVisible(false);
        c.addSeries("04-gmp, procs=1", names, ns);
        BenchReport.save(c, dir.resolve("handoff-profile.svg"));
    }
}
