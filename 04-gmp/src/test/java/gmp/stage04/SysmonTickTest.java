package gmp.stage04;

import gmp.core.Config;
import gmp.core.spi.G;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static gmp.stage04.PaperMs.p;
import static gmp.stage04.PaperMs.paperM;
import static gmp.stage04.PaperMs.retake;
import static gmp.stage04.PaperMs.scheduleOne;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * sysmon's view of a running P (Go's {@code sysmontick}), driven by hand with a paper M: the
 * time slice of a P starts when sysmon first sees its current schedtick, and only a new
 * schedtick starts a new one. Stage 05 preempts when a slice is older than 10 ms, so a slice
 * that started "at time 0" would be preempted at once.
 */
class SysmonTickTest {

    /** The scheduler on paper: 04-gmp here, 05 with the learner's retake in exercise 5.1 ({@code Ex51SysmonTickTest}). */
    protected GMPScheduler paper(Config config) {
        return PaperMs.paper(config);
    }

    private static final long MS = TimeUnit.MILLISECONDS.toNanos(1);

    @Test
    void aFreshPsSliceStartsWhenSysmonFirstSeesIt_notAtTimeZero() {
        GMPScheduler s = paper(Config.defaults().procs(1));
        try {
            GmpM m = paperM(s);         // holds P0: RUNNING, schedtick 0, nothing run yet
            P p = p(s, 0);
            long now = System.nanoTime();

            retake(s, now);
            assertThat(p.sysmonSchedtick).as("the tick sysmon saw").isEqualTo(p.schedtick);
            assertThat(p.sysmonSchedwhen).as("when the slice started, for sysmon").isEqualTo(now);

            retake(s, now + 5 * MS);                 // same tick, half a slice later: nothing changes
            assertThat(p.sysmonSchedwhen).isEqualTo(now);

            p.runq.runqput(G.detached(1), false, s);     // a new schedule moves the tick...
            assertThat(scheduleOne(s, m)).isNotNull();
            retake(s, now + 20 * MS);                // ...so sysmon starts a new slice
            assertThat(p.sysmonSchedtick).isEqualTo(p.schedtick);
            assertThat(p.sysmonSchedwhen).isEqualTo(now + 20 * MS);
        } finally {
            s.close();
        }
    }

    /**
     * Go's {@code retake}: {@code if pd.schedwhen+forcePreemptNS <= now { preemptone(pp) }}. A G
     * that has had exactly one time slice is asked to stop; one nanosecond less, it is not.
     */
    @Test
    void aGoroutineIsAskedToStopAfterExactlyOneTimeSlice_notBefore() {
        GMPScheduler s = paper(Config.defaults().procs(1));
        try {
            paperM(s);                  // holds P0, running
            long slice = s.timeSliceNanos();
            long now = System.nanoTime();
            retake(s, now);                          // sysmon's first look: the slice starts now
            retake(s, now + slice - 1);
            assertThat(s.preemptoneCalls()).as("one nanosecond short of a time slice, nobody is asked to stop").isZero();
            retake(s, now + slice);
            assertThat(s.preemptoneCalls()).as("after exactly one time slice sysmon asks the G to stop (Go's retake:"
                    + " schedwhen + forcePreemptNS <= now, so >=, not >)").isEqualTo(1);
        } finally {
            s.close();
        }
    }
}
