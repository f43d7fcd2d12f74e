package gmp.stage04;

import gmp.core.Stat;
import gmp.core.Trace;
import gmp.core.spi.G;

import java.util.List;

/**
 * Chapter 4b: where an M looks for work, and in which order — the top of Go 1.19's
 * {@code findRunnable}, and exercise 4.3. {@link #findWork} is the reference order;
 * {@link Sources} is what it looks through: the {@link WorkSources} of one M and its P, each
 * method one Go function, locks included.
 *
 * <p>Invariants: only the M itself calls its sources, while it holds its P; an M that steals is
 * spinning ({@code startSpinning} first, once).
 */
final class FindWork {

    private FindWork() {
    }

    /**
     * The reference {@code findWork} ({@link GMPScheduler#findWork} calls it): timers due on this
     * P first (their Gs land in runnext); every 61st schedtick one G from the global queue before
     * the local one, so goroutines there are not starved by a busy P; the local queue (runnext,
     * then the ring); a batch from the global queue; a non-blocking netpoll; and, if this M is
     * spinning or spinning Ms are fewer than half the busy Ps ("limit the number of spinning Ms to
     * half the number of busy Ps"), steal from the other Ps. Null if all were empty.
     */
    static G findWork(WorkSources w) {
        w.checkTimers();
        if (w.schedtick() % 61 == 0 && w.globrunqsize() > 0) {
            G g = w.globrunqget(1);
            if (g != null) {
                return g;
            }
        }
        G g = w.runqget();
        if (g != null) {
            return g;
        }
        if (w.globrunqsize() > 0) {
            g = w.globrunqget(0);
            if (g != null) {
                return g;
            }
        }
        g = w.netpoll();
        if (g != null) {
            return g;
        }
        if (w.spinning() || 2 * w.nmspinning() < w.gomaxprocs() - w.npidle()) {
            if (!w.spinning()) {
                w.startSpinning();
            }
            return w.stealWork();
        }
        return null;
    }

    /** The sources of work as one M sees them, for its current P. */
    static final class Sources implements WorkSources {
        private final GmpM m;

        Sources(GmpM m) {
            this.m = m;
        }

        @Override
        public void checkTimers() {
            m.s.poll.checkTimers(m.p());
        }

        @Override
        public int schedtick() {
            return m.p().schedtick;
        }

        @Override
        public int globrunqsize() {
            return m.s.sched.globrunqsize();
        }

        @Override
        public G globrunqget(int max) {
            return m.s.sched.globrunqgetLocking(m.p(), max);
        }

        @Override
        public G runqget() {
            P p = m.p();
            G g = p.runq.runqget();
            if (g != null) {
                m.inheritTime = p.runq.inheritTime();
                m.stats.inc(Stat.LOCAL_RUNQ_GETS);
            }
            return g;
        }

        @Override
        public G netpoll() {
            List<G> list = m.s.poll.netpollNonBlocking();
            return list.isEmpty() ? null : m.s.poll.injectglist(m.p(), list, true);
        }

        @Override
        public boolean spinning() {
            return m.spinning();
        }

        @Override
        public int nmspinning() {
            return m.s.sched.nmspinning.get();
        }

        @Override
        public int npidle() {
            return m.s.sched.npidle.get();
        }

        @Override
        public int gomaxprocs() {
            return m.s.sched.allp.length;
        }

        @Override
        public void startSpinning() {
            m.becomeSpinning();
            m.stats.inc(Stat.SPINNING);
            m.s.traceM(Trace.Kind.M_SPIN, m, m.p().id);
        }

        @Override
        public G stealWork() {
            return m.s.loop.stealWork(m);
        }
    }
}
