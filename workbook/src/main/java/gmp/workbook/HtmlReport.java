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
 * how it ended, steals as arrows between lanes, handoffs and preemption requests as marks, the
 * run-queue lengths below; then each phase of the traced program in a panel with its own time
 * axis; at the end every stage on one shared axis. Hovering shows details (an SVG
 * {@code <title>}). Each stage has a two-line caption: what to look for (the 02 lock convoy,
 * the 03 imbalance, the 04 steals, the 05 time slices).
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
                       Map<String, String> schedtraces, boolean scenarios) {
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
                .caption { color: #444; margin: 0.2em 0 0.6em; }
                h4 { margin: 0.8em 0 0.2em; font-weight: normal; color: #555; }
                svg text { font-size: 11px; font-family: monospace; }
                </style></head><body>
                <h1>GMP Workbook: the tour</h1>
                <p>Every stage ran the same workloads; the table compares them. Below it, each stage's timeline
                of one small traced run (a fan-out, a ping-pong, a few syscalls and, where goroutines can wait,
                one CPU hog per P). Hover a slice for its goroutine and how its slice ended. Each stage's trace
                is also saved as Chrome Trace Event JSON beside this page: open it at
                <a href="https://ui.perfetto.dev">ui.perfetto.dev</a> (Open trace file).</p>
                """);
        if (scenarios) {
            sb.append("<p id=\"scenarios\">The seed article's ten scheduling scenarios, step by step on the real 04-gmp: "
                    + "<a href=\"scenarios.html\">scenarios.html</a> (调度十场景，逐步图解).</p>\n");
        }
        sb.append("<h2>The table</h2>\n<pre id=\"table\">").append(escape(table)).append("</pre>\n");
        if (!notes.isBlank()) {
            sb.append("<pre id=\"notes\">").append(escape(notes)).append("</pre>\n");
        }
        sb.append(charts(results));
        sb.append("<h2>Timelines</h2>\n").append(legend());
        traces.forEach((stage, t) -> {
            sb.append("<section class=\"stage\" id=\"stage-").append(stage).append("\" data-stage=\"").append(stage).append("\">\n");
            sb.append("<h3>").append(stage).append("</h3>\n");
            String caption = CAPTIONS.get(stage);
            if (caption != null) {
                sb.append("<p class=\"caption\">").append(caption).append("</p>\n");
            }
            String st = schedtraces.get(stage);
            if (st != null) {
                sb.append("<pre>").append(escape(st)).append("</pre>\n");
            }
            sb.append("<h4>the whole run</h4>\n").append(timeline(t)).append(panels(t));
            sb.append("<p><a href=\"").append(stage).append(".json\">").append(stage)
                    .append(".json</a> (Perfetto)</p>\n</section>\n");
        });
        sb.append(sharedAxis(traces));
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

    /** What to look for in each stage's timeline: two lines under its heading. */
    static final Map<String, String> CAPTIONS = Map.ofEntries(
            Map.entry("01-serial", "One M runs every goroutine to its end, one after another, after main has returned."
                    + "<br>Look for: a single lane, and nothing that waits: a goroutine that would block cannot run at all."),
            Map.entry("01-n1", "N:1 coroutines: one M, goroutines take turns when they yield or block."
                    + "<br>Look for: one lane; during the syscalls nothing runs (the one thread is blocked), and the hog keeps the lane."),
            Map.entry("01-threads", "1:1 threads: an M per goroutine, scheduled by the kernel."
                    + "<br>Look for: a lane per goroutine (only the first few are drawn), each with a single short slice."),
            Map.entry("02-gm", "Go 1.0's G-M: one global queue under one lock, GOMAXPROCS CPU slots."
                    + "<br>Look for: the convoy: in the ping-pong the two goroutines alternate between the Ms, every handoff a lock trip and a thread wake-up."),
            Map.entry("03-perm", "A run queue per M: new goroutines stay on their creator's M; idle Ms steal half."
                    + "<br>Look for: the imbalance in the fan-out, and the steal arrows (from the victim M's lane to the thief's)."),
            Map.entry("04-gmp", "G-M-P: GOMAXPROCS Ps, each with a lock-free ring and runnext."
                    + "<br>Look for: the steal arrows from the victim P to the thief P; the ping-pong staying on one P (runnext); each hog keeping its P."),
            Map.entry("05-coop", "Go 1.2: sysmon asks a goroutine that has had 10 ms to stop at its next function call."
                    + "<br>Look for: the preemption requests (red marks) on the hogs, which have no call in their loop and run on, as on 04."),
            Map.entry("05-async", "Go 1.14: the request also interrupts loops (here: a poll at loop back-edges)."
                    + "<br>Look for: the hogs cut into slices of 10 ms or a little more (sysmon looks every 10 ms while they run), a white edge between two, each ending preempted (red) after a request mark."));

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

    /** The slices drawn for {@code t}: on Ps where the stage has them, else on Ms. */
    private static List<Trace.Slice> drawn(Trace t) {
        boolean byP = t.procs() > 0;
        return t.slices().stream().filter(s -> s.onP() == byP).toList();
    }

    /** When the run's first slice started and its last ended, or null if nothing ran. */
    static long[] span(Trace t) {
        List<Trace.Slice> slices = drawn(t);
        if (slices.isEmpty()) {
            return null;
        }
        long t0 = slices.stream().mapToLong(Trace.Slice::start).min().orElse(0);
        long t1 = Math.max(t0 + 1, slices.stream().mapToLong(Trace.Slice::end).max().orElse(1));
        return new long[] {t0, t1};
    }

    private static String timeline(Trace t, boolean standalone) {
        long[] span = span(t);
        if (span == null) {
            return "<p>(no slices recorded)</p>\n";
        }
        return window(t, span[0], span[1], span[0], standalone, "timeline");
    }

    /**
     * The phases the traced program marked ({@code Trace.Kind.MARK}), each in a panel of its own
     * with its own time axis, so that a short phase (the fan-out, the steals) is not squeezed into
     * a few pixels by a long one (the hogs).
     */
    static String panels(Trace t) {
        long[] span = span(t);
        List<Trace.Event> marks = t.events().stream().filter(e -> e.kind() == Trace.Kind.MARK).toList();
        if (span == null || marks.isEmpty()) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<div class=\"panels\">\n");
        for (int i = 0; i < marks.size(); i++) {
            long from = Math.max(span[0], marks.get(i).ts());
            long to = i + 1 < marks.size() ? marks.get(i + 1).ts() : span[1];
            if (to <= from) {
                continue;
            }
            sb.append(String.format(Locale.ROOT, "<div class=\"panel\" data-phase=\"%s\"><h4>%s: %.2f-%.2f ms</h4>%n",
                    escape(marks.get(i).note()), escape(marks.get(i).note()), (from - span[0]) / 1e6, (to - span[0]) / 1e6));
            sb.append(window(t, from, to, span[0], false, "timeline phase")).append("</div>\n");
        }
        return sb.append("</div>\n").toString();
    }

    /**
     * Every stage's whole run on one time axis (the longest run's), lanes only, so the stages
     * compare by eye: how long each took, and where it spent its time.
     */
    static String sharedAxis(Map<String, Trace> traces) {
        long longest = traces.values().stream().map(HtmlReport::span).filter(java.util.Objects::nonNull)
                .mapToLong(sp -> sp[1] - sp[0]).max().orElse(0);
        if (longest == 0) {
            return "";
        }
        StringBuilder sb = new StringBuilder("<h2>All stages on one time axis</h2>\n<div class=\"shared\">\n");
        traces.forEach((stage, t) -> {
            long[] sp = span(t);
            if (sp != null) {
                sb.append("<h4>").append(stage).append("</h4>\n")
                        .append(window(t, sp[0], sp[0] + longest, sp[0], false, "timeline shared"));
            }
        });
        return sb.append("</div>\n").toString();
    }

    /**
     * Lanes, slices and marks of {@code t} between {@code w0} and {@code w1} (ns since the trace
     * began), the axis labelled in ms since {@code origin}. A slice is clipped to the window and
     * drawn with a white edge, so back-to-back slices (a hog preempted every 10 ms) stay apart.
     */
    private static String window(Trace t, long w0, long w1, long origin, boolean standalone, String cssClass) {
        boolean byP = t.procs() > 0;
        List<Trace.Slice> slices = drawn(t);
        TreeSet<Integer> allLanes = new TreeSet<>();
        for (int p = 0; p < t.procs(); p++) {
            allLanes.add(p);        // a lane for every P, even one that never ran anything
        }
        slices.forEach(s -> allLanes.add(s.track()));
        // a thread per goroutine (01-threads) would be hundreds of lanes: show the first ones
        TreeSet<Integer> lanes = new TreeSet<>(allLanes.stream().limit(MAX_LANES).toList());
        String more = allLanes.size() > lanes.size()
                ? "<p>(the first " + lanes.size() + " of " + allLanes.size() + " Ms; every one is in the JSON trace)</p>\n" : "";
        long t0 = w0;
        long t1 = Math.max(w0 + 1, w1);
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
                "<svg class=\"%s\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" data-lanes=\"%d\">%n",
                cssClass, left + width + 60, axisY + 20 + legendH, lanes.size()));
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
                if (s.track() != lane || s.end() <= t0 || s.start() >= t1) {
                    continue;
                }
                long from = Math.max(s.start(), t0);
                long to = Math.min(s.end(), t1);
                double x = left + (double) (from - t0) / (t1 - t0) * width;
                double w = Math.max(0.6, (double) (to - from) / (t1 - t0) * width);
                sb.append(String.format(Locale.ROOT,
                        "<rect class=\"slice\" data-g=\"%d\" x=\"%.2f\" y=\"%d\" width=\"%.2f\" height=\"%d\" fill=\"%s\""
                                + " stroke=\"#fff\" stroke-width=\"0.6\"><title>G%d on %s, %.3f-%.3f ms: %s</title></rect>",
                        s.g(), x, y + 2, w, laneH - 4, color(s.ended()), s.g(), name,
                        (s.start() - origin) / 1e6, (s.end() - origin) / 1e6, escape(String.valueOf(s.ended()))));
            }
            sb.append("</g>\n");
        }
        marks(sb, t, order, byP, t0, t1, left, width, laneH, gap);
        // the global run queue's length, sampled at every slice start
        List<Trace.Event> q = t.events().stream().filter(e -> e.kind() == Trace.Kind.QUEUES && e.ts() >= t0 && e.ts() <= t1).toList();
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
                    (t0 - origin + (t1 - t0) * i / 5.0) / 1e6));
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

    /**
     * The moves between lanes: a steal is an arrow from the victim's lane to the thief's (a dot at
     * the thief); a handoff (sysmon gave a P to another M) a diamond on the P's lane; a preemption
     * request a red triangle at the top of the lane.
     */
    private static void marks(StringBuilder sb, Trace t, List<Integer> order, boolean byP, long t0, long t1,
                              int left, int width, int laneH, int gap) {
        for (Trace.Event e : t.events()) {
            if (e.ts() < t0 || e.ts() > t1) {
                continue;
            }
            double x = left + (double) (e.ts() - t0) / (t1 - t0) * width;
            switch (e.kind()) {
                case STEAL -> {
                    int thief = order.indexOf(byP ? e.p() : e.m());
                    int victim = order.indexOf(e.other());
                    if (thief < 0 || victim < 0 || (byP && e.p() < 0)) {
                        continue;
                    }
                    double yv = victim * (laneH + gap) + laneH / 2.0;
                    double yt = thief * (laneH + gap) + laneH / 2.0;
                    String who = byP ? "P" : "M";
                    sb.append(String.format(Locale.ROOT, "<g class=\"steal\"><title>%s%d stole %d from %s%d</title>"
                                    + "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"#222\" stroke-width=\"1.2\"/>"
                                    + "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"3\" fill=\"#222\"/></g>%n",
                            who, byP ? e.p() : e.m(), e.n(), who, e.other(), x, yv, x, yt, x, yt));
                }
                case HANDOFF, PREEMPT_REQUEST -> {
                    int lane = order.indexOf(e.p());
                    if (lane < 0 || !byP) {
                        continue;
                    }
                    double y = lane * (laneH + gap);
                    if (e.kind() == Trace.Kind.HANDOFF) {
                        sb.append(String.format(Locale.ROOT, "<path class=\"handoff\" d=\"M%.1f %.1f l4 5 l-4 5 l-4 -5 z\" fill=\"#fb8c00\""
                                + " stroke=\"#222\" stroke-width=\"0.5\"><title>sysmon handed P%d to another M</title></path>%n", x, y + 6, e.p()));
                    } else {
                        sb.append(String.format(Locale.ROOT, "<path class=\"preempt\" d=\"M%.1f %.1f l4 -6 l-8 0 z\" fill=\"#b71c1c\">"
                                + "<title>sysmon asked G%d on P%d to stop (%s)</title></path>%n", x, y + 6, e.g(), e.p(), escape(String.valueOf(e.note()))));
                    }
                }
                default -> { }
            }
        }
    }

    static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
