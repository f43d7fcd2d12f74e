package gmp.benchmarks.programs;

import java.util.function.LongUnaryOperator;

/** The worst case for back-edge polls: a tight loop whose body is one add. */
public final class SumLoop implements LongUnaryOperator {
    private final int[] data = new int[4096];

    public SumLoop() {
        for (int i = 0; i < data.length; i++) {
            data[i] = i * 31 + 7;
        }
    }

    @Override
    public long applyAsLong(long seed) {
        long s = seed;
        for (int i = 0; i < data.length; i++) {
            s += data[i];
        }
        return s;
    }
}
