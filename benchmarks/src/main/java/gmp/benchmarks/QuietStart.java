package gmp.benchmarks;

import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * An untimed pause of {@value #PAUSE_MS} ms before each run of the syscall mix, so every run
 * starts the way a program does: with sysmon looking every 20 us.
 *
 * <p>Why: sysmon sleeps 20 us between looks, doubling after 50 looks that handed no P off, up to
 * 10 ms. It retakes a P only from a syscall it has seen on two looks in a row, so once backed off
 * to 10 ms it sleeps through every 1 ms syscall, never hands a P off and never speeds up again.
 * Back to back, runs inherit that state: at procs=1 a fork measured ~25 us per job for seconds,
 * then ~120 us (the syscalls done one after the other) for seconds, and back; the cell's error
 * was 35-70%. Go 1.19 has the same blind spot ({@link SysmonBackoff}; 04's README, "The syscall
 * mix, and sysmon's blind spot"). During the pause every P is idle, so sysmon sleeps until a P
 * runs again ({@code sysmonwait}) and then starts over at 20 us. (Go starts over only if a
 * syscall ends that sleep, not a timer: the Go harness pauses in a blocking syscall instead.)
 * Peers get the same pause, so both sides of a comparison run the same shape.
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
