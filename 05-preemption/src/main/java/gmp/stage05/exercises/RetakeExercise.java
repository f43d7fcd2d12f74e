package gmp.stage05.exercises;

import gmp.core.Config;
import gmp.core.spi.ExerciseNotDone;
import gmp.stage04.P;
import gmp.stage05.PreemptiveScheduler;

/**
 * <b>Exercise 5.1: retake — when has a goroutine had its time slice?</b> sysmon wakes up every
 * 20 us to 10 ms and calls {@code retakeRunning(p, now)} for each running P. Go does not time
 * goroutines: it looks at the P's {@code schedtick} (incremented on every schedule that starts a
 * new slice) and remembers, in the P, what it saw and when ({@code p.sysmonSchedtick},
 * {@code p.sysmonSchedwhen}: Go's {@code pd.schedtick}, {@code pd.schedwhen}):
 * <ul>
 *   <li>a tick it has not seen before: a new slice began since the last look — remember the tick
 *       and {@code now};</li>
 *   <li>the same tick, first seen at least a whole slice ago ({@code now - p.sysmonSchedwhen >=
 *       timeSliceNanos()}: Go's {@code forcePreemptNS}, 10 ms): the goroutine on this P has had
 *       its slice — ask it to stop, {@code preemptone(p.m)} (if the P still has an M).</li>
 * </ul>
 * Two things this gets right that a stopwatch per goroutine would not: a chain of goroutines
 * passing the P through runnext shares one slice (they inherit it: the tick does not move), which
 * is what Go's {@code TestPingPongHog} checks; and a P sysmon has never looked at starts
 * {@code sysmonSchedtick} at -1, so its first look only records (a fresh P must not look as if its
 * slice began at time 0).
 *
 * <p>Check: {@code ./mvnw -pl 05-preemption test -Pexercises -Dtest='Ex51*'} — sysmon's view of a
 * P replayed step by step on paper ({@code SysmonTickTest}), goroutines that yield within their
 * slice never asked, the starving-loop demo on 05-coop and 05-async, Go's {@code TestPreemption}
 * and {@code TestPingPongHog}, and the contract kit. (The reference is
 * {@code Sysmon.retakeRunning} in stage 04, which {@code GMPScheduler.retakeRunning} calls and 05 inherits.)
 */
public class RetakeExercise extends PreemptiveScheduler {

    /** {@code stage} is "05-coop" or "05-async". */
    public RetakeExercise(String stage, Config config) {
        super(stage, config);
    }

    @Override
    protected void retakeRunning(P p, long now) {
        throw new ExerciseNotDone("5.1", "retakeRunning: a new p.schedtick -> remember it and now; the same tick"
                + " since timeSliceNanos() ago -> preemptone(p.m)");
    }
}
