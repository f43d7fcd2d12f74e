package gmp.stage04;

import gmp.core.spi.G;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Records a paper scheduler's whole state after every step of a scenario replay, for the
 * scenario pictures ({@link ScenarioPage}). It only reads: each P (status, the M holding it,
 * runnext, its ring head first, schedtick), the global queue, each M (its P, the P it was handed,
 * the G it runs, spinning, parked, in a syscall), and what moved since the last frame.
 *
 * <p>The moves are not told by the test: they are the difference between two recorded states
 * (G7 was in P1's runnext and is now in the global queue: an overflow). So the picture cannot
 * show a move the scheduler did not make.
 *
 * <p>Invariant: a frame is taken after the step's action and before the test's assertions on
 * it, with nothing run in between, so the frame shows the state those assertions read.
 */
final class ScenarioRecorder {

    /** One P: {@code ring} head first; {@code m} the M holding it, or null. */
    record PView(String name, String status, String m, String runnext, List<String> ring, int capacity, int schedtick) {
    }

    /** One M: {@code g} the G it runs (or, in a syscall, the G blocked there). */
    record MView(String name, String p, String nextp, String g, boolean spinning, boolean parked, String syscallP) {
    }

    record State(List<PView> ps, List<String> global, List<MView> ms, int nmspinning) {

        /** Where each G is: "P1.runnext", "P1.ring", "global", "M2" (running or in a syscall there). */
        Map<String, String> places() {
            Map<String, String> at = new LinkedHashMap<>();
            for (PView p : ps) {
                if (p.runnext() != null) {
                    at.put(p.runnext(), p.name() + ".runnext");
                }
                p.ring().forEach(g -> at.put(g, p.name() + ".ring"));
            }
            global.forEach(g -> at.put(g, "global"));
            for (MView m : ms) {
                if (m.g() != null) {
                    at.put(m.g(), m.name());
                }
            }
            return at;
        }

        PView p(String name) {
            return ps.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
        }

        MView m(String name) {
            return ms.stream().filter(m -> m.name().equals(name)).findFirst().orElseThrow();
        }
    }

    /**
     * A G that changed place: {@code from} or {@code to} is null for a G made or finished. The
     * kind is what Go calls the move: go, kick (runnext to ring), overflow, batch, steal, run, exit.
     */
    record Move(String g, String from, String to, String kind) {
    }

    /** A P that changed hands: {@code from}/{@code to} an M's name, or null (idle list). */
    record PMove(String p, String from, String to) {
    }

    /** One step: the scenario it belongs to, its captions, the state after it, what moved. */
    record Frame(int scene, String en, String zh, State state, List<Move> moves, List<PMove> pMoves) {
    }

    private final Map<GmpM, G> running = new IdentityHashMap<>();
    private final List<Frame> frames = new ArrayList<>();
    private int scene;

    List<Frame> frames() {
        return List.copyOf(frames);
    }

    /** Steps recorded from now on belong to scenario {@code n}. */
    void scene(int n) {
        scene = n;
    }

    /** {@code m} now runs {@code g} (null: it runs nothing), as its schedule returned. */
    void running(GmpM m, G g) {
        if (g == null) {
            running.remove(m);
        } else {
            running.put(m, g);
        }
    }

    /** How a step is told, from the state before it, after it, and what moved. */
    interface Teller {
        ScenarioCaptions.Caption tell(State before, State after, List<Move> moves);
    }

    /** Records the state of {@code s} after a step, with its caption in English and Chinese. */
    void record(GMPScheduler s, String en, String zh) {
        record(s, (before, after, moves) -> new ScenarioCaptions.Caption(en, zh));
    }

    /** Records the state of {@code s} after a step, told by {@code teller}. */
    void record(GMPScheduler s, Teller teller) {
        State now = snapshot(s);
        State before = frames.isEmpty() ? null : frames.getLast().state();
        List<Move> moves = moves(before, now);
        ScenarioCaptions.Caption c = teller.tell(before, now, moves);
        frames.add(new Frame(scene, c.en(), c.zh(), now, moves, pMoves(before, now)));
    }

    State snapshot(GMPScheduler s) {
        List<GmpM> allm = PaperMs.allm(s);
        List<PView> ps = new ArrayList<>();
        for (P p : s.sched.allp) {
            ps.add(new PView(name(p), p.status().name(), name(allm, p.m), g(p.runq.runnextPeek()),
                    p.runq.runqSnapshot().stream().map(ScenarioRecorder::g).toList(), s.config().runqCapacity(), p.schedtick));
        }
        List<MView> ms = new ArrayList<>();
        for (GmpM m : allm) {
            ms.add(new MView(name(allm, m), name(m.p()), name(m.nextp()), g(running.get(m)), m.spinning(), m.parked,
                    name(m.oldp())));
        }
        List<String> global = PaperMs.globalQueue(s).stream().map(ScenarioRecorder::g).toList();
        return new State(List.copyOf(ps), global, List.copyOf(ms), s.nmspinning());
    }

    static List<Move> moves(State before, State after) {
        Map<String, String> was = before == null ? Map.of() : before.places();
        Map<String, String> is = after.places();
        List<Move> out = new ArrayList<>();
        for (String g : union(is, was)) {            // in the order of where they are now
            String from = was.get(g);
            String to = is.get(g);
            if (!Objects.equals(from, to)) {
                out.add(new Move(g, from, to, kind(from, to, before, after)));
            }
        }
        return out;
    }

    static List<PMove> pMoves(State before, State after) {
        List<PMove> out = new ArrayList<>();
        if (before == null) {
            return out;
        }
        for (PView p : after.ps()) {
            String was = before.p(p.name()).m();
            if (!Objects.equals(was, p.m())) {
                out.add(new PMove(p.name(), was, p.m()));
            }
        }
        return out;
    }

    /** What Go calls a G's move from one place to another ({@code to} an M: the P that M holds). */
    static String kind(String from, String to, State before, State after) {
        if (from == null) {
            return to == null ? "none" : "go";
        }
        if (to == null) {
            return "exit";
        }
        if (to.equals("global")) {
            return "overflow";
        }
        if (from.equals("global")) {
            return "batch";
        }
        String fromP = pOf(from, before);
        String toP = pOf(to, after);
        if (fromP == null || toP == null) {
            return "move";                      // in or out of a syscall, or a paper M with no P
        }
        if (!fromP.equals(toP)) {
            return "steal";
        }
        return to.startsWith("M") ? "run" : "kick";
    }

    /** The P a place belongs to: "P1.ring" is P1's; "M2" is the P M2 holds (or null). */
    private static String pOf(String place, State in) {
        if (place.contains(".")) {
            return place.substring(0, place.indexOf('.'));
        }
        return in == null ? null : in.m(place).p();
    }

    private static List<String> union(Map<String, String> a, Map<String, String> b) {
        List<String> out = new ArrayList<>(a.keySet());
        b.keySet().stream().filter(k -> !a.containsKey(k)).forEach(out::add);
        return out;
    }

    private static String g(G g) {
        return g == null ? null : "G" + g.goid;
    }

    private static String name(P p) {
        return p == null ? null : "P" + (p.id + 1);
    }

    private static String name(List<GmpM> allm, GmpM m) {
        if (m == null) {
            return null;
        }
        int i = allm.indexOf(m);
        return "M" + (i < 0 ? "?" : String.valueOf(i + 1));
    }
}
