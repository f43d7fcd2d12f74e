package gmp.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * An untimed pause of {@value #PAUSE_MS} ms before each run of the syscall mix, so every run
 * starts the way a program does: with sysmon watching at its shortest interval.
 *
 * <p>Why: sysmon sleeps 20 us between rounds, doubling after 50 rounds that handed no P off, up
 * to 10 ms. It retakes a P only if it finds it in the same syscall twice, so once backed off to
 * 10 ms it sleeps through every 1 ms syscall, never hands a P off and never speeds up again. Back
 * to back, runs inherit that state: at procs=1 a fork measured ~25 us per job for seconds, then
 * ~120 us (the syscalls done one after the other) for seconds, and back; the cell's error was
 * 35-70%. Go's sysmon has the same rhythm and the same blind spot (04's README, "Syscalls and
 * sysmon"). After a pause longer than sysmon's longest sleep every P is idle when it looks, it
 * sleeps until a P runs again ({@code sysmonwait}) and then starts over at 20 us. Peers get the
 * same pause, so both sides of a comparison run the same shape.
 */
@State(Scope.Thread)
public class QuietStart {

    /** More than sysmon's longest sleep (10 ms), with room for a late wake-up. */
    static final int PAUSE_MS = 20;

    @Setup(Level.Invocation)
    public void pause() throws InterruptedException {
        Thread.sleep(PAUSE_MS);
    }
}
