package gmp.stage01.exercises;

import gmp.core.spi.ExerciseNotDone;
import jdk.internal.vm.Continuation;
import jdk.internal.vm.ContinuationScope;

import java.util.ArrayDeque;

/**
 * <b>Exercise 1.1: coroutines from a bare Continuation.</b> Before any scheduler, the one idea
 * under all of them: a goroutine is a stack that can be set aside and resumed later. The JDK has
 * exactly that, {@code jdk.internal.vm.Continuation} (virtual threads are built on it):
 * <ul>
 *   <li>{@code new Continuation(SCOPE, body)} makes one; nothing runs yet;</li>
 *   <li>{@code c.run()} runs it on the calling thread until its body calls
 *       {@code Continuation.yield(SCOPE)} — then {@code run()} returns — or until the body ends;
 *       the next {@code c.run()} resumes right after that yield;</li>
 *   <li>{@code c.isDone()} says whether the body has ended;</li>
 *   <li>{@code Continuation.getCurrentContinuation(SCOPE)} is the one running now, or null
 *       outside any (that is how {@link #yield} knows whether it is inside a coroutine).</li>
 * </ul>
 * With those and a queue, write {@link Coroutines}: {@link #go} queues a new continuation,
 * {@link #runAll} takes the one at the head, runs it until it yields or ends, puts it at the back
 * if it is not done, and goes on until the queue is empty; {@link #yield} yields the current one.
 * An exception thrown by a body comes out of {@code c.run()}: clear the queue, rethrow.
 * About 30 lines. Everything in stage 01's N:1 scheduler ({@code SingleThreadScheduler}) is this
 * loop plus what it takes to park a goroutine on a channel.
 *
 * <p>Check: {@code ./mvnw -pl 01-single-process test -Pexercises -Dtest='Ex11*'} — round-robin
 * order, coroutines started from inside others, 1,000 coroutines yielding 10 times on one thread,
 * a yield outside any coroutine, an exception ending the run. The same tests pass on 01-n1.
 * Then measure: {@code RawContinuationBenchmark} in the benchmarks module times one
 * yield + resume (about 90 ns on the project's VM): that is the cost of your context switch.
 */
public final class TinyCoroutines implements Coroutines {

    private static final ContinuationScope SCOPE = new ContinuationScope("tiny-coroutines");

    private final ArrayDeque<Continuation> queue = new ArrayDeque<>();

    @Override
    public void go(Runnable body) {
        throw new ExerciseNotDone("1.1", "go: queue.addLast(new Continuation(SCOPE, body))");
    }

    @Override
    public void yield() {
        throw new ExerciseNotDone("1.1", "yield: IllegalStateException if getCurrentContinuation(SCOPE) is null,"
                + " else Continuation.yield(SCOPE)");
    }

    @Override
    public void runAll() {
        throw new ExerciseNotDone("1.1", "runAll: until the queue is empty, take its head, run() it, and put it back"
                + " at the tail unless isDone(); on an exception clear the queue and rethrow");
    }
}
