package gmp.solutions;

import gmp.core.exercises.Exercises;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.junit.platform.engine.DiscoverySelector;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectMethod;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

/**
 * The classic mistakes of each code exercise, planted one at a time in a copy of its solution:
 * an exercise's <em>own</em> tests (its {@code ExNM*} classes) must fail on each, and the first
 * failure must name the mistake, so a student who makes it is told what to look at. Each row:
 * the exercise, the mistake, the line of the solution it changes (and how), the exercise test
 * that catches it, and words its message must contain.
 *
 * <p>How: the solution's source is copied with the one change, compiled in memory under a
 * package of its own, and planted in place of the skeleton ({@link Exercises#plant}); the
 * exercise's test class then runs on it through the JUnit launcher, as a student would run it.
 *
 * <p>Mistakes no test here can catch reliably are listed in solutions/README.md, "Mistakes the
 * tests cannot catch", with the reason and the command that would.
 *
 * <p>One exercise's rows alone: {@code -Dgmp.mistakes=2.2} (several: {@code -Dgmp.mistakes=2.2,3.1}), e.g.
 * {@code ./mvnw -pl solutions test -Dtest=MistakesTest -Dsurefire.failIfNoSpecifiedTests=false -Dgmp.mistakes=2.2}.
 * A row whose tests run longer than {@code -Dgmp.mistakes.hangSeconds} (660) fails as a hang
 * rather than stalling the build.
 */
@Tag("mistakes")
class MistakesTest {

    /** One planted mistake. {@code tests}: a class, or {@code Class#method}, of the stage's exercise tests. */
    record Mistake(String exercise, String what, String solution, String find, String replace, String tests,
                   String messageMentions) {
        @Override
        public String toString() {
            return exercise + ": " + what;
        }
    }

