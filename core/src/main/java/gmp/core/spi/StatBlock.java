package gmp.core.spi;

import gmp.core.Stat;

/**
 * One thread's scheduler counters. Each M owns one and is its only writer, so counting is a
 * plain increment with no atomic and no shared cache line; {@code SchedStats} sums the blocks
 * on read. Readers may see a count a few increments old while Ms run; after a run has ended
 * and its Ms are idle the sum is exact.
 *
 * <p>Threads that are not Ms (the caller of {@code run}, the timer thread) share a block
 * through {@link #incShared}, which locks.
 */
public final class StatBlock {
    private final long[] counts = new long[Stat.values().length];

    /** Owner thread only. */
    public void inc(Stat s) {
        counts[s.ordinal()]++;
    }

    /** Owner thread only. */
    public void add(Stat s, long n) {
        counts[s.ordinal()] += n;
    }

    /** For blocks shared by several non-M threads. */
    public synchronized void incShared(Stat s) {
        counts[s.ordinal()]++;
    }

    synchronized void addAllTo(long[] into) {
        for (int i = 0; i < counts.length; i++) {
            into[i] += counts[i];
        }
    }

    synchronized void absorb(StatBlock other) {
        other.addAllTo(counts);
    }
}
