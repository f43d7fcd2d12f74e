package gmp.stage05.programs;

import gmp.core.Chan;
import gmp.core.Select;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLong;

/** The goroutine bodies of Go's proc_test.go preemption tests, as user code (instrumented). */
public final class GoProcPrograms {
    private GoProcPrograms() {
    }

    /**
     * One side of Go's {@code TestPreemption}: {@code n} times, busy-wait (calling a function)
     * until it is {@code me}'s turn, then hand the turn to the other side. At procs=1 the two
     * sides can only alternate if the waiting one is preempted at its calls.
     */
    public static void takeTurns(int me, AtomicInteger turn, int n, AtomicBoolean bailOut) {
        for (int i = 0; i < n; i++) {
            while (turn.get() != me && !bailOut.get()) {
                preempt();
            }
            turn.set(1 - me);
        }
    }

    /** Go's {@code preempt} helper in that test: a call, nothing else. */
    static void preempt() {
        // an empty function: its entry poll is the preemption point
    }

    /**
     * One goroutine of Go's {@code TestPingPongHog}: until {@code done} is closed, wait for the
     * ball on {@code wake}, count {@code limit} times, tell {@code turns} that pair {@code pair}
     * caught it, send it back.
     */
    public static void pingPong(int limit, AtomicLong counter, Chan<Boolean> wake, Chan<Boolean> done,
                                Turns turns, int pair) {
        AtomicBoolean over = new AtomicBoolean();
        while (!over.get()) {
            Select.on()
                    .recv(done, v -> over.set(true))
                    .recv(wake, v -> {
                        long c = counter.get();
                        for (int i = 0; i < limit; i++) {
                            c++;
                        }
                        counter.set(c);
                        turns.caught(pair);
                        wake.send(true);
                    })
                    .run();
        }
    }

    /**
     * The turns two ping-pong pairs take at the P (procs=1): a turn is a run of catches by one
     * pair with none by the other in between, so the turns alternate and each pair's count is
     * how often the P came to it. {@link #reached} is closed once each pair has had
     * {@code target} turns.
     */
    public static final class Turns {
        private final int target;
        private final AtomicInteger last = new AtomicInteger(-1);
        private final AtomicIntegerArray of = new AtomicIntegerArray(2);
        private final AtomicBoolean closed = new AtomicBoolean();
        /** Closed once both pairs have had {@code target} turns. */
        public final Chan<Boolean> reached = Chan.make();

        public Turns(int target) {
            this.target = target;
        }

        void caught(int pair) {
            if (last.getAndSet(pair) != pair) {
                of.incrementAndGet(pair);
                if (of.get(0) >= target && of.get(1) >= target && closed.compareAndSet(false, true)) {
                    reached.close();
                }
            }
        }

        /** Turns pair {@code pair} has had so far. */
        public int of(int pair) {
            return of.get(pair);
        }
    }
}
