package gmp.stage05.programs;

import gmp.core.Chan;
import gmp.core.Select;

import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
     * ball on {@code wake}, count {@code limit} times, send it back.
     */
    public static void pingPong(int limit, AtomicLong counter, Chan<Boolean> wake, Chan<Boolean> done) {
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
                        wake.send(true);
                    })
                    .run();
        }
    }
}