    static final List<Mistake> MISTAKES = List.of(
            // ---------------------------------------------------------------- 1.1 coroutines
            new Mistake("1.1", "runAll forgets a coroutine that yielded (it is never resumed)",
                    "stage01/TinyCoroutines.java",
                    """
                            if (!c.isDone()) {
                                queue.addLast(c);         // round robin
                            }""",
                    "",
                    "gmp.stage01.Ex11TinyCoroutinesTest", "every other coroutine"),
            new Mistake("1.1", "a yielded coroutine goes to the front of the queue (LIFO, not round robin)",
                    "stage01/TinyCoroutines.java",
                    "                queue.addLast(c);         // round robin",
                    "queue.addFirst(c);",
                    "gmp.stage01.Ex11TinyCoroutinesTest", "in the order they were queued"),
            // ---------------------------------------------------------------- 2.x Go 1.0
            new Mistake("2.1", "matchmg hands out Gs without a free CPU slot (no mcpu < mcpumax)",
                    "stage02/MatchmgExercise.java",
                    "        while (globrunq().size() > 0 && mcpu < mcpumax) {",
                    "while (globrunq().size() > 0) {",
                    "gmp.stage02.Ex21GMBehaviourTest#atMostGomaxprocsGoroutinesRunAtOnce_howeverManyMsThereAre", "at most GOMAXPROCS (mcpu <= mcpumax)"),
            // ---------------------------------------------------------------- 3.x a queue per M
            new Mistake("3.1", "a thief takes the smaller half (n / 2, so a queue of one is never robbed)",
                    "stage03/RunQueueExercise.java",
                    "            batch = takeOldest(n - n / 2);",
                    "batch = takeOldest(n / 2);",
                    "gmp.stage03.Ex31RunQueueTest", "the thief takes n - n/2"),
            new Mistake("3.2", "a steal does not count the queues it looks at",
                    "stage03/StealExercise.java",
                    "            m.stats.inc(Stat.QUEUES_SCANNED);       // one per M: idle or blocked, each must be looked at",
                    "",
                    "gmp.stage03.Ex32PerMBehaviourTest#msBlockedInSyscallsPileUp_andAnMLookingForWorkScansThemAll", "a thief counts every M it looks at"),
            new Mistake("3.3", "globrunqget takes as many as fit, not Go's batch (len/GOMAXPROCS + 1, at most half a queue)",
                    "stage03/BatchesExercise.java",
                    "        int n = globrunq().batchSize(gomaxprocs(), 0, Math.min(m.runq.free(), config.runqCapacity() / 2));",
                    "int n = Math.min(globrunq().size(), m.runq.free());",
                    "gmp.stage03.Ex33PerMBehaviourTest#overflowAndRefillMoveGoroutinesInBatches_oneLockPerBatch", "never more than half the local queue per batch"),
            // ---------------------------------------------------------------- 5.x preemption
            new Mistake("5.1", "retakeRunning does not wait for a slice to start (no schedtick bookkeeping)",
                    "stage05/RetakeExercise.java",
                    """
                            if (p.sysmonSchedtick != tick) {
                                p.sysmonSchedtick = tick;                    // a new slice began since the last look
                                p.sysmonSchedwhen = now;
                                return;
                            }""",
                    "",
                    "gmp.stage04.Ex51SysmonTickTest", "the tick sysmon saw"),
            new Mistake("5.1", "the slice is measured with > instead of >=",
                    "stage05/RetakeExercise.java",
                    "        if (now - p.sysmonSchedwhen >= timeSliceNanos()) {",
                    "if (now - p.sysmonSchedwhen > timeSliceNanos()) {",
                    "gmp.stage04.Ex51SysmonTickTest", "so >=, not >"),
            new Mistake("5.3", "the budget is not reset after a poll (one poll, then none)",
                    "stage05/BackedgePollsExercise.java",
                    """
                                    poll.call(b);
                                    b.loadConstant(stride);
                                    b.istore(budget);""",
                    "poll.call(b);",
                    "gmp.stage05.Ex53StripMinedPollsTest", "at stride"),
            new Mistake("5.2", "the back-edge poll is counted but not called",
                    "stage05/BackedgePollsExercise.java",
                    """
                                    poll.call(b);
                                    counted.run();""",
                    "counted.run();",
                    "gmp.stage05.Ex52BackedgePollsTest#nestedLoopsPollOnBothBackEdges", "back-edges at stride 1"),
            // ---------------------------------------------------------------- 4.1 the ring
            new Mistake("4.1", "runqgrab claims the half with a plain release store of the head, not a CAS",
                    "stage04/RunqExercise.java",
                    """
                                if (HEAD.compareAndSet(this, h, h + n)) {
                                    return n;
                                }""",
                    """
                                HEAD.setRelease(this, h + n);
                                return n;""",
                    "gmp.stage04.Ex41RunqRaceTest", "(1) runqget and runqgrab must move runqhead with a CAS"),
            new Mistake("4.1", "runqget takes a slot with a plain release store of the head, not a CAS",
                    "stage04/RunqExercise.java",
                    """
                                if (HEAD.compareAndSet(this, h, h + 1)) {
                                    return g;                            // ...the CAS proves nobody took it meanwhile
                                }""",
                    """
                                HEAD.setRelease(this, h + 1);
                                return g;""",
                    "gmp.stage04.Ex41RunqRaceTest", "(1) runqget and runqgrab must move runqhead with a CAS"),
            new Mistake("4.1", "runqput publishes the tail before it writes the slot",
                    "stage04/RunqExercise.java",
                    """
                                runq[t & mask] = g;                  // first the slot...
                                TAIL.setRelease(this, t + 1);        // ...then the tail: whoever sees t + 1 sees the slot""",
                    """
                                TAIL.setRelease(this, t + 1);
                                runq[t & mask] = g;""",
                    "gmp.stage04.Ex41RunqRaceTest", "(2) runqput must write the slot first"),
            new Mistake("4.1", "runqsteal publishes the G it returns as well (off by one: the tail must stop one short)",
                    "stage04/RunqExercise.java",
                    "            TAIL.setRelease(this, t + n - 1);        // the others become visible, to us and to thieves",
                    "            TAIL.setRelease(this, t + n);",
                    "gmp.stage04.Ex41RunqTest", "runqsteal published the G it returns"),
            new Mistake("4.1", "runqget forgets runnext",
                    "stage04/RunqExercise.java",
                    "        G next = (G) RUNNEXT.getAndSet(this, (G) null);",
                    "        G next = null;",
                    "gmp.stage04.Ex41RunqTest", "runqget takes runnext first"),
            // ---------------------------------------------------------------- 4.2 runqputslow
            new Mistake("4.2", "runqputslow forgets g: only the half goes to the global queue",
                    "stage04/RunqExercise.java",
                    "        overflow.globrunqputbatch(batch, half + 1);",
                    "        overflow.globrunqputbatch(batch, half);",
                    "gmp.stage04.Ex42RunqOverflowTest", "half the ring plus the new G"),
            new Mistake("4.2", "runqputslow claims the half with a plain store of the head, not a CAS",
                    "stage04/RunqExercise.java",
                    """
                            if (!HEAD.compareAndSet(this, h, h + half)) {
                                return false;                            // a thief moved the head: our copy may be stale
                            }""",
                    "        HEAD.setRelease(this, h + half);",
                    "gmp.stage04.Ex42RunqStressTest", "look at runqputslow"),
            // ---------------------------------------------------------------- 4.3 findWork
            new Mistake("4.3", "no 61-tick look at the global queue (it starves behind a busy local queue)",
                    "stage04/FindRunnableExercise.java",
                    "        if (w.schedtick() % GLOBAL_QUEUE_EVERY == 0 && w.globrunqsize() > 0) {",
                    "        if (false) {",
                    "gmp.stage04.Ex43FindWorkOrderTest", "every 61st schedtick"),
            new Mistake("4.3", "the global queue before the local one",
                    "stage04/FindRunnableExercise.java",
                    """
                            if (g == null) {
                                g = w.runqget();
                            }
                            if (g == null && w.globrunqsize() > 0) {
                                g = w.globrunqget(0);
                            }""",
                    """
                            if (g == null && w.globrunqsize() > 0) {
                                g = w.globrunqget(0);
                            }
                            if (g == null) {
                                g = w.runqget();
                            }""",
                    "gmp.stage04.Ex43FindWorkOrderTest", "global queue before the local one"),
            new Mistake("4.3", "stealing without counting itself as spinning first",
                    "stage04/FindRunnableExercise.java",
                    """
                                if (!w.spinning()) {
                                    w.startSpinning();                       // count ourselves before stealing: others read it
                                }""",
                    "",
                    "gmp.stage04.Ex43FindWorkOrderTest", "stealWork called by an M that is not spinning"),
            // ---------------------------------------------------------------- 4.4 handoffp
            new Mistake("4.4", "pidleput without sched.lock",
                    "stage04/HandoffpExercise.java",
                    """
                            boolean work;
                            schedLock().lock();
                            try {
                                work = globrunqsize() > 0;                   // under the lock no G can slip in unseen
                                if (!work) {
                                    pidleput(p);
                                }
                            } finally {
                                schedLock().unlock();
                            }""",
                    """
                            boolean work = globrunqsize() > 0;
                            if (!work) {
                                pidleput(p);
                            }""",
                    "gmp.stage04.Ex44SeedScenariosTest", "pidleput: sched.lock not held"),
            new Mistake("4.4", "a P with Gs in its local queue goes idle",
                    "stage04/HandoffpExercise.java",
                    "        if (!p.runq.runqempty() || globrunqsize() > 0) {",
                    "        if (globrunqsize() > 0) {",
                    "gmp.stage04.Ex44SeedScenariosTest", "pidleput: P has non-empty run queue"),
            new Mistake("4.4", "startm while holding sched.lock",
                    "stage04/HandoffpExercise.java",
                    """
                            if (!p.runq.runqempty() || globrunqsize() > 0) {
                                startm(p, false);
                                return;
                            }""",
                    """
                    schedLock().lock();
                    try {
                        if (!p.runq.runqempty() || globrunqsize() > 0) {
                            startm(p, false);
                            return;
                        }
                    } finally {
                        schedLock().unlock();
                    }""",
                    "gmp.stage04.Ex44SeedScenariosTest", "startm: called holding sched.lock"),
            // ---------------------------------------------------------------- more, one exercise after another
            new Mistake("1.1", "an exception from a coroutine is swallowed: runAll goes on with the others",
                    "stage01/TinyCoroutines.java",
                    """
                            } catch (RuntimeException | Error e) {
                                queue.clear();
                                throw e;
                            }""",
                    """
                    } catch (RuntimeException | Error e) {
                        continue;
                    }""",
                    "gmp.stage01.Ex11TinyCoroutinesTest", "runAll rethrows it, it does not swallow it"),
            new Mistake("1.1", "a runAll that failed leaves the other coroutines queued (they resume in the next runAll)",
                    "stage01/TinyCoroutines.java",
                    """
                                queue.clear();
                                throw e;""",
                    "throw e;",
                    "gmp.stage01.Ex11TinyCoroutinesTest", "a failed runAll drops the coroutines still queued"),
            new Mistake("1.2", "threadMain goes on after its goroutine died (no return at DEAD)",
                    "stage01/ThreadPerGoroutineExercise.java",
                    """
                                case DEAD -> {
                                    return;
                                }""",
                    """
                    case DEAD -> {
                    }""",
                    "gmp.stage01.Ex12ThreadsBehaviourTest#threads_eachGoroutineCostsOneThread", "scheduling loop threw java.lang.IllegalStateException: Continuation terminated"),
            new Mistake("1.3", "a new syscall thread for every call (the idle ones are never reused)",
                    "stage01/SyscallThreadsExercise.java",
                    "        SyscallThread t = idle.poll();",
                    "SyscallThread t = null;",
                    "gmp.stage01.Ex13SyscallThreadsTest#syscallThreadsAreReused", "a thread per call would cost 100"),
            new Mistake("1.3", "a syscall thread never goes back on the idle list",
                    "stage01/SyscallThreadsExercise.java",
                    "        idle.add((SyscallThread) M.current());",
                    "",
                    "gmp.stage01.Ex13SyscallThreadsTest#syscallThreadsAreReused", "a thread per call would cost 100"),
            new Mistake("1.3", "shutdown does not wake the parked syscall threads",
                    "stage01/SyscallThreadsExercise.java",
                    """
                            for (SyscallThread t : all) {
                                LockSupport.unpark(t.thread());
                            }""",
                    "",
                    "gmp.stage01.Ex13SyscallThreadsTest#syscallThreadsAreReused", "did not stop"),
            new Mistake("2.1", "matchmg does not count the slot it hands out (no mcpu++)",
                    "stage02/MatchmgExercise.java",
                    "            mcpu++;",
                    "",
                    "gmp.stage02.Ex21GMBehaviourTest#atMostGomaxprocsGoroutinesRunAtOnce_howeverManyMsThereAre", "at most GOMAXPROCS (mcpu <= mcpumax)"),
            new Mistake("2.1", "matchmg always makes a new M (never mget's an idle one)",
                    "stage02/MatchmgExercise.java",
                    "            GM mp = mget();",
                    "GM mp = null;",
                    "gmp.stage02.Ex21GMBehaviourTest#anIdleMIsReused_goroutinesStartedOneAtATimeCostOneThreadBesidesMain", "not a new M per goroutine"),
            new Mistake("2.1", "the slot check is off by one (mcpu <= mcpumax lets one G too many run)",
                    "stage02/MatchmgExercise.java",
                    "        while (globrunq().size() > 0 && mcpu < mcpumax) {",
                    "while (globrunq().size() > 0 && mcpu <= mcpumax) {",
                    "gmp.stage02.Ex21GMBehaviourTest#atMostGomaxprocsGoroutinesRunAtOnce_howeverManyMsThereAre", "at most GOMAXPROCS (mcpu <= mcpumax)"),
            new Mistake("2.3", "entersyscall gives back the slot but leaves holdsCpu set",
                    "stage02/SyscallExercise.java",
                    "            gm.holdsCpu = false;",
                    "",
                    "gmp.stage02.Ex23GMBehaviourTest#atMostGomaxprocsGoroutinesRunAtOnce_howeverManyMsThereAre", "at most GOMAXPROCS (mcpu <= mcpumax)"),
            new Mistake("2.2", "nextgandunlock takes a G from the queue without counting its slot (no mcpu++)",
                    "stage02/NextgExercise.java",
                    """
                                if (globrunq().size() > 0 && mcpu < mcpumax) {
                                    mcpu++;""",
                    "if (globrunq().size() > 0 && mcpu < mcpumax) {",
                    "gmp.stage02.Ex22GMBehaviourTest#atMostGomaxprocsGoroutinesRunAtOnce_howeverManyMsThereAre", "at most GOMAXPROCS (mcpu <= mcpumax)"),
            new Mistake("2.2", "an M parks without putting itself on the idle list (no mput)",
                    "stage02/NextgExercise.java",
                    "                mput(m);",
                    "",
                    "gmp.stage02.Ex22GMBehaviourTest#anIdleMIsReused_goroutinesStartedOneAtATimeCostOneThreadBesidesMain", "an M with nothing to run goes on the idle list, mput"),
            new Mistake("3.1", "put does not refuse when the queue is full",
                    "stage03/RunQueueExercise.java",
                    """
                                if (tail - head == ring.length) {
                                    return false;
                                }""",
                    "",
                    "gmp.stage03.Ex31RunQueueTest", "the queue is bounded: put says no"),
            new Mistake("3.1", "put does not update the size that get reads without the lock",
                    "stage03/RunQueueExercise.java",
                    """
                                ring[(int) (tail++ & mask)] = g;
                                size = (int) (tail - head);""",
                    "ring[(int) (tail++ & mask)] = g;",
                    "gmp.stage03.Ex31RunQueueTest", "each put updates the size"),
            new Mistake("3.1", "get takes without the lock",
                    "stage03/RunQueueExercise.java",
                    """
                            lock.lock();
                            try {
                                return head == tail ? null : takeOldest();
                            } finally {
                                lock.unlock();
                            }""",
                    "return head == tail ? null : takeOldest();",
                    "gmp.stage03.Ex31RunQueueTest#anOwnerAndTwoThieves_neverLoseOrDuplicateAGoroutine", "outside this queue's lock"),
            new Mistake("3.2", "a steal does not count the Gs it took",
                    "stage03/StealExercise.java",
                    "                m.stats.add(Stat.GOROUTINES_STOLEN, got);",
                    "",
                    "gmp.stage03.Ex32PerMBehaviourTest#withTheCreatorBusy_idleMsStealHalfAtATime", "a steal counts the Gs it took"),
            new Mistake("3.2", "a thief gives up after the first victim",
                    "stage03/StealExercise.java",
                    """
                                    return m.runq.get();
                                }""",
                    """
                        return m.runq.get();
                    }
                    return null;""",
                    "gmp.stage03.Ex32PerMBehaviourTest#msBlockedInSyscallsPileUp_andAnMLookingForWorkScansThemAll", "one fruitless attempt looks at all"),
            new Mistake("3.3", "an overflow takes the global lock once per G, not once per batch",
                    "stage03/BatchesExercise.java",
                    """
                            schedLock().lock();
                            try {
                                for (G old : half) {
                                    globrunq().put(old);
                                }
                                globrunq().put(g);
                            } finally {
                                schedLock().unlock();
                            }""",
                    """
                    for (G old : half) {
                        schedLock().lock();
                        try {
                            globrunq().put(old);
                        } finally {
                            schedLock().unlock();
                        }
                    }
                    schedLock().lock();
                    try {
                        globrunq().put(g);
                    } finally {
                        schedLock().unlock();
                    }""",
                    "gmp.stage03.Ex33PerMBehaviourTest#overflowAndRefillMoveGoroutinesInBatches_oneLockPerBatch", "under one lock acquisition (not one per G)"),
            new Mistake("3.3", "globrunqget queues n Gs besides the one it returns (n + 1 in all)",
                    "stage03/BatchesExercise.java",
                    "        for (int k = 1; k < n; k++) {",
                    "for (int k = 0; k < n && globrunq().size() > 0; k++) {",
                    "gmp.stage03.Ex33PerMBehaviourTest#overflowAndRefillMoveGoroutinesInBatches_oneLockPerBatch", "never more than half the local queue per batch"),
            new Mistake("4.2", "runqputslow sends the newest half, not the oldest",
                    "stage04/RunqExercise.java",
                    "            batch[i] = runq[(h + i) & mask];        // copy before claiming: after the CAS they are not ours",
                    "            batch[i] = runq[(t - half + i) & mask];",
                    "gmp.stage04.Ex42RunqOverflowTest", "the first batch: the 4 oldest"),
            new Mistake("5.1", "a new slice's start time is not recorded (only the tick)",
                    "stage05/RetakeExercise.java",
                    "            p.sysmonSchedwhen = now;",
                    "",
                    "gmp.stage04.Ex51SysmonTickTest", "when the slice started, for sysmon"),
            new Mistake("5.2", "the poll is placed after the backward jump, not before it",
                    "stage05/BackedgePollsExercise.java",
                    """
                                if (back) {
                                    beforeBackwardJump(b);
                                }
                                b.with(e);""",
                    """
                    b.with(e);
                    if (back) {
                        beforeBackwardJump(b);
                    }""",
                    "gmp.stage05.Ex52BackedgePollsTest#nestedLoopsPollOnBothBackEdges", "before the jump, not after it"),
            new Mistake("5.2", "a poll before every jump, forward ones too",
                    "stage05/BackedgePollsExercise.java",
                    "                case BranchInstruction br -> passed.contains(br.target());",
                    "                case BranchInstruction br -> true;",
                    "gmp.stage05.Ex52BackedgePollsTest", "none before a forward jump"),
            new Mistake("5.3", "the budget test is ifge, not ifgt (a poll every stride + 1 back-edges)",
                    "stage05/BackedgePollsExercise.java",
                    "                b.ifgt(skip);",
                    "                b.ifge(skip);",
                    "gmp.stage05.Ex53StripMinedPollsTest", "at stride 16"),
            new Mistake("5.3", "the budget starts at 0, not at stride (a poll at the first back-edge)",
                    "stage05/BackedgePollsExercise.java",
                    """
                                budget = b.allocateLocal(TypeKind.INT);
                                b.loadConstant(stride);
                                b.istore(budget);""",
                    """
                    budget = b.allocateLocal(TypeKind.INT);
                    b.loadConstant(0);
                    b.istore(budget);""",
                    "gmp.stage05.Ex53StripMinedPollsTest", "at stride 16"));

