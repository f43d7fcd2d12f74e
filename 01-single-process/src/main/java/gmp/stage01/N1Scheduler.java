package gmp.stage01;

import gmp.core.Capability;
import gmp.core.Config;

import java.util.Set;

/**
 * 01-n1: N goroutines on 1 thread, user-level coroutines. A goroutine runs until it blocks on
 * a channel, sleeps or yields; then the one M switches to the next goroutine in FIFO order.
 * A switch is a Continuation yield and resume: no kernel, no lock, ~0.1 us.
 *
 * <p>What it cannot do: run two goroutines at once (one thread), or go on while a goroutine
 * is in a blocking system call (the call blocks the only thread: every goroutine stalls).
 * Sleeping is fine: a sleeping goroutine parks on a timer, it does not block the thread.
 *
 * <p>Everything is inherited from {@link SingleThreadScheduler}: the FIFO queue is the whole policy.
 */
public class N1Scheduler extends SingleThreadScheduler {

    N1Scheduler(String id, Config config, Set<Capability> capabilities) {
        super(id, config, capabilities);
    }

    /** 01-n1 declaring {@code capabilities} (exercise 1.3 adds syscall overlap). */
    protected N1Scheduler(Config config, Set<Capability> capabilities) {
        super(Stage01Provider.N1.id(), config, capabilities);
    }
}
