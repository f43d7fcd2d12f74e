package gmp.core.contract;

/**
 * Runs an operation deep down the stack of the current thread (a goroutine's M). The static
 * methods are the API; each loads this class afresh ({@link ContractSupport#freshCopyOf}), so
 * the frame at the bottom of the recursion is interpreted: the JVM then saves a parking
 * goroutine's stack frame by frame, recursing on the native stack (its slow path), which is the
 * path that runs out. (A stack of compiled frames only may be copied in one piece.)
 */
public final class EndOfStack {
    /** Frames short of the overflow where {@link #atTheEndOfTheStack} runs its operation: room for its own calls. */
    static final int MARGIN = 500;

    private EndOfStack() {
    }

    /** What a fresh copy is used through (this interface is not copied). */
    public interface Recursion {
        Throwable nearTheEnd(Runnable op);

        Throwable atDepth(int depth, Runnable everyThousand, Runnable op);

        int plainDepth();
    }

    /**
     * Recurses until the stack overflows, then again to {@value #MARGIN} frames short of that, and
     * runs {@code op} there; returns what it threw, or null. A goroutine that parks there is
     * thousands of frames deeper than the JVM can save: the park must fail
     * ({@code StackOverflowError: Stack overflow while freezing}) and give back what it took.
     */
    public static Throwable atTheEndOfTheStack(Runnable op) {
        return ContractSupport.<Recursion>freshCopyOf(Frames.class).nearTheEnd(op);
    }

    /** Recurses {@code depth} frames and runs {@code op} there; returns what it (or the recursion) threw, or null. */
    public static Throwable deep(int depth, Runnable op) {
        return deep(depth, null, op);
    }

    /**
     * {@link #deep(int, Runnable)}, running {@code everyThousand} (a yield, say) at every
     * thousandth frame on the way down.
     */
    public static Throwable deep(int depth, Runnable everyThousand, Runnable op) {
        return ContractSupport.<Recursion>freshCopyOf(Frames.class).atDepth(depth, everyThousand, op);
    }

    /** How many frames a plain recursion gets on the current thread before its stack overflows. */
    public static int plainRecursionDepth() {
        return ContractSupport.<Recursion>freshCopyOf(Frames.class).plainDepth();
    }

    /** The recursion, copied afresh for each use (public: a copy is in another runtime package). */
    public static final class Frames implements Recursion {
        private int deepest;
        private int target = -1;
        private Runnable op;
        private Runnable everyThousand;

        public Frames() {
        }

        @Override
        public Throwable nearTheEnd(Runnable op) {
            measure();
            measure();      // again, now that the recursion is compiled, as it will be below
            return atDepth(Math.max(0, deepest - MARGIN), null, op);
        }

        @Override
        public Throwable atDepth(int depth, Runnable everyThousand, Runnable op) {
            target = depth;
            this.everyThousand = everyThousand;
            this.op = op;
            try {
                down(0);
                return null;
            } catch (Throwable t) {
                return t;
            }
        }

        @Override
        public int plainDepth() {
            measure();
            return deepest;
        }

        private void measure() {
            deepest = 0;
            target = -1;
            try {
                down(0);
            } catch (StackOverflowError expected) {
                // deepest is how far it got
            }
        }

        private int down(int n) {
            if (n > deepest) {
                deepest = n;
            }
            if (n == target) {
                op.run();
                return 0;
            }
            if (everyThousand != null && n % 1000 == 999) {
                everyThousand.run();
            }
            return down(n + 1) + 1;     // not a tail call
        }
    }
}
