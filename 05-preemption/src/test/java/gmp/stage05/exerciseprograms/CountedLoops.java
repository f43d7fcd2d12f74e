package gmp.stage05.exerciseprograms;

import java.util.function.LongUnaryOperator;

/** Loops whose back-edge counts are known: each is a {@code LongUnaryOperator} so a test can call the instrumented copy. */
public final class CountedLoops {
    private CountedLoops() {
    }

    /** {@code n} iterations: {@code n} back-edges. */
    public static final class Sum implements LongUnaryOperator {
        @Override
        public long applyAsLong(long n) {
            long s = 0;
            for (long i = 0; i < n; i++) {
                s += i;
            }
            return s;
        }
    }

    /** {@code n * n} inner and {@code n} outer iterations: {@code n * n + n} back-edges. */
    public static final class Nested implements LongUnaryOperator {
        @Override
        public long applyAsLong(long n) {
            long s = 0;
            for (long i = 0; i < n; i++) {
                for (long j = 0; j < n; j++) {
                    s += i ^ j;
                }
            }
            return s;
        }
    }

    /** A do-while: as many back-edges (taken or not) as steps. Returns the steps. */
    public static final class Collatz implements LongUnaryOperator {
        @Override
        public long applyAsLong(long n) {
            long steps = 0;
            do {
                n = (n % 2 == 0) ? n / 2 : 3 * n + 1;
                steps++;
            } while (n != 1);
            return steps;
        }
    }
}