    @TestFactory
    Stream<DynamicTest> everyPlantedMistakeFailsItsOwnExercise_withAMessageThatNamesIt() {
        assertThat(Exercises.solutions()).as("runs with -D%s=solutions", Exercises.PROPERTY).isTrue();
        Set<String> only = only();
        List<Mistake> chosen = MISTAKES.stream().filter(m -> only.isEmpty() || only.contains(m.exercise())).toList();
        assertThat(chosen).as("rows of -D%s=%s (exercise numbers such as 2.2, comma-separated)", ONLY, only).isNotEmpty();
        return chosen.stream().map(m -> DynamicTest.dynamicTest(m.toString(), () -> check(m)));
    }

    /** {@code -Dgmp.mistakes=2.2,3.1}: only those exercises' rows. */
    static final String ONLY = "gmp.mistakes";

    private static Set<String> only() {
        String p = System.getProperty(ONLY, "").strip();
        return p.isEmpty() ? Set.of()
                : Arrays.stream(p.split(",")).map(String::strip).filter(x -> !x.isEmpty()).collect(Collectors.toSet());
    }

    /**
     * How long one run of a row's tests may take before the row fails as a hang: by default a
     * little over {@code @Exercise}'s ten-minute bound, so it changes nothing for a row whose tests
     * end; lower it ({@code -Dgmp.mistakes.hangSeconds=120}) when trying out a new row that might hang.
     */
    static final Duration HANG = Duration.ofSeconds(Long.getLong("gmp.mistakes.hangSeconds", 660));

