package gmp.stage04;

import java.util.ArrayList;
import java.util.List;

/**
 * Go's {@code randomOrder} (proc.go): visits all {@code count} Ps in a pseudo-random order
 * without allocating, by starting at a random position and stepping by a random stride that
 * is coprime with {@code count} (so every P is visited exactly once). Thieves use it so they
 * do not all attack the same victim first.
 *
 * <p>Immutable after {@link #reset}; an {@link Enum} belongs to the one M using it.
 */
final class StealOrder {
    private int count;
    private int[] coprimes = new int[0];

    StealOrder(int count) {
        reset(count);
    }

    void reset(int count) {
        this.count = count;
        List<Integer> cs = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            if (gcd(i, count) == 1) {
                cs.add(i);
            }
        }
        coprimes = cs.stream().mapToInt(Integer::intValue).toArray();
    }

    /** An enumeration starting from random value {@code r} (Go's {@code start(fastrand())}). */
    Enum start(int r) {
        int u = r & Integer.MAX_VALUE;
        return new Enum(count, u % count, coprimes[u % coprimes.length]);
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    /** Go's {@code randomEnum}. */
    static final class Enum {
        private final int count;
        private final int inc;
        private int i;
        private int pos;

        Enum(int count, int pos, int inc) {
            this.count = count;
            this.pos = pos;
            this.inc = inc;
        }

        boolean done() {
            return i == count;
        }

        void next() {
            i++;
            pos = (pos + inc) % count;
        }

        int position() {
            return pos;
        }
    }
}
