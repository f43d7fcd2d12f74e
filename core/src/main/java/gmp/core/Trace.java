package gmp.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * What a scheduler did, event by event: {@link Scheduler#trace()} after runs made with
 * {@code Config.trace(true)}. The views:
 * <ul>
 *   <li>{@link #text(boolean)}: one line per event, in a fixed format (without times it is
 *       the same on every run of a deterministic program: the golden-file form);</li>
 *   <li>{@link #chromeJson()}: the Chrome Trace Event format, which Perfetto
 *       (ui.perfetto.dev) and {@code chrome://tracing} open: a track per P and per M with one
 *       slice per goroutine time slice, labelled by goroutine and coloured by how it ended;
 *       instants for preemptions and handoffs; counters for the run-queue lengths; and flow
 *       arrows from victim to thief for each steal.</li>
 * </ul>
 *
 * @param stage   the stage id
 * @param procs   the stage's number of Ps (GOMAXPROCS), 0 for a stage without Ps
 * @param events  every recorded event, in time order
 * @param dropped events not recorded because an M's buffer was full
 */
public record Trace(String stage, int procs, List<Event> events, long dropped) {

    public Trace {
        events = List.copyOf(events);
    }

    /** What happened. */
    public enum Kind {
        /** {@code go f()}: goroutine {@code g} made on M {@code m} (P {@code p}). */
        GO_CREATE,
        /** M {@code m} (on P {@code p}) switched to goroutine {@code g}. */
        SLICE_START,
        /** ...and back; {@code note} says why the slice ended. */
        SLICE_END,
        /** P {@code p} stole {@code n} goroutines from P {@code other} (without Ps, p is -1: M {@code m} from M {@code other}). */
        STEAL,
        /** P {@code p}'s full ring sent {@code n} goroutines to the global queue. */
        OVERFLOW,
        /** P {@code p} took a batch of {@code n} from the global queue. */
        GLOBAL_BATCH,
        /** Goroutine {@code g} entered a blocking system call on M {@code m}. */
        SYSCALL_ENTER,
        /** ...and came back. */
        SYSCALL_EXIT,
        /** sysmon took P {@code p} from an M blocked in a syscall and handed it off. */
        HANDOFF,
        /** M {@code m} started spinning (looking for work). */
        M_SPIN,
        /** M {@code m} found nothing and went to sleep. */
        M_PARK,
        /** M {@code m} was woken (given P {@code p}). */
        M_WAKE,
        /** sysmon asked goroutine {@code g} on P {@code p} to stop ({@code note}: how). */
        PREEMPT_REQUEST,
        /** Run-queue lengths: global {@code n}, P {@code p}'s local {@code other}. */
        QUEUES,
        /** The program marked the start of a phase of its own ({@code note}: its name), for the report's panels. */
        MARK
    }

    /**
     * One event. {@code ts} is nanoseconds since the scheduler was created; fields a kind does
     * not use are -1 (numbers) or null (note).
     */
    public record Event(long ts, Kind kind, int m, int p, long g, int n, int other, String note) {
    }

    /** The events as text, one per line; with {@code withTimes} false, deterministic programs give identical logs. */
    public String text(boolean withTimes) {
        StringBuilder sb = new StringBuilder();
        for (Event e : events) {
            if (withTimes) {
                sb.append(String.format(Locale.ROOT, "%10.3fms ", e.ts() / 1e6));
            }
            sb.append(String.format(Locale.ROOT, "%-15s", e.kind().name().toLowerCase(Locale.ROOT)));
            if (e.m() >= 0) {
                sb.append(" M").append(e.m());
            }
            if (e.p() >= 0) {
                sb.append(" P").append(e.p());
            }
            if (e.g() >= 0) {
                sb.append(" G").append(e.g());
            }
            switch (e.kind()) {
                case STEAL -> sb.append(" took ").append(e.n()).append(" from ").append(e.p() >= 0 ? "P" : "M").append(e.other());
                case OVERFLOW, GLOBAL_BATCH -> sb.append(" n=").append(e.n());
                case QUEUES -> sb.append(" global=").append(e.n()).append(" local=").append(e.other());
                default -> { }
            }
            if (e.note() != null) {
                sb.append(": ").append(e.note());
            }
            sb.append('\n');
        }
        if (dropped > 0) {
            sb.append("(").append(dropped).append(" events dropped: an M's trace buffer was full)\n");
        }
        return sb.toString();
    }

    /** The Chrome Trace Event JSON (see the class comment). */
    public String chromeJson() {
        List<String> out = new ArrayList<>();
        int pidP = 1;
        int pidM = 2;
        out.add(meta(pidP, -1, "process_name", stage + " Ps"));
        out.add(meta(pidM, -1, "process_name", stage + " Ms"));
        TreeSet<Integer> ps = new TreeSet<>();
        for (int p = 0; p < procs; p++) {
            ps.add(p);      // a track for every P, idle or not
        }
        TreeSet<Integer> ms = new TreeSet<>();
        int flow = 0;
        for (Slice sl : slices()) {
            String args = "{\"goroutine\":" + sl.g() + ",\"ended\":" + str(sl.ended()) + "}";
            out.add(complete(sl.onP() ? pidP : pidM, sl.track(), "G" + sl.g(), sl.start(),
                    Math.max(sl.end() - sl.start(), 1), color(sl.ended()), args));
        }
        for (Event e : events) {
            if (e.p() >= 0) {
                ps.add(e.p());
            }
            if (e.m() >= 0) {
                ms.add(e.m());
            }
            switch (e.kind()) {
                case STEAL -> {
                    // between P tracks, or between M tracks on a stage without Ps (03)
                    flow++;
                    boolean byP = e.p() >= 0;
                    int pid = byP ? pidP : pidM;
                    int thief = byP ? e.p() : e.m();
                    String args = "{\"n\":" + e.n() + "}";
                    out.add(flowEvent("s", pid, e.other(), e.ts(), flow, args));
                    out.add(flowEvent("f", pid, thief, e.ts() + 1, flow, args));
                    out.add(instant(pid, thief, "steal " + e.n() + " from " + (byP ? "P" : "M") + e.other(), e.ts()));
                }
                case MARK -> out.add(String.format(Locale.ROOT,
                        "{\"ph\":\"i\",\"s\":\"g\",\"pid\":%d,\"tid\":0,\"name\":%s,\"ts\":%s}", pidP, str("phase: " + e.note()), us(e.ts())));
                case PREEMPT_REQUEST, HANDOFF, OVERFLOW, GLOBAL_BATCH -> out.add(instant(e.p() >= 0 ? pidP : pidM,
                        e.p() >= 0 ? e.p() : Math.max(e.m(), 0), label(e), e.ts()));
                case QUEUES -> out.add(String.format(Locale.ROOT,
                        "{\"ph\":\"C\",\"pid\":%d,\"name\":\"run queues\",\"ts\":%s,\"args\":{\"global\":%d,\"P%d local\":%d}}",
                        pidP, us(e.ts()), e.n(), e.p(), e.other()));
                default -> { }
            }
        }
        for (int p : ps) {
            out.add(meta(pidP, p, "thread_name", "P" + p));
        }
        for (int m : ms) {
            out.add(meta(pidM, m, "thread_name", "M" + m));
        }
        return "{\"displayTimeUnit\":\"ns\",\"traceEvents\":[\n" + String.join(",\n", out) + "\n]}\n";
    }

    /**
     * A time slice of goroutine {@code g} on one track: a P ({@code onP}) or an M. On an M it
     * lasts from the switch to the goroutine until the switch back; on a P it ends early if the
     * goroutine enters a syscall (it leaves its P there) and resumes when it gets a P back, so
     * a track never holds two slices at once. {@code ended} says how the slice ended.
     */
    public record Slice(boolean onP, int track, long g, long start, long end, String ended) {
    }

    /** The time slices, M tracks and P tracks, in the order they ended. */
    public List<Slice> slices() {
        List<Slice> out = new ArrayList<>();
        Map<Integer, Open> openByM = new HashMap<>();
        for (Event e : events) {
            switch (e.kind()) {
                case SLICE_START -> openByM.put(e.m(), new Open(e.g(), e.ts(), e.p(), e.ts()));
                case SYSCALL_ENTER -> {
                    Open o = openByM.get(e.m());
                    if (o != null && o.p >= 0) {
                        out.add(new Slice(true, o.p, o.g, o.pStart, e.ts(), "syscall (P released)"));
                        o.p = -1;
                    }
                }
                case SYSCALL_EXIT -> {
                    Open o = openByM.get(e.m());
                    if (o != null && o.p < 0 && e.p() >= 0) {
                        o.p = e.p();
                        o.pStart = e.ts();
                    }
                }
                case SLICE_END -> {
                    Open o = openByM.remove(e.m());
                    if (o != null) {
                        if (o.p >= 0) {
                            out.add(new Slice(true, o.p, o.g, o.pStart, e.ts(), e.note()));
                        }
                        out.add(new Slice(false, e.m(), o.g, o.mStart, e.ts(), e.note()));
                    }
                }
                default -> { }
            }
        }
        return out;
    }

    /** A slice being recorded on M {@code m}: its goroutine, start, and the part on a P. */
    private static final class Open {
        final long g;
        final long mStart;
        int p;
        long pStart;

        Open(long g, long mStart, int p, long pStart) {
            this.g = g;
            this.mStart = mStart;
            this.p = p;
            this.pStart = pStart;
        }
    }

    /** Writes {@link #chromeJson()} to {@code file}; open it at ui.perfetto.dev. */
    public void writeChromeJson(Path file) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        Files.writeString(file, chromeJson());
    }

    private static String label(Event e) {
        return switch (e.kind()) {
            case PREEMPT_REQUEST -> "preempt G" + e.g() + (e.note() != null ? " (" + e.note() + ")" : "");
            case HANDOFF -> "handoff P" + e.p();
            case OVERFLOW -> "overflow " + e.n() + " to global";
            case GLOBAL_BATCH -> "global batch " + e.n();
            default -> e.kind().name();
        };
    }

    /** How a time slice ended, from its note: the classes the exporters colour by. */
    public enum Ending {
        EXITED, BLOCKED, YIELDED, PREEMPTED, SYSCALL;

        /** The class of a SLICE_END note ("blocked: chan receive" is BLOCKED), null if none. */
        public static Ending of(String note) {
            if (note != null) {
                for (Ending e : values()) {
                    if (note.startsWith(e.name().toLowerCase(Locale.ROOT))) {
                        return e;
                    }
                }
            }
            return null;
        }
    }

    /** Perfetto's reserved colour names, by how the slice ended. */
    static String color(String ended) {
        Ending e = Ending.of(ended);
        if (e == null) {
            return "grey";
        }
        return switch (e) {
            case PREEMPTED -> "terrible";
            case BLOCKED -> "thread_state_iowait";
            case YIELDED -> "yellow";
            case SYSCALL -> "bad";
            case EXITED -> "good";
        };
    }

    private static String us(long ns) {
        return String.format(Locale.ROOT, "%.3f", ns / 1000.0);
    }

    private static String str(String s) {
        if (s == null) {
            return "null";
        }
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static String meta(int pid, int tid, String what, String name) {
        return "{\"ph\":\"M\",\"pid\":" + pid + (tid >= 0 ? ",\"tid\":" + tid : "") + ",\"name\":\"" + what
                + "\",\"args\":{\"name\":" + str(name) + "}}";
    }

    private static String complete(int pid, int tid, String name, long ts, long dur, String color, String args) {
        return "{\"ph\":\"X\",\"pid\":" + pid + ",\"tid\":" + tid + ",\"name\":" + str(name) + ",\"ts\":" + us(ts)
                + ",\"dur\":" + us(dur) + ",\"cname\":\"" + color + "\",\"args\":" + args + "}";
    }

    private static String instant(int pid, int tid, String name, long ts) {
        return "{\"ph\":\"i\",\"s\":\"t\",\"pid\":" + pid + ",\"tid\":" + tid + ",\"name\":" + str(name) + ",\"ts\":" + us(ts) + "}";
    }

    private static String flowEvent(String ph, int pid, int tid, long ts, int id, String args) {
        return "{\"ph\":\"" + ph + "\",\"pid\":" + pid + ",\"tid\":" + tid + ",\"name\":\"steal\",\"cat\":\"steal\",\"id\":" + id
                + ",\"ts\":" + us(ts) + (ph.equals("f") ? ",\"bp\":\"e\"" : "") + ",\"args\":" + args + "}";
    }
}