    private static void check(Mistake m) throws Exception {
        Path source = Path.of("src/main/java/gmp/solutions").resolve(m.solution());
        String original = Files.readString(source);
        String simpleName = source.getFileName().toString().replace(".java", "");
        String pkg = "gmp.mistakes.m" + Integer.toUnsignedString(m.what().hashCode());
        String planted = plant(original, m.find(), m.replace(), source)
                .replaceFirst("(?m)^package gmp\\.solutions\\.stage0\\d;", "package " + pkg + ";");
        Class<?> impl = compile(pkg + "." + simpleName, planted);
        Class<?> skeleton = Class.forName(source.getParent().getFileName().toString()
                .replace("stage", "gmp.stage") + ".exercises." + simpleName);
        List<String> failures = List.of();
        long t0 = System.nanoTime();
        AutoCloseable planting = Exercises.plant(skeleton, impl);
        try {
            // a race needs the threads to meet: a busy machine may need a second or third run
            for (int attempt = 1; attempt <= 3 && failures.isEmpty(); attempt++) {
                failures = run(m.tests());
            }
        } finally {
            planting.close();
        }
        assertThat(failures).as("%s: the exercise's own tests (%s) must fail on it", m, m.tests()).isNotEmpty();
        String said = String.join("\n", failures);
        System.out.println("MistakesTest " + m + " (" + (System.nanoTime() - t0) / 1_000_000 + " ms) -> " + failures.size() + " failing test(s), first: "
                + said.lines().limit(4).reduce((a, b) -> a + " | " + b).orElse(""));
        assertThat(said).as("%s: what the failures say", m).contains(m.messageMentions());
    }

