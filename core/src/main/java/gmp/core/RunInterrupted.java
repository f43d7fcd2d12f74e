package gmp.core;

/**
 * What {@link Scheduler#run} throws when the thread that called it is interrupted (or already
 * was): the run ends there, its goroutines are discarded as when main returns (one that is
 * running goes on until it next switches, as then), and the caller's interrupt status stays
 * set. The scheduler stays usable. Go has no such call; its nearest is a process that gets
 * SIGINT.
 */
public final class RunInterrupted extends RuntimeException {
    public RunInterrupted(String stageId) {
        super("run interrupted: the thread that called run on " + stageId
                + " was interrupted; the run's goroutines are discarded, as when main returns");
    }
}
