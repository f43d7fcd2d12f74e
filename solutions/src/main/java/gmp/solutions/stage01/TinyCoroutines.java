package gmp.solutions.stage01;

import gmp.stage01.exercises.Coroutines;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

import java.util.ArrayDeque;

/** Solution of exercise 1.1 (the skeleton is {@code gmp.stage01.exercises.TinyCoroutines}). */
public final class TinyCoroutines implements Coroutines {

    private static final ContinuationScope SCOPE = new ContinuationScope("tiny-coroutines");

    private final ArrayDeque<Continuation> queue = new ArrayDeque<>();

    @Override
    public void go(Runnable body) {
        queue.addLast(new Continuation(SCOPE, body));
    }

    @Override
    public void yield() {
        if (Continuation.getCurrentContinuation(SCOPE) == null) {
            throw new IllegalStateException("yield outside a coroutine: there is nothing to switch away from");
        }
        Continuation.yield(SCOPE);
    }

    @Override
    public void runAll() {
        Continuation c;
        while ((c = queue.pollFirst()) != null) {
            try {
                c.run();                  // until it yields or ends: the whole context switch
            } catch (RuntimeException | Error e) {
                queue.clear();
                throw e;
            }
            if (!c.isDone()) {
                queue.addLast(c);         // round robin
            }
        }
    }
}
