package gmp.stage01;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.Deadlock;
import gmp.core.spi.RunState;
import gmp.core.spi.G;
import gmp.core.spi.M;

import java.time.Duration;
import java.util.Set;

/**
 * 01-serial: the batch era. One CPU, one job at a time, each run to completion, in the order
 * submitted. The main goroutine is the first job; every {@code Go.go} queues one more.
 *
 * <p>What is missing is the point:
 * <ul>
 *   <li>no switching: {@code Go.yield()} returns at once (the job is put back at the head);</li>
 *   <li>a job that waits (sleep, a blocking syscall) holds the CPU idle: the M's thread blocks;</li>
 *   <li>a job that must wait for another job (a channel, a WaitGroup) can never go on, since
 *       the other job runs only after it finishes: the run fails with a {@link Deadlock}
 *       that says so.</li>
 * </ul>
 * Difference from Go: a Go program ends when main returns; a batch ends when its queue is
 * empty, so {@code run} returns main's result after every queued job has run.
 */
final class SerialScheduler extends SingleThreadScheduler {

    SerialScheduler(String id, Config config, Set<Capability> capabilities) {
        super(id, config, capabilities);
    }

    @Override
    protected boolean runEndsWithMain() {
        return false;
    }

    /** The batch is done when main has returned and the queue is empty. */
    @Override
    protected boolean onIdle(RunState r) {
        return r.mainExited() && r.finishWithMainResult();
    }

    /** No time slicing: the yielding job continues at once. */
    @Override
    protected void gosched(G g, M m) {
        runq.addFirst(g);
    }

    /** Sleeping holds the CPU: the one thread sleeps, nothing else runs. */
    @Override
    protected void sleep(G g, Duration d) {
        try {
            Thread.sleep(d);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A job cannot be set aside: waiting for another job is a deadlock. */
    @Override
    protected void parked(G g, M m) {
        fail(g.run, new Deadlock("goroutine " + g.goid + " [" + g.waitReason + "]: " + whyNot()));
    }

    @Override
    protected String deadlockDetail(RunState run) {
        return whyNot();
    }

    private static String whyNot() {
        return "01-serial runs each goroutine to completion, one after another: a goroutine that"
                + " waits for another (serial cannot wait) is never resumed, because the one it waits"
                + " for runs only after it finishes.";
    }
}
