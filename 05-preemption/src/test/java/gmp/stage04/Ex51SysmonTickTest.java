package gmp.stage04;

import gmp.core.Config;
import gmp.core.exercises.Exercise;
import gmp.stage05.LearnersCode;

/**
 * Exercise 5.1: sysmon's view of a running P, replayed on paper with your retake. (In package
 * gmp.stage04, beside the test it extends, because the paper Ms are 04's.)
 */
@Exercise(id = "5.1", title = "retake: when a goroutine has had its time slice")
class Ex51SysmonTickTest extends SysmonTickTest {
    @Override
    protected GMPScheduler paper(Config config) {
        return PaperMs.paper(() -> (GMPScheduler) LearnersCode.withRetake("05-async", config));
    }
}
