package gmp.workbook;

import gmp.core.Trace;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * The tour's report page: one self-contained HTML file (no scripts, no network) with the
 * tour's table and, per stage, a timeline of a small traced run drawn as inline SVG: one lane
 * per P (per M where the stage has no Ps), one rectangle per goroutine time slice coloured by
 * how it ended, the run-queue lengths below. Hovering a slice shows its goroutine, times and
 * end (an SVG {@code <title>}). Side by side, the stages show the 02 lock convoy, the 03
 * imbalance, the 04 steals and the 05 time slices.
 */
final class HtmlReport {
    private HtmlReport() {
    }

    static final int MAX_LANES = 16;

    static final Map<Trace.Ending, String> COLORS = Map.of(
            Trace.Ending.EXITED, "#43a047", Trace.Ending.BLOCKED, "#1e88e5", Trace.Ending.YIELDED, "#fdd835",
            Trace.Ending.PREEMPTED, "#e53935", Trace.Ending.SYSCALL, "#fb8c00");

    static String color(String ended) {
        Trace.Ending e = Trace.Ending.of(ended);
        return e == null ? "#9e9e9e" : COLORS.get(e);
    }

    /** The whole page. */
    static String page(String table, String notes, List<Tour.Result> results, Map<String, Trace> traces,
                       Map<String, String> schedtraces) {
        StringBuilder sb = new StringBuilder();
        sb.append("""
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>GMP Workbook tour report</title>
                <style>
                body { font-family: system-ui, sans-serif; margin: 2em; color: #222; max-width: 1200px; }
                pre { background: #f6f6f6; padding: 1em; overflow-x: auto; font-size: 12px; }
                .legend span { display: inline-block; margin-right: 1.2em; }
                .legend i { display: inline-block; width: 12px; height: 12px; margin-right: 4px; vertical-align: middle; }
                .stage { margin-top: 2em; }
                svg text { font-size: 11px; font-family: monospace; }
                </style></head><body>
                <h1>GMP Workbook: the tour</h1>
                <p>Every stage ran the same workloads; the table compares them. Below it, each stage's timeline
                of one small traced run (a fan-out, a ping-pong, a few syscalls and, where goroutines can wait,
                one CPU hog per P). Hover a slice for its goroutine and how its slice ended. Each stage's trace
                is also saved as Chrome Trace Event JSON beside this page: open it at
                <a href="https://ui.perfetto.dev">ui.perfetto.dev</a> (Open trace file).</p>
                """);
        sb.append("<h2>The table</h2>\n<pre id=\"table\">").append(escape(table)).append("</pre>\n");
        if (!notes.isBlank()) {
            sb.append("<pre id=\"notes\">").append(escape(notes)).append("</pre>\n");
        }
        sb.append(charts(results));
        sb.append("<h2>Timelines</h2>\n").append(legend());
        traces.forEach((stage, t) -> {
            sb.append("<section class=\"stage\" id=\"stage-").append(stage).append("\" data-stage=\"").append(stage).append("\">\n");
            sb.append("<h3>").append(stage).append("</h3>\n");
            String st = schedtraces.get(stage);
            if (st != null) {
                sb.append("<pre>").append(escape(st)).append("</pre>\n");
            }
            sb.append(timeline(t));
            sb.append("<p><a href=\"").append(stage).append(".json\">").append(stage)
                    .append(".json</a> (Perfetto)</p>\n</section>\n");
        });
        sb.append("</body></html>\n");
        return sb.toString();
    }

