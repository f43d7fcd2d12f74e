package gmp.stage01;

import gmp.core.Config;
import gmp.core.Go;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.spi.G;
import gmp.stage01.exercises.Coroutines;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * What N:1 coroutines are, as rules any implementation keeps: round-robin order, one thread,
 * yield only from inside. Run here on 01-n1 itself (through a small adapter), and on the
 * learner's {@code TinyCoroutines} in exercise 1.1 ({@code Ex11TinyCoroutinesTest}).
 */
class CoroutinesTest {

    /** The coroutines under test. */
    protected Coroutines coroutines() {
        return new N1Coroutines();
    }

    private final List<AutoCloseable> toClose = new ArrayList<>();

    @AfterEach
    void closeThem() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
    }

    private Coroutines make() {
        Coroutines c = coroutines();
        if (c instanceof AutoCloseable ac) {
            toClose.add(ac);
        }
        return c;
    }

    @Test
    void coroutinesTakeTurns_roundRobin() {
        Coroutines c = make();
        List<String> log = new ArrayList<>();
        for (String name : List.of("A", "B", "C")) {
            c.go(() -> {
                for (int i = 0; i < 3; i++) {
                    log.add(name + i);
                    c.yield();
                }
            });
        }
        c.runAll();
        assertThat(log).as("each yield lets every other coroutine take one turn, in the order they were queued")
                .containsExactly("A0", "B0", "C0", "A1", "B1", "C1", "A2", "B2", "C2");
    }

    @Test
    void aCoroutineStartedFromInsideAnotherJoinsTheBackOfTheQueue() {
        Coroutines c = make();
        List<String> log = new ArrayList<>();
        c.go(() -> {
            log.add("A0");
            c.go(() -> log.add("C0"));
            c.yield();
            log.add("A1");
        });
        c.go(() -> {
            log.add("B0");
            c.yield();
            log.add("B1");
        });
        c.runAll();
        assertThat(log).as("C was queued behind B, and A behind C when it yielded").containsExactly("A0", "B0", "C0", "A1", "B1");
    }

    @Test
    void aCoroutineThatNeverYieldsRunsToTheEndFirst_cooperativeNotPreemptive() {
        Coroutines c = make();
        List<String> log = new ArrayList<>();
        c.go(() -> {
            for (int i = 0; i < 3; i++) {
                log.add("A" + i);
            }
        });
        c.go(() -> log.add("B"));
        c.runAll();
        assertThat(log).as("nothing takes the thread away from a coroutine: it has to yield").containsExactly("A0", "A1", "A2", "B");
    }

    @Test
    void aThousandCoroutinesYieldingTenTimesEach_allOnOneThread() {
        Coroutines c = make();
        int n = 1_000;
        AtomicInteger steps = new AtomicInteger();
        Set<Thread> threads = new HashSet<>();
        for (int i = 0; i < n; i++) {
            c.go(() -> {
                for (int k = 0; k < 10; k++) {
                    threads.add(Thread.currentThread());
                    steps.incrementAndGet();
                    c.yield();
                }
            });
        }
        c.runAll();
        assertThat(steps).as("every coroutine ran all of its steps").hasValue(n * 10);
        assertThat(threads).as("N:1: every coroutine, every step, on the same one thread").hasSize(1);
    }

    @Test
    void yieldOutsideAnyCoroutineIsAnError() {
        Coroutines c = make();
        assertThatThrownBy(c::yield).as("there is nothing to switch away from").isInstanceOf(IllegalStateException.class);
    }

    /**
     * With nothing queued, runAll returns having run nothing, and leaves the object as it was:
     * a coroutine queued next runs once, in full, and a further empty runAll runs nothing again.
     */
    @Test
    void runAllWithNothingQueuedReturns_runsNothing_andTheObjectStillWorks() {
        Coroutines c = make();
        List<String> log = new ArrayList<>();
        c.runAll();
        c.runAll();
        c.go(() -> {
            log.add("A0");
            c.yield();
            log.add("A1");
        });
        c.runAll();
        assertThat(log).as("after two empty runAlls, a queued coroutine runs to its end, once").containsExactly("A0", "A1");
        c.runAll();
        assertThat(log).as("an empty runAll after it runs nothing again (a finished coroutine is gone)")
                .containsExactly("A0", "A1");
        assertThatThrownBy(c::yield).as("and no coroutine is left current").isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anExceptionInACoroutineEndsRunAll_andTheObjectCanRunAgain() {
        Coroutines c = make();
        List<String> log = new ArrayList<>();
        c.go(() -> {
            log.add("A0");
            c.yield();
            throw new IllegalArgumentException("boom");
        });
        c.go(() -> {
            log.add("B0");
            c.yield();
            c.yield();
            log.add("B-never");
        });
        Throwable thrown = catchThrowable(c::runAll);
        assertThat(thrown).as("the coroutine's exception ends runAll: runAll rethrows it, it does not swallow it and go on").isNotNull()
                .satisfies(t -> {
                    Throwable root = t;
                    while (root.getCause() != null) {
                        root = root.getCause();
                    }
                    assertThat(root).isInstanceOf(IllegalArgumentException.class).hasMessage("boom");
                });
        assertThat(log).as("B was dropped when A failed").containsExactly("A0", "B0");
        c.go(() -> log.add("again"));
        c.runAll();
        assertThat(log).as("the next runAll runs only what was queued after the failure: a failed runAll drops the"
                + " coroutines still queued (B must not resume)").last().isEqualTo("again");
    }

    /** Coroutines on the real 01-n1 scheduler: the reference the rules above describe. */
    static final class N1Coroutines implements Coroutines, AutoCloseable {
        private final Scheduler s = Schedulers.create("01-n1", Config.defaults());
        private final List<Runnable> queued = new ArrayList<>();
        private final AtomicInteger live = new AtomicInteger();

        @Override
        public void go(Runnable body) {
            if (G.current() == null) {
                queued.add(body);
                return;
            }
            live.incrementAndGet();
            Go.go(() -> {
                try {
                    body.run();
                } finally {
                    live.decrementAndGet();
                }
            });
        }

        @Override
        public void yield() {
            Go.yield();         // outside a goroutine: IllegalStateException
        }

        @Override
        public void runAll() {
            List<Runnable> start = List.copyOf(queued);
            queued.clear();
            live.set(0);
            s.run(() -> {
                start.forEach(this::go);
                while (live.get() > 0) {
                    Go.yield();     // main takes its turns too, logging nothing
                }
                return null;
            });
        }

        @Override
        public void close() {
            s.close();
        }
    }
}
