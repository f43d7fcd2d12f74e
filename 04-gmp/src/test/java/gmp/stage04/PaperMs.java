package gmp.stage04;

import gmp.core.Config;
import gmp.core.spi.G;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the scenario replays reach inside 04 for, kept with the tests as Go keeps such hooks in
 * {@code export_test.go}: a scheduler "on paper", whose Ms' threads never start, and a test that
 * plays each M in turn through the same functions its loop calls ({@link #scheduleOne} is Go's
 * {@code schedule} up to {@code execute}, {@link #retake} is one look of sysmon...).
 *
 * <p>On paper means: the scheduler's {@link MParking.OsThreads} are {@link #PAPER}, set before any
 * M exists. {@code newosproc} starts nothing, {@code notesleep} returns at once (the M stays on
 * the idle list until {@code startm} hands it a P), {@code notewakeup} wakes nobody: the test
 * calls {@link #paperWake} when it wants the M to get going.
 */
final class PaperMs {

    private PaperMs() {
    }

    /** Ms whose threads never start, and never sleep: a test plays them. */
    static final MParking.OsThreads PAPER = new MParking.OsThreads() {
        @Override
        public void newosproc(GmpM m) {
        }

        @Override
        public void notesleep(GmpM m) {
        }

        @Override
        public void notewakeup(GmpM m) {
        }
    };

    /** 04-gmp on paper: for the seed scenarios. */
    static GMPScheduler paper(Config config) {
        return paper(() -> new GMPScheduler(config.validate()));
    }

    /**
     * {@code make}'s scheduler on paper: its Ms' threads never start and a test plays them. For
     * any subclass, so an exercise's scheduler can replay the scenarios too.
     */
    static <S extends GMPScheduler> S paper(Supplier<S> make) {
        S s = make.get();
        if (!s.sched.allm.isEmpty()) {
            throw new IllegalStateException("on paper from the start only: " + s.sched.allm + " exist already");
        }
        s.ms.threads = PAPER;
        return s;
    }

    /** A paper M holding the first idle P, as if it had been running for a while. */
    static GmpM paperM(GMPScheduler s) {
        GmpM m = new GmpM(s, null, false);
        s.sched.allm.add(m);
        P p;
        s.sched.lock.lock();
        try {
            p = s.sched.pidleget();
        } finally {
            s.sched.lock.unlock();
        }
        m.acquirep(p);
        return m;
    }

    /** A paper M woken by startm gets going: it acquires the P it was handed (end of Go's stopm). */
    static void paperWake(GmpM m) {
        m.acquirenextp();
    }

    /** {@code go} on paper: what {@code ready} does for a G made by the G running on {@code m}. */
    static void paperGo(GMPScheduler s, GmpM m, G g) {
        m.p().runq.runqput(g, true, s);
        s.ms.wakep();
    }

    /** A paper M found nothing and gave up its P: it goes to the idle list (Go's stopm). */
    static void paperStop(GMPScheduler s, GmpM m) {
        s.ms.stopm(m);
    }

    /** One pass of the M's loop up to {@code execute}; null if it gave up its P. */
    static G scheduleOne(GMPScheduler s, GmpM m) {
        return s.loop.scheduleOne(m);
    }

    /** One look of sysmon at every P, at time {@code now}; the number of Ps handed off. */
    static int retake(GMPScheduler s, long now) {
        return s.sysmon.retake(now);
    }

    /** P {@code i}. */
    static P p(GMPScheduler s, int i) {
        return s.sched.allp[i];
    }

    /** Every M made so far, in creation order. */
    static List<GmpM> allm(GMPScheduler s) {
        return List.copyOf(s.sched.allm);
    }

    /** The global queue, head first. */
    static List<G> globalQueue(GMPScheduler s) {
        s.sched.lock.lock();
        try {
            return s.sched.globrunq.snapshot();
        } finally {
            s.sched.lock.unlock();
        }
    }

    /** The idle Ps, head of the list first. */
    static List<P> idlePs(GMPScheduler s) {
        s.sched.lock.lock();
        try {
            List<P> out = new ArrayList<>();
            for (P p = s.sched.pidle; p != null; p = p.link) {
                out.add(p);
            }
            return out;
        } finally {
            s.sched.lock.unlock();
        }
    }
}