    /**
     * The headline numbers as bar charts, one per workload: wall time (log scale: the stages
     * differ by orders of magnitude) and global-lock acquisitions per scheduled goroutine.
     */
    static String charts(List<Tour.Result> results) {
        StringBuilder sb = new StringBuilder("<h2>Headline numbers</h2>\n<div class=\"charts\">\n");
        List<String> workloads = results.stream().map(Tour.Result::workload).distinct().toList();
        for (String w : workloads) {
            List<Tour.Result> rows = results.stream().filter(r -> r.workload().equals(w) && r.ok()).toList();
            if (rows.isEmpty()) {
                continue;
            }
            double maxMs = rows.stream().mapToDouble(Tour.Result::millis).max().orElse(1);
            double maxLock = Math.max(0.01, rows.stream().mapToDouble(r -> r.stats().perSchedule(gmp.core.Stat.LOCK_ACQUISITIONS)).max().orElse(1));
            int rowH = 16;
            int h = 34 + rows.size() * rowH;
            sb.append(String.format(Locale.ROOT, "<svg class=\"chart\" data-workload=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"620\" height=\"%d\">", w, h));
            sb.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"12\" font-weight=\"bold\">%s</text>", w));
            sb.append("<text x=\"100\" y=\"26\">wall ms (log scale)</text><text x=\"400\" y=\"26\">global lock per switch</text>");
            for (int i = 0; i < rows.size(); i++) {
                Tour.Result r = rows.get(i);
                int y = 32 + i * rowH;
                double lock = r.stats().perSchedule(gmp.core.Stat.LOCK_ACQUISITIONS);
                double wMs = 200 * Math.log10(1 + r.millis()) / Math.log10(1 + maxMs);
                double wLock = 180 * lock / maxLock;
                sb.append(String.format(Locale.ROOT, "<text x=\"0\" y=\"%d\">%s</text>", y + 11, r.stage()));
                sb.append(String.format(Locale.ROOT, "<rect x=\"100\" y=\"%d\" width=\"%.1f\" height=\"12\" fill=\"#1e88e5\"><title>%s %s: %.1f ms</title></rect>",
                        y, Math.max(1, wMs), r.stage(), w, r.millis()));
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.1f</text>", 104 + wMs, y + 11, r.millis()));
                sb.append(String.format(Locale.ROOT, "<rect x=\"400\" y=\"%d\" width=\"%.1f\" height=\"12\" fill=\"#6a1b9a\"><title>%s %s: %.2f lock acquisitions per switch</title></rect>",
                        y, Math.max(0.5, wLock), r.stage(), w, lock));
                sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f</text>", 404 + wLock, y + 11, lock));
            }
            sb.append("</svg>\n");
        }
        return sb.append("</div>\n").toString();
    }

    static String legend() {
        StringBuilder sb = new StringBuilder("<p class=\"legend\">slice ended: ");
        for (Trace.Ending k : Trace.Ending.values()) {
            sb.append("<span><i style=\"background:").append(COLORS.get(k)).append("\"></i>")
                    .append(k.name().toLowerCase(Locale.ROOT)).append("</span>");
        }
        return sb.append("</p>\n").toString();
    }

    /** One stage's timeline as inline SVG, for the page (its CSS styles the text). */
    static String timeline(Trace t) {
        return timeline(t, false);
    }

    /**
     * One stage's timeline as a file of its own (the stage READMEs show these): the same SVG with
     * its own text style and a legend underneath.
     */
    static String standaloneTimeline(Trace t) {
        String svg = timeline(t, true);
        int start = svg.indexOf("<svg");
        if (start < 0) {
            return svg;     // no slices: nothing to draw
        }
        int open = svg.indexOf('>', start) + 1;
        return """
                <?xml version="1.0" encoding="UTF-8"?>
                """ + svg.substring(start, open)
                + "\n<style>text { font-size: 11px; font-family: monospace; fill: #222; }</style>\n"
                + "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n" + svg.substring(open);
    }

    private static String timeline(Trace t, boolean standalone) {
        List<Trace.Slice> all = t.slices();
        boolean byP = t.procs() > 0;
        List<Trace.Slice> slices = all.stream().filter(s -> s.onP() == byP).toList();
        TreeSet<Integer> allLanes = new TreeSet<>();
        for (int p = 0; p < t.procs(); p++) {
            allLanes.add(p);        // a lane for every P, even one that never ran anything
        }
        slices.forEach(s -> allLanes.add(s.track()));
        if (slices.isEmpty()) {
            return "<p>(no slices recorded)</p>\n";
        }
        // a thread per goroutine (01-threads) would be hundreds of lanes: show the first ones
        TreeSet<Integer> lanes = new TreeSet<>(allLanes.stream().limit(MAX_LANES).toList());
        String more = allLanes.size() > lanes.size()
                ? "<p>(the first " + lanes.size() + " of " + allLanes.size() + " Ms; every one is in the JSON trace)</p>\n" : "";
        long t0 = slices.stream().mapToLong(Trace.Slice::start).min().orElse(0);
        long t1 = Math.max(t0 + 1, slices.stream().mapToLong(Trace.Slice::end).max().orElse(1));
        int left = 60;
        int width = 1000;
        int laneH = 22;
        int gap = 6;
        int lanesH = lanes.size() * (laneH + gap);
        int counterH = 50;
        int axisY = lanesH + counterH + 18;
        int legendH = standalone ? 22 : 0;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg class=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" data-lanes=\"%d\">%n",
                left + width + 60, axisY + 20 + legendH, lanes.size()));
        List<Integer> order = new ArrayList<>(lanes);
        for (int i = 0; i < order.size(); i++) {
            int lane = order.get(i);
            int y = i * (laneH + gap);
            String name = (byP ? "P" : "M") + lane;
            sb.append("<g class=\"lane\" data-lane=\"").append(name).append("\">");
            sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">%s</text>", y + 15, name));
            sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#f3f3f3\"/>",
                    left, y, width, laneH));
            for (Trace.Slice s : slices) {
                if (s.track() != lane) {
                    continue;
                }
                double x = left + (double) (s.start() - t0) / (t1 - t0) * width;
                double w = Math.max(0.6, (double) (s.end() - s.start()) / (t1 - t0) * width);
                sb.append(String.format(Locale.ROOT,
                        "<rect class=\"slice\" data-g=\"%d\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\">"
                                + "<title>G%d on %s, %.3f-%.3f ms: %s</title></rect>",
                        s.g(), x, y + 2, w, laneH - 4, color(s.ended()), s.g(), name,
                        (s.start() - t0) / 1e6, (s.end() - t0) / 1e6, escape(String.valueOf(s.ended()))));
            }
            sb.append("</g>\n");
        }
        // the global run queue's length, sampled at every slice start
        List<Trace.Event> q = t.events().stream().filter(e -> e.kind() == Trace.Kind.QUEUES).toList();
        if (!q.isEmpty()) {
            int max = Math.max(1, q.stream().mapToInt(Trace.Event::n).max().orElse(1));
            StringBuilder pts = new StringBuilder();
            for (Trace.Event e : q) {
                double x = left + (double) Math.max(0, e.ts() - t0) / (t1 - t0) * width;
                double y = lanesH + counterH - (double) e.n() / max * (counterH - 8);
                pts.append(String.format(Locale.ROOT, "%.1f,%.1f ", Math.min(x, left + width), y));
            }
            sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">global</text>", lanesH + 20));
            sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">runq</text>", lanesH + 32));
            sb.append("<polyline class=\"counter\" fill=\"none\" stroke=\"#6a1b9a\" stroke-width=\"1\" points=\"")
                    .append(pts.toString().trim()).append("\"><title>global run queue length (max ").append(max)
                    .append(")</title></polyline>\n");
        }
        for (int i = 0; i <= 5; i++) {
            double x = left + width * i / 5.0;
            sb.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\">%.2f ms</text>", x - 10, axisY + 12,
                    (t1 - t0) / 1e6 * i / 5));
        }
        if (standalone) {
            int x = left;
            int y = axisY + 20 + 6;
            sb.append(String.format(Locale.ROOT, "<text x=\"4\" y=\"%d\">ended:</text>", y + 10));
            for (Trace.Ending k : Trace.Ending.values()) {
                sb.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"12\" height=\"12\" fill=\"%s\"/>"
                        + "<text x=\"%d\" y=\"%d\">%s</text>", x, y, COLORS.get(k), x + 16, y + 10, k.name().toLowerCase(Locale.ROOT)));
                x += 110;
            }
            if (!more.isEmpty()) {
                sb.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\">(the first %d of %d Ms)</text>",
                        x + 10, y + 10, lanes.size(), allLanes.size()));
            }
            sb.append('\n');
        }
        sb.append("</svg>\n");
        return standalone ? sb.toString() : more + sb;
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
