package gmp.core;

import java.util.Arrays;

/**
 * A snapshot of a scheduler's counters ({@link Stat}), cumulative since it was created.
 * Take one before and one after a run and {@link #minus} them to see what that run cost.
 * The headline comparison is per scheduled goroutine: {@link #perSchedule(Stat)}.
 */
public final class SchedStats {
    private final long[] values;

    public SchedStats(long[] values) {
        if (values.length != Stat.values().length) {
            throw new IllegalArgumentException("need one value per Stat");
        }
        this.values = values.clone();
    }

    public long get(Stat s) {
        return values[s.ordinal()];
    }

    /** {@code get(s)} divided by the goroutines created (at least 1). */
    public double perGoroutine(Stat s) {
        return (double) get(s) / Math.max(1, get(Stat.GOROUTINES_CREATED));
    }

    /**
     * {@code get(s)} per scheduled goroutine: divided by {@link Stat#SCHEDULES}, the times an M
     * switched to a G (at least 1). This is the headline unit of comparison between stages.
     */
    public double perSchedule(Stat s) {
        return (double) get(s) / Math.max(1, get(Stat.SCHEDULES));
    }

    /** The difference {@code this - earlier}; {@link Stat#THREADS_PEAK} keeps this snapshot's value. */
    public SchedStats minus(SchedStats earlier) {
        long[] d = values.clone();
        for (Stat s : Stat.values()) {
            if (s != Stat.THREADS_PEAK) {
                d[s.ordinal()] -= earlier.values[s.ordinal()];
            }
        }
        return new SchedStats(d);
    }

    public long goroutinesCreated() { return get(Stat.GOROUTINES_CREATED); }
    public long goroutinesFinished() { return get(Stat.GOROUTINES_FINISHED); }
    public long schedules() { return get(Stat.SCHEDULES); }
    public long lockAcquisitions() { return get(Stat.LOCK_ACQUISITIONS); }
    public long lockContended() { return get(Stat.LOCK_CONTENDED); }
    public long threadsCreated() { return get(Stat.THREADS_CREATED); }
    public long threadsPeak() { return get(Stat.THREADS_PEAK); }
    public long syscalls() { return get(Stat.SYSCALLS); }

    /** One line per non-zero counter, aligned: what a learner prints after a run. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Stat s : Stat.values()) {
            if (get(s) != 0) {
                sb.append(String.format("%-28s %,d%n", s.label(), get(s)));
            }
        }
        return sb.isEmpty() ? "(no activity)" : sb.toString().stripTrailing();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SchedStats other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }
}
