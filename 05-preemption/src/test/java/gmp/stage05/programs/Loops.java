package gmp.stage05.programs;

/** Fixed shapes for the instrumenter's unit tests: the expected polls are in each comment. */
public final class Loops {
    /** Computed by the static initialiser, which has a loop but never gets polls. */
    public static final int SEED;

    static {
        int x = 0;
        for (int i = 0; i < 3; i++) {
            x += i;
        }
        SEED = x;
    }

    /** Constructors get no polls. */
    public Loops() {
    }

    /** 1 entry poll, 0 back-edge polls. */
    public static int noLoop(int a) {
        return a > 0 ? a + 1 : a - 1;
    }

    /** 1 entry poll, 1 back-edge poll. */
    public static int sum(int n) {
        int s = 0;
        for (int i = 0; i < n; i++) {
            s += i;
        }
        return s;
    }

    /** 1 entry poll, 2 back-edge polls (one per loop). */
    public static long nested(int n) {
        long s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                s += (long) i * j;
            }
        }
        return s;
    }

    /** 1 entry poll, 1 back-edge poll (a do-while jumps back with a conditional branch). */
    public static int collatzSteps(long n) {
        int steps = 0;
        do {
            n = (n % 2 == 0) ? n / 2 : 3 * n + 1;
            steps++;
        } while (n != 1);
        return steps;
    }

    /** 1 entry poll, 1 back-edge poll, and a try/catch inside the loop. */
    public static int parseAll(String[] xs) {
        int bad = 0;
        for (String x : xs) {
            try {
                Integer.parseInt(x);
            } catch (NumberFormatException e) {
                bad++;
            }
        }
        return bad;
    }
}
