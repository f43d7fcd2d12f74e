package gmp.solutions.stage05;

import gmp.core.Config;
import gmp.stage04.P;
import gmp.stage05.PreemptiveScheduler;

/** Solution of exercise 5.1 (the skeleton is {@code gmp.stage05.exercises.RetakeExercise}). */
public class RetakeExercise extends PreemptiveScheduler {

    public RetakeExercise(String stage, Config config) {
        super(stage, config);
    }

    @Override
    protected void retakeRunning(P p, long now) {
        int tick = p.schedtick;
        if (p.sysmonSchedtick != tick) {
            p.sysmonSchedtick = tick;                    // a new slice began since the last look
            p.sysmonSchedwhen = now;
            return;
        }
        if (now - p.sysmonSchedwhen >= timeSliceNanos()) {
            var m = p.m;                                 // read once: the P may lose its M meanwhile
            if (m != null) {
                preemptone(m);
            }
        }
    }
}
