package gmp.benchmarks;

import gmp.core.Config;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Stat;

import java.util.Arrays;
import java.util.Locale;

/**
 * sysmon's blind spot, shown on a stage at procs=1 (and on Go by {@code benchmarks/go}'s
 * {@code -sysmon}): one run that computes for 50 ms without a syscall and then does the syscall
 * mix ({@link GoPrograms#syscallMix}) 20 times back to back; then 20 runs of the mix, each after
 * a {@link QuietStart} pause. Prints the median ns per job and the handoffs per round of each.
 *
 * <p>What it shows: after 50 ms with nothing to retake, sysmon has backed off to 10 ms sleeps; it
 * retakes a P only from a syscall it has seen on two looks in a row, which a 1 ms syscall never
 * is, so nothing is handed off, the lone P waits out every syscall, and with nothing retaken
 * sysmon never speeds up again. After a pause it watches every 20 us again and hands off about
 * half the syscalls' Ps, so the other jobs go on meanwhile. Go 1.19 does the same, except that in
 * Go a pause resets sysmon only if a syscall ends it (04's README, "The syscall mix, and
 * sysmon's blind spot").
 * <pre>
 *   $JAVA_HOME/bin/java --add-exports java.base/jdk.internal.vm=ALL-UNNAMED \
 *        -cp benchmarks/target/benchmarks.jar gmp.benchmarks.SysmonBackoff 04-gmp
 * </pre>
 */
public final class SysmonBackoff {
    private SysmonBackoff() {
    }

    static final int ROUNDS = 20;
    static final long BUSY_NS = 50_000_000;

    public static void main(String[] args) throws InterruptedException {
        String stage = args.length > 0 ? args[0] : "04-gmp";
        try (Scheduler s = Schedulers.create(stage, Config.defaults().procs(1))) {
            s.run(GoPrograms::syscallMix);                        // load and compile the code once
            double[] backToBack = new double[ROUNDS];
            SchedStats before = s.stats();
            s.run(() -> {
                long sink = 0;
                for (long t = System.nanoTime(); System.nanoTime() - t < BUSY_NS; ) {
                    sink += GoPrograms.work();
                }
                for (int i = 0; i < ROUNDS; i++) {
                    long t = System.nanoTime();
                    GoPrograms.syscallMix();
                    backToBack[i] = (double) (System.nanoTime() - t) / GoPrograms.JOBS;
                }
                return sink;
            });
            long backToBackHandoffs = s.stats().minus(before).get(Stat.HANDOFFS);
            double[] afterPause = new double[ROUNDS];
            before = s.stats();
            for (int i = 0; i < ROUNDS; i++) {
                Thread.sleep(QuietStart.PAUSE_MS);
                long t = System.nanoTime();
                s.run(GoPrograms::syscallMix);
                afterPause[i] = (double) (System.nanoTime() - t) / GoPrograms.JOBS;
            }
            long afterPauseHandoffs = s.stats().minus(before).get(Stat.HANDOFFS);
            System.out.printf(Locale.ROOT, "%s, procs=1, ns per job (median of %d rounds): back to back after 50 ms "
                            + "of work %.0f (%.1f handoffs per round); each after a %d ms pause %.0f (%.1f)%n",
                    stage, ROUNDS, median(backToBack), (double) backToBackHandoffs / ROUNDS,
                    QuietStart.PAUSE_MS, median(afterPause), (double) afterPauseHandoffs / ROUNDS);
        }
    }

    private static double median(double[] xs) {
        double[] sorted = xs.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }
}