    /**
     * {@code original} with the lines {@code find} (compared without their indentation, and
     * found exactly once) replaced by {@code replace}, indented as the first line found was.
     */
    static String plant(String original, String find, String replace, Path source) {
        List<String> lines = original.lines().toList();
        List<String> wanted = find.strip().lines().map(MistakesTest::code).toList();
        List<Integer> at = new ArrayList<>();
        for (int i = 0; i + wanted.size() <= lines.size(); i++) {
            boolean match = true;
            for (int j = 0; j < wanted.size() && match; j++) {
                match = code(lines.get(i + j)).equals(wanted.get(j));
            }
            if (match) {
                at.add(i);
            }
        }
        assertThat(at).as("the line(s) to change, once in %s:%n%s", source, find).hasSize(1);
        int i = at.get(0);
        String line = lines.get(i);
        String indent = line.substring(0, line.length() - line.stripLeading().length());
        List<String> out = new ArrayList<>(lines.subList(0, i));
        replace.lines().forEach(r -> out.add(indent + r));
        out.addAll(lines.subList(i + wanted.size(), lines.size()));
        return String.join("\n", out) + "\n";
    }

    /** A line without its indentation and its trailing comment. */
    private static String code(String line) {
        return line.replaceFirst("\\s*//.*$", "").strip();
    }

