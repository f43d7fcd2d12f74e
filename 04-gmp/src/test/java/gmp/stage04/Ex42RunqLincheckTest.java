package gmp.stage04;

import gmp.core.exercises.Exercise;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Param;

/**
 * Exercise 4.2: Lincheck on your ring (4 slots, so it overflows constantly). A failure prints
 * the interleaving that no sequential order explains: read it from the top, thread by thread.
 */
@Exercise(id = "4.2", title = "runqputslow")
@Param(name = "v", gen = IntGen.class, conf = "1:9")
public class Ex42RunqLincheckTest extends RunQueueLincheckTest {
    @Override
    protected LocalRunQueue.Factory runqs() {
        return LearnersCode.runqs();
    }
}
