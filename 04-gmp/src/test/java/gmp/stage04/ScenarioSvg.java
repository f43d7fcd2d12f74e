package gmp.stage04;

import gmp.stage04.ScenarioRecorder.Frame;
import gmp.stage04.ScenarioRecorder.MView;
import gmp.stage04.ScenarioRecorder.Move;
import gmp.stage04.ScenarioRecorder.PView;
import gmp.stage04.ScenarioRecorder.State;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One recorded step drawn as the seed article draws it: the global queue on top, a column per
 * P (its M above it, its runnext slot, its ring's slots head first), the Ms without a P below,
 * and an arrow for every G that moved in this step (coloured by kind: go, kick, overflow,
 * batch, steal, run). What changed is outlined in yellow. Only {@link Frame}'s recorded state is
 * drawn: nothing here knows the scenario.
 */
final class ScenarioSvg {

    static final int WIDTH = 960;
    static final int HEIGHT = 500;
    private static final int COLUMN = 230;
    private static final int LEFT = 20;
    private static final int SLOT = 46;
    private static final int GLOBAL_Y = 24;
    private static final int M_Y = 104;
    private static final int P_Y = 190;
    private static final int RUNNEXT_Y = 232;
    private static final int RING_Y = 306;
    private static final int LOOSE_Y = 426;

    /** Where things are drawn. */
    record XY(int x, int y) {
    }

    /** Each G's centre, each M's box and each P column, for one state. */
    static final class Layout {
        final Map<String, XY> gs = new HashMap<>();
        final Map<String, XY> ms = new HashMap<>();
        final Map<String, XY> ps = new HashMap<>();
    }

    static Layout layout(State st) {
        Layout l = new Layout();
        for (int i = 0; i < st.global().size(); i++) {
            l.gs.put(st.global().get(i), new XY(200 + i * SLOT, GLOBAL_Y + 24));
        }
        int loose = 0;
        for (int i = 0; i < st.ps().size(); i++) {
            PView p = st.ps().get(i);
            int x = LEFT + i * COLUMN;
            l.ps.put(p.name(), new XY(x, P_Y));
            if (p.runnext() != null) {
                l.gs.put(p.runnext(), new XY(x + 63 + SLOT / 2, RUNNEXT_Y + 24));
            }
            for (int j = 0; j < p.ring().size(); j++) {
                l.gs.put(p.ring().get(j), new XY(x + 12 + j * SLOT + SLOT / 2, RING_Y + 24));
            }
        }
        for (MView m : st.ms()) {
            PView held = st.ps().stream().filter(p -> m.name().equals(p.m())).findFirst().orElse(null);
            XY at = held != null
                    ? new XY(l.ps.get(held.name()).x() + 30, M_Y)
                    : new XY(LEFT + 150 + (loose++) * 150, LOOSE_Y);
            l.ms.put(m.name(), at);
            if (m.g() != null) {
                l.gs.put(m.g(), new XY(at.x() + 110, at.y() + 30));
            }
        }
        return l;
    }

    /** The frame as one {@code <svg>}; {@code before} is the previous frame's state, or null. */
    static String svg(Frame f, State before) {
        State st = f.state();
        Layout l = layout(st);
        Layout was = before == null ? null : layout(before);
        Set<String> moved = new HashSet<>();
        f.moves().forEach(m -> moved.add(m.g()));
        Set<String> pChanged = new HashSet<>();
        f.pMoves().forEach(m -> pChanged.add(m.p()));
        if (before != null) {
            for (PView p : st.ps()) {
                PView q = before.p(p.name());
                if (!p.status().equals(q.status()) || p.schedtick() != q.schedtick()) {
                    pChanged.add(p.name());
                }
            }
        }
        StringBuilder b = new StringBuilder();
        b.append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 ").append(WIDTH).append(' ').append(HEIGHT)
                .append("\" class=\"frame\" role=\"img\">");
        b.append(DEFS);
        globalQueue(b, st, moved);
        for (PView p : st.ps()) {
            pColumn(b, p, l.ps.get(p.name()), moved, pChanged.contains(p.name()));
        }
        b.append(text(LEFT, LOOSE_Y + 34, "Ms without a P", "label"));
        for (MView m : st.ms()) {
            mBox(b, m, l.ms.get(m.name()), moved, changed(before, m));
        }
        int y = LOOSE_Y + 10;
        for (ScenarioRecorder.PMove m : f.pMoves()) {          // Ps that changed hands, told in words
            String said = m.from() == null ? m.p() + " taken by " + m.to()
                    : m.to() == null ? m.p() + " left " + m.from() : m.p() + ": " + m.from() + " → " + m.to();
            b.append(text(WIDTH - 200, y += 18, said, "p-move"));
        }
        Set<String> labelled = new HashSet<>();
        for (Move m : f.moves()) {
            arrow(b, m, was, l, labelled.add(m.kind()));
        }
        b.append("</svg>");
        return b.toString();
    }

    private static final String DEFS = "<defs>"
            + marker("go", "#2e7d32") + marker("kick", "#757575") + marker("overflow", "#ef6c00")
            + marker("batch", "#1565c0") + marker("steal", "#c62828") + marker("run", "#212121") + marker("move", "#6a1b9a")
            + "</defs>";

    private static String marker(String kind, String colour) {
        return "<marker id=\"arrow-" + kind + "\" viewBox=\"0 0 10 10\" refX=\"9\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">"
                + "<path d=\"M0,0 L10,5 L0,10 z\" fill=\"" + colour + "\"/></marker>";
    }

    private static void globalQueue(StringBuilder b, State st, Set<String> moved) {
        b.append("<rect class=\"global\" x=\"").append(LEFT).append("\" y=\"").append(GLOBAL_Y).append("\" width=\"")
                .append(WIDTH - 2 * LEFT).append("\" height=\"48\" rx=\"6\"/>");
        b.append(text(LEFT + 10, GLOBAL_Y + 20, "global queue", "label"));
        b.append(text(LEFT + 10, GLOBAL_Y + 38, "sched.lock", "small"));
        for (int i = 0; i < st.global().size(); i++) {
            g(b, st.global().get(i), 200 + i * SLOT, GLOBAL_Y + 24, moved);
        }
    }

    private static void pColumn(StringBuilder b, PView p, XY at, Set<String> moved, boolean changed) {
        int x = at.x();
        b.append("<g class=\"p\" data-p=\"").append(p.name()).append("\" data-status=\"").append(p.status()).append("\">");
        b.append("<rect class=\"p-box status-").append(p.status().toLowerCase(Locale.ROOT)).append(changed ? " changed" : "")
                .append("\" x=\"").append(x).append("\" y=\"").append(P_Y).append("\" width=\"").append(COLUMN - 20)
                .append("\" height=\"210\" rx=\"8\"/>");
        b.append(text(x + 10, P_Y + 22, p.name(), "p-name"));
        b.append(text(x + 44, P_Y + 22, p.status() + " · schedtick " + p.schedtick(), "small"));
        b.append(text(x + 10, RUNNEXT_Y + 28, "runnext", "small"));
        b.append("<rect class=\"runnext\" x=\"").append(x + 63).append("\" y=\"").append(RUNNEXT_Y + 1)
                .append("\" width=\"").append(SLOT).append("\" height=\"").append(SLOT).append("\" rx=\"4\"/>");
        if (p.runnext() != null) {
            g(b, p.runnext(), x + 63 + SLOT / 2, RUNNEXT_Y + 24, moved);
        }
        b.append(text(x + 10, RING_Y - 12, "local ring: head → tail", "small"));
        for (int j = 0; j < p.capacity(); j++) {
            b.append("<rect class=\"slot\" x=\"").append(x + 12 + j * SLOT).append("\" y=\"").append(RING_Y + 1)
                    .append("\" width=\"").append(SLOT).append("\" height=\"").append(SLOT).append("\"/>");
        }
        for (int j = 0; j < p.ring().size(); j++) {
            g(b, p.ring().get(j), x + 12 + j * SLOT + SLOT / 2, RING_Y + 24, moved);
        }
        b.append("</g>");
    }

    private static boolean changed(State before, MView m) {
        if (before == null) {
            return false;
        }
        MView was = before.ms().stream().filter(x -> x.name().equals(m.name())).findFirst().orElse(null);
        return was == null || was.spinning() != m.spinning() || was.parked() != m.parked()
                || !java.util.Objects.equals(was.p(), m.p()) || !java.util.Objects.equals(was.nextp(), m.nextp())
                || !java.util.Objects.equals(was.syscallP(), m.syscallP());
    }

    private static void mBox(StringBuilder b, MView m, XY at, Set<String> moved, boolean changed) {
        String state = m.syscallP() != null ? "in syscall (" + m.syscallP() + ")"
                : m.spinning() && m.p() == null && m.nextp() != null ? "spinning → " + m.nextp()
                : m.spinning() ? "spinning"
                : m.parked() && m.nextp() == null ? "sleeping"
                : m.nextp() != null && m.p() == null ? "woken → " + m.nextp()
                : m.g() != null ? "running" : "idle";
        String cls = m.syscallP() != null ? "syscall" : m.spinning() ? "spinning" : m.parked() && m.nextp() == null ? "sleeping" : "running";
        b.append("<g class=\"m\" data-m=\"").append(m.name()).append("\">");
        b.append("<rect class=\"m-box m-").append(cls).append(changed ? " changed" : "").append("\" x=\"").append(at.x())
                .append("\" y=\"").append(at.y()).append("\" width=\"140\" height=\"60\" rx=\"30\"/>");
        b.append(text(at.x() + 14, at.y() + 26, m.name(), "m-name"));
        b.append(text(at.x() + 14, at.y() + 46, state, "small"));
        if (m.g() != null) {
            g(b, m.g(), at.x() + 110, at.y() + 30, moved);
        }
        b.append("</g>");
    }

    private static void g(StringBuilder b, String name, int cx, int cy, Set<String> moved) {
        b.append("<g class=\"g").append(moved.contains(name) ? " moved" : "").append("\" data-g=\"").append(name).append("\">");
        b.append("<circle cx=\"").append(cx).append("\" cy=\"").append(cy).append("\" r=\"18\"/>");
        b.append("<text x=\"").append(cx).append("\" y=\"").append(cy + 5).append("\" text-anchor=\"middle\">").append(name).append("</text>");
        b.append("</g>");
    }

    /** {@code label}: the first arrow of its kind in the frame says what it is. */
    private static void arrow(StringBuilder b, Move m, Layout was, Layout now, boolean label) {
        XY to = m.to() == null ? null : now.gs.get(m.g());
        XY from = m.from() == null || was == null ? null : was.gs.get(m.g());
        if (to == null && from != null) {               // a G that finished: crossed out beside its M
            from = m.from().startsWith("M") ? new XY(from.x() + 55, from.y()) : from;
            b.append("<g class=\"exit\" data-g=\"").append(m.g()).append("\"><circle cx=\"").append(from.x()).append("\" cy=\"")
                    .append(from.y()).append("\" r=\"18\"/><text x=\"").append(from.x()).append("\" y=\"").append(from.y() + 5)
                    .append("\" text-anchor=\"middle\">").append(m.g()).append("</text>")
                    .append(text(from.x() - 12, from.y() - 22, "exit", "arrow-label")).append("</g>");
            return;
        }
        if (to == null) {
            return;
        }
        if (from == null) {                             // a new G: an arrow from just above it
            from = new XY(to.x() - 30, to.y() - 40);
        }
        int mx = (from.x() + to.x()) / 2;
        int my = Math.min(from.y(), to.y()) - 30 - Math.abs(from.x() - to.x()) / 10;
        b.append("<path class=\"move move-").append(m.kind()).append("\" data-kind=\"").append(m.kind())
                .append("\" data-g=\"").append(m.g()).append("\" d=\"M").append(from.x()).append(',').append(from.y() - 18)
                .append(" Q").append(mx).append(',').append(my).append(' ').append(to.x()).append(',').append(to.y() - 19)
                .append("\" marker-end=\"url(#arrow-").append(m.kind()).append(")\"/>");
        if (label) {
            b.append(text(mx - 18, (my + Math.min(from.y(), to.y())) / 2 - 4, m.kind(), "arrow-label move-" + m.kind()));
        }
    }

    private static String text(int x, int y, String s, String cls) {
        return "<text class=\"" + cls + "\" x=\"" + x + "\" y=\"" + y + "\">" + ScenarioPage.escape(s) + "</text>";
    }
}