    /** Runs an exercise test class (or one method) and returns each failure's message. */
    private static List<String> run(String tests) throws InterruptedException {
        Launcher launcher = LauncherFactory.create();
        DiscoverySelector selector = tests.contains("#") ? selectMethod(tests) : selectClass(tests);
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        Thread runner = Thread.ofPlatform().name("mistakes-" + tests).daemon().start(() ->
                launcher.execute(request().selectors(selector).build(), new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                            failures.add(id.getDisplayName() + ": " + result.getThrowable().map(Throwable::toString).orElse("?"));
                        }
                    }
                }));
        if (!runner.join(HANG)) {
            runner.interrupt();
            throw new AssertionError(tests + " did not finish within " + HANG.toSeconds() + " s: the planted mistake hangs"
                    + " them, and no test bounds the hang; failures so far: " + failures);
        }
        return new ArrayList<>(failures);
    }

    /** Compiles one source file in memory against the test class path, and loads it in a loader of its own. */
    private static Class<?> compile(String className, String source) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        Map<String, ByteArrayOutputStream> classes = new HashMap<>();
        StandardJavaFileManager std = javac.getStandardFileManager(diagnostics, null, null);
        ForwardingJavaFileManager<StandardJavaFileManager> files = new ForwardingJavaFileManager<>(std) {
            @Override
            public JavaFileObject getJavaFileForOutput(Location location, String name, JavaFileObject.Kind kind, FileObject sibling) {
                return new SimpleJavaFileObject(URI.create("mem:///" + name.replace('.', '/') + kind.extension), kind) {
                    @Override
                    public OutputStream openOutputStream() {
                        return classes.computeIfAbsent(name, k -> new ByteArrayOutputStream());
                    }
                };
            }
        };
        JavaFileObject unit = new SimpleJavaFileObject(URI.create("string:///" + className.replace('.', '/') + ".java"),
                JavaFileObject.Kind.SOURCE) {
            @Override
            public CharSequence getCharContent(boolean ignoreEncodingErrors) {
                return source;
            }
        };
        List<String> options = List.of("-classpath", System.getProperty("java.class.path"), "-proc:none",
                "--add-exports", "java.base/jdk.internal.vm=ALL-UNNAMED");
        boolean ok = javac.getTask(null, files, diagnostics, options, null, List.of(unit)).call();
        assertThat(ok).as("the planted copy compiles: %s", diagnostics.getDiagnostics()).isTrue();
        ClassLoader loader = new ClassLoader(MistakesTest.class.getClassLoader()) {
            @Override
            protected Class<?> findClass(String name) throws ClassNotFoundException {
                ByteArrayOutputStream bytes = classes.get(name);
                if (bytes == null) {
                    throw new ClassNotFoundException(name);
                }
                byte[] b = bytes.toByteArray();
                return defineClass(name, b, 0, b.length);
            }
        };
        return loader.loadClass(className);
    }
}
