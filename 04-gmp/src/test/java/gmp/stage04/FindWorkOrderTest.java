package gmp.stage04;

import gmp.core.Config;
import gmp.core.spi.G;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order of {@link GMPScheduler#findWork}, Go 1.19's {@code findRunnable} before it gives up,
 * on scripted sources: each source holds a G or nothing, and each test sets up one situation
 * and says what must come out, and what must not be touched. The reference here; the learner's
 * {@code findWork} in exercise 4.3 ({@code Ex43FindWorkOrderTest}).
 */
class FindWorkOrderTest {

    /** The scheduler whose findWork is tested (its own threads never start here). */
    protected GMPScheduler scheduler(Config config) {
        return new GMPScheduler(config);
    }

    private GMPScheduler s;
    private final G timerG = G.detached(100);
    private final G globalG = G.detached(200);
    private final G localG = G.detached(300);
    private final G polledG = G.detached(400);
    private final G stolenG = G.detached(500);

    @BeforeEach
    void create() {
        s = scheduler(Config.defaults().procs(4).validate());
    }

    @AfterEach
    void close() {
        s.close();
    }

    /** Sources scripted by the test; each records that it was used. */
    static final class Script implements WorkSources {
        int schedtick = 1;
        G timer;                      // a timer due now: checkTimers puts its G into runnext
        final List<G> local = new ArrayList<>();
        final List<G> global = new ArrayList<>();
        G polled;
        G stealable;
        boolean spinning;
        int nmspinning;
        int npidle;
        int gomaxprocs = 4;
        final List<String> used = new ArrayList<>();

        @Override
        public void checkTimers() {
            used.add("checkTimers");
            if (timer != null) {
                local.addFirst(timer);      // into runnext: ahead of the ring
                timer = null;
            }
        }

        @Override
        public int schedtick() {
            return schedtick;
        }

        @Override
        public int globrunqsize() {
            return global.size();
        }

        @Override
        public G globrunqget(int max) {
            used.add("globrunqget(" + max + ")");
            return global.isEmpty() ? null : global.removeFirst();
        }

        @Override
        public G runqget() {
            used.add("runqget");
            return local.isEmpty() ? null : local.removeFirst();
        }

        @Override
        public G netpoll() {
            used.add("netpoll");
            G g = polled;
            polled = null;
            return g;
        }

        @Override
        public boolean spinning() {
            return spinning;
        }

        @Override
        public int nmspinning() {
            return nmspinning;
        }

        @Override
        public int npidle() {
            return npidle;
        }

        @Override
        public int gomaxprocs() {
            return gomaxprocs;
        }

        @Override
        public void startSpinning() {
            used.add("startSpinning");
            if (spinning) {
                throw new AssertionError("startSpinning called on an M that was already spinning: nmspinning would count it twice");
            }
            spinning = true;
            nmspinning++;
        }

        @Override
        public G stealWork() {
            used.add("stealWork");
            if (!spinning) {
                throw new AssertionError("stealWork called by an M that is not spinning: call startSpinning first"
                        + " (a thief counts in nmspinning, which is how others know someone is looking)");
            }
            G g = stealable;
            stealable = null;
            return g;
        }
    }

    private G find(Script w) {
        return s.findWork(w);
    }

    @Test
    @DisplayName("timers first: a sleeper whose timer is due runs before the queued goroutines")
    void dueTimersRunFirst_theirGoroutineComesOutOfRunnext() {
        Script w = new Script();
        w.timer = timerG;
        w.local.add(localG);
        assertThat(find(w)).as("checkTimers readies the sleeper into runnext, ahead of the ring").isSameAs(timerG);
        assertThat(w.used.getFirst()).as("the first thing findRunnable does").isEqualTo("checkTimers");
    }

    @Test
    @DisplayName("the local queue comes before the global one")
    void localBeforeGlobal() {
        Script w = new Script();
        w.schedtick = 5;
        w.local.add(localG);
        w.global.add(globalG);
        assertThat(find(w)).isSameAs(localG);
        assertThat(w.used).as("the global queue costs sched.lock: not touched while there is local work")
                .doesNotContain("globrunqget(0)", "globrunqget(1)");
    }

    @Test
    @DisplayName("every 61st schedtick, one goroutine from the global queue first (fairness)")
    void everySixtyFirstTick_oneGoroutineFromTheGlobalQueueFirst() {
        for (int tick : new int[] {0, 61, 122, 6100}) {
            Script w = new Script();
            w.schedtick = tick;
            w.local.add(localG);
            w.global.add(globalG);
            assertThat(find(w)).as("at schedtick %d the global queue goes first, or a busy P starves it", tick)
                    .isSameAs(globalG);
            assertThat(w.used).as("only one G (max 1): the local queue has work, a batch would only move it around")
                    .contains("globrunqget(1)").doesNotContain("globrunqget(0)");
        }
    }

    @Test
    @DisplayName("the 61-tick check reads the global queue's size first and takes no lock when it is empty")
    void theFairnessCheckSkipsAnEmptyGlobalQueue() {
        Script w = new Script();
        w.schedtick = 61;
        w.local.add(localG);
        assertThat(find(w)).isSameAs(localG);
        assertThat(w.used).as("globrunqsize() is a free hint; globrunqget takes sched.lock").doesNotContain("globrunqget(1)");
    }

    @Test
    @DisplayName("other ticks do not look at the global queue before the local one")
    void otherTicksGoLocalFirst() {
        for (int tick : new int[] {1, 60, 62, 121}) {
            Script w = new Script();
            w.schedtick = tick;
            w.local.add(localG);
            w.global.add(globalG);
            assertThat(find(w)).as("schedtick %d", tick).isSameAs(localG);
        }
    }

    @Test
    @DisplayName("an empty local queue takes a batch from the global queue")
    void emptyLocal_aGlobalBatch() {
        Script w = new Script();
        w.global.add(globalG);
        assertThat(find(w)).isSameAs(globalG);
        assertThat(w.used).as("a fair batch (max 0): the rest land on this P's ring for the next schedules")
                .contains("globrunqget(0)");
    }

    @Test
    @DisplayName("with both queues empty, the network poller before stealing")
    void emptyQueues_netpollBeforeStealing() {
        Script w = new Script();
        w.polled = polledG;
        w.stealable = stolenG;
        assertThat(find(w)).isSameAs(polledG);
        assertThat(w.used).as("goroutines whose sockets are ready are cheaper to find than another P's")
                .doesNotContain("stealWork");
    }

    @Test
    @DisplayName("then steal, starting to spin first, when spinning Ms are fewer than half the busy Ps")
    void nothingLocal_stealsAsANewSpinner() {
        Script w = new Script();
        w.nmspinning = 1;     // busy Ps: 4 - 1 idle = 3; 2 * 1 < 3: one more spinner is allowed
        w.npidle = 1;
        w.stealable = stolenG;
        assertThat(find(w)).isSameAs(stolenG);
        assertThat(w.used).containsSubsequence("startSpinning", "stealWork");
    }

    @Test
    @DisplayName("an M already spinning steals without counting itself again")
    void aSpinningMStealsWithoutStartingAgain() {
        Script w = new Script();
        w.spinning = true;
        w.nmspinning = 3;
        w.stealable = stolenG;
        assertThat(find(w)).isSameAs(stolenG);
        assertThat(w.used).doesNotContain("startSpinning");
    }

    @Test
    @DisplayName("no stealing once spinning Ms are half the busy Ps: the M gives up instead")
    void tooManySpinners_noStealing() {
        Script w = new Script();
        w.nmspinning = 2;     // busy Ps: 4 - 1 idle = 3; 2 * 2 >= 3: enough Ms are looking already
        w.npidle = 1;
        w.stealable = stolenG;
        assertThat(find(w)).as("null: the caller gives up its P").isNull();
        assertThat(w.used).as("a 2*nmspinning >= busy Ps M must not spin: it would burn a CPU for nothing")
                .doesNotContain("startSpinning", "stealWork");
    }

    @Test
    @DisplayName("nothing anywhere: null, after looking everywhere allowed")
    void nothingAnywhere_null() {
        Script w = new Script();
        assertThat(find(w)).isNull();
        assertThat(w.used).as("every source, in Go's order")
                .containsSubsequence("checkTimers", "runqget", "netpoll", "stealWork");
    }
}
