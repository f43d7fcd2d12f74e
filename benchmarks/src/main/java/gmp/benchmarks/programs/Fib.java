package gmp.benchmarks.programs;

import java.util.function.LongUnaryOperator;

/** The worst case for method-entry polls: naive recursion, a call per tiny step. */
public final class Fib implements LongUnaryOperator {
    @Override
    public long applyAsLong(long n) {
        return fib((int) n);
    }

    private static long fib(int n) {
        return n < 2 ? n : fib(n - 1) + fib(n - 2);
    }
}
