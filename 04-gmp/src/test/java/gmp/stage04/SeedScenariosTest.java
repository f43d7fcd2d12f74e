package gmp.stage04;

import gmp.core.Config;
import gmp.core.Stat;
import gmp.core.spi.G;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.TimeUnit;

import static gmp.stage04.PaperMs.allm;
import static gmp.stage04.PaperMs.globalQueue;
import static gmp.stage04.PaperMs.idlePs;
import static gmp.stage04.PaperMs.p;
import static gmp.stage04.PaperMs.paperGo;
import static gmp.stage04.PaperMs.paperM;
import static gmp.stage04.PaperMs.paperStop;
import static gmp.stage04.PaperMs.paperWake;
import static gmp.stage04.PaperMs.retake;
import static gmp.stage04.PaperMs.scheduleOne;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ten scheduling scenarios of the seed article ("the whole process of Go's scheduling
 * scenes", seed 000 in docs/sources.md), replayed step by step on the real 04-gmp code
 * with GOMAXPROCS 4 and 4-slot local queues, as the article draws them.
 *
 * <p>How: the scheduler is built with "paper" Ms ({@link PaperMs#paper}), Ms whose threads
 * never start. The test plays each M in turn, calling the same methods the M's loop calls
 * ({@code scheduleOne} = Go's schedule up to execute, {@code entersyscall}, sysmon's
 * {@code retake}...). Gs are identities only ({@code G.detached}); "G2 creates G3" is what
 * {@code newproc} does on G2's M. So the replay is deterministic, and every assertion is a
 * queue's contents.
 *
 * <p>Where the article and Go 1.19 differ, the test asserts Go and says so ("Seed vs Go"):
 * <ol>
 *   <li>A new G goes to the P's {@code runnext} slot, not the tail of its queue; the G that was
 *       there is kicked to the tail. So the queue holds one G more before it overflows.</li>
 *   <li>Overflow keeps the order of the moved Gs (Go shuffles them only under the race
 *       detector), and happens one {@code go} later than the article says.</li>
 *   <li>A fresh P's first schedule takes exactly one G from the global queue (schedtick 0 is
 *       a multiple of 61); later ones take {@code min(len, len/GOMAXPROCS + 1, cap/2)}.</li>
 *   <li>Thieves take the older half from the head of the victim's queue, not from its tail;
 *       runnext is stolen only on the last of 4 rounds, after a short pause.</li>
 *   <li>A spinning M that finds nothing does not spin on: it gives up its P and sleeps on the
 *       idle M list (kept, not destroyed) until {@code wakep} needs it; at most one M is woken
 *       to spin at a time, and an M starts spinning only while spinning Ms are fewer than half
 *       the busy Ps.</li>
 *   <li>A blocking syscall does not hand the P to another M at once: the M lets go of it but
 *       remembers it ({@code oldp}), the P stays marked SYSCALL so no other M takes it, and
 *       sysmon retakes it after at least one look (20 us to 10 ms); an empty P is left alone for
 *       up to 10 ms while other Ps are idle; a syscall that returns first takes its P straight
 *       back (the fast path).</li>
 * </ol>
 * Scenario numbers and G/M/P names follow the article (P1 is {@code allp[0]}).
 */
class SeedScenariosTest {

    private GMPScheduler s;
    private P p1, p2, p3, p4;
    private GmpM m1, m2, m3, m4;
    private final G[] g = new G[13];
    /** Every step's state, for the scenario pictures ({@link ScenarioPage}); it only reads. */
    final ScenarioRecorder recorder = new ScenarioRecorder();

    /** The scheduler on paper: 04-gmp here, with the learner's ring (4.2) or handoffp (4.4) in the exercises. */
    protected GMPScheduler paper(Config config) {
        return PaperMs.paper(config);
    }

    @BeforeEach
    void setUp() {
        s = paper(Config.defaults().procs(4).runqCapacity(4));
        p1 = p(s, 0);
        p2 = p(s, 1);
        p3 = p(s, 2);
        p4 = p(s, 3);
        for (int i = 1; i < g.length; i++) {
            g[i] = G.detached(i);
        }
        // M1 holds P1 and runs G1.
        m1 = paperM(s);
        p1.runq.runqput(g[1], false, s);
        assertThat(scheduleOne(s, m1)).isSameAs(g[1]);
        recorder.running(m1, g[1]);
        recorder.record(s, "M1 holds P1 and runs G1; the other Ps are idle and no other M exists yet.",
                "M1 绑定 P1，正在运行 G1；其他 P 都空闲，还没有别的 M。");
    }

    @AfterEach
    void tearDown() {
        s.close();
    }

    private static List<String> names(List<G> gs) {
        return gs.stream().map(x -> "G" + x.goid).toList();
    }

    private static String name(G x) {
        return x == null ? null : "G" + x.goid;
    }

    private String name(GmpM m) {
        return "M" + (allm(s).indexOf(m) + 1);
    }

    // ---------------------------------------------------------------- one step each, recorded

    /** G{@code creator}, running on {@code m}, runs {@code go G{child}()}. */
    private void go(GmpM m, int creator, int child) {
        paperGo(s, m, g[child]);
        recorder.record(s, (b, a, moves) -> ScenarioCaptions.go("G" + creator, "G" + child, name(m), b, a, moves));
    }

    /** One pass of {@code m}'s schedule (the G it ran before is finished); what it will run, or null. */
    private G schedule(GmpM m) {
        G got = scheduleOne(s, m);
        recorder.running(m, got);
        recorder.record(s, (b, a, moves) -> ScenarioCaptions.schedule(name(m), name(got), b, a, moves));
        return got;
    }

    /** A woken M's thread gets going with the P it was handed (by wakep, spinning, or by handoffp). */
    private void wake(GmpM m) {
        String p = "P" + (m.nextp().id + 1);
        paperWake(m);
        if (m.spinning()) {
            recorder.record(s, name(m) + "'s thread runs at last: it acquires " + p + ", the P wakep handed it, and spins (a P, no G yet).",
                    name(m) + " 的线程终于运行：它拿到 wakep 交给它的 " + p + "，开始自旋（有 P，还没有 G）。");
        } else {
            recorder.record(s, name(m) + "'s thread runs at last: it acquires " + p + ", the P handoffp started it for (not spinning: " + p + " has work).",
                    name(m) + " 的线程终于运行：它拿到 handoffp 为之启动它的 " + p + "（不自旋：" + p + " 上有活）。");
        }
    }

    /** An M that found nothing sleeps on the idle M list. */
    private void stop(GmpM m) {
        paperStop(s, m);
        recorder.record(s, name(m) + " sleeps on the idle M list: kept for reuse, not destroyed.",
                name(m) + " 在空闲 M 列表上休眠：留着复用，而不是销毁。");
    }

    private void syscall(GmpM m, int gi, String en, String zh) {
        s.entersyscall(g[gi], m);
        recorder.record(s, en, zh);
    }

    private void exitsyscall(GmpM m, int gi, String en, String zh) {
        s.exitsyscall(g[gi], m);
        recorder.record(s, en, zh);
    }

    private void sysmonLooks(long now, String en, String zh) {
        retake(s, now);
        recorder.record(s, en, zh);
    }

    // ---------------------------------------------------------------- the story, step by step

    private void scenario1() {
        recorder.scene(1);
        go(m1, 1, 2);
        m2 = allm(s).get(1);
    }

    private void scenario2() {
        scenario1();
        recorder.scene(2);
        assertThat(schedule(m1)).isSameAs(g[2]);           // G1 exits; M1's g0 schedules G2
    }

    private void scenario3() {
        scenario2();
        recorder.scene(3);
        for (int i = 3; i <= 6; i++) {
            go(m1, 2, i);                     // G2: go G3() ... go G6()
        }
    }

    private void scenario4() {
        scenario3();
        recorder.scene(4);
        go(m1, 2, 7);
    }

    private void scenario5() {
        scenario4();
        recorder.scene(5);
        go(m1, 2, 8);
    }

    private void scenario6() {
        scenario5();
        recorder.scene(6);
        wake(m2);                          // M2, woken spinning, acquires P2
    }

    private G scenario7() {
        scenario6();
        recorder.scene(7);
        return schedule(m2);
    }

    private G scenario8() {
        scenario7();                         // M2 runs G3, then G4 and G7 from the global queue
        recorder.scene(8);
        assertThat(schedule(m2)).isSameAs(g[4]);
        assertThat(schedule(m2)).isSameAs(g[7]);
        m3 = allm(s).get(2);
        return schedule(m2);                  // nothing left but P1's queue: steal
    }

    private void scenario9Steals() {
        scenario8();
        recorder.scene(9);
        wake(m3);
        assertThat(schedule(m3)).as("M3 steals from P1").isSameAs(g[6]);
        m4 = allm(s).get(3);
        wake(m4);
        assertThat(schedule(m4)).as("M4 steals P1's runnext on its last round").isSameAs(g[8]);
    }

    // ---------------------------------------------------------------- the scenarios

    @Test
    @DisplayName("1: G1 creates G2, which goes to G1's own P")
    void scenario1_newGoroutineGoesToTheCreatorsP() {
        scenario1();
        // Seed vs Go: G2 goes to P1's runnext slot (it will run next), not the queue's tail.
        assertThat(name(p1.runq.runnextPeek())).isEqualTo("G2");
        assertThat(p1.runq.runqSnapshot()).isEmpty();
        // Go also wakes an idle P at once (wakep): M2 is started spinning with P2. The article
        // tells this in scenario 6; here M2's thread simply has not run yet.
        assertThat(s.nmspinning()).isEqualTo(1);
        assertThat(m2.nextp()).isSameAs(p2);
    }

    @Test
    @DisplayName("2: G1 exits; M1 switches to g0, schedules G2 from its own P")
    void scenario2_afterGoexitTheSameMRunsTheNextG() {
        scenario2();
        assertThat(m1.inheritTime).as("G2 came from runnext: it inherits G1's time slice").isTrue();
        assertThat(p1.schedtick).as("so the schedtick does not move").isEqualTo(1);
        assertThat(p1.runq.runnextPeek()).isNull();
        assertThat(m1.p()).as("M1 is reused, with its P").isSameAs(p1);
    }

    @Test
    @DisplayName("3: G2 creates G3..G6; the 4-slot queue fills")
    void scenario3_theLocalQueueFills() {
        scenario3();
        // Seed vs Go: the queue holds G3 G4 G5 and runnext holds the newest, G6.
        assertThat(names(p1.runq.runqSnapshot())).containsExactly("G3", "G4", "G5");
        assertThat(name(p1.runq.runnextPeek())).isEqualTo("G6");
        assertThat(globalQueue(s)).isEmpty();
        assertThat(allm(s)).as("M2 is already spinning: no other M is woken").hasSize(2);
    }

    @Test
    @DisplayName("4: G2 creates G7 and G8; the full queue moves half of itself plus the new G to the global queue")
    void scenario4_overflowMovesHalfPlusOneToTheGlobalQueue() {
        scenario4();
        // Seed vs Go: creating G7 does not overflow yet; G6 moves from runnext into the last slot.
        assertThat(names(p1.runq.runqSnapshot())).containsExactly("G3", "G4", "G5", "G6");
        assertThat(name(p1.runq.runnextPeek())).isEqualTo("G7");
        assertThat(globalQueue(s)).isEmpty();

        go(m1, 2, 8);
        // Creating G8 kicks G7 out of runnext into a full ring: runqputslow moves the front
        // half (G3 G4) and G7 to the global queue in one batch under sched.lock. Same three Gs
        // as the article, in order (Go shuffles them only under the race detector).
        assertThat(names(globalQueue(s))).containsExactly("G3", "G4", "G7");
        assertThat(names(p1.runq.runqSnapshot())).containsExactly("G5", "G6");
        assertThat(name(p1.runq.runnextPeek())).isEqualTo("G8");
    }

    @Test
    @DisplayName("5: G8 stays on P1, which has room again")
    void scenario5_afterOverflowNewGoroutinesStayLocal() {
        scenario5();
        assertThat(name(p1.runq.runnextPeek())).as("the newest G is always local").isEqualTo("G8");
        assertThat(names(p1.runq.runqSnapshot())).containsExactly("G5", "G6");
        go(m1, 2, 9);
        assertThat(names(p1.runq.runqSnapshot())).as("room again: G8 joins the queue, no overflow")
                .containsExactly("G5", "G6", "G8");
        assertThat(names(globalQueue(s))).containsExactly("G3", "G4", "G7");
    }

    @Test
    @DisplayName("6: M2, woken with P2, spins: it runs but has no G")
    void scenario6_aWokenMSpins() {
        scenario6();
        assertThat(m2.p()).isSameAs(p2);
        assertThat(m2.spinning()).isTrue();
        assertThat(s.nmspinning()).isEqualTo(1);
        assertThat(p2.runq.runqempty()).isTrue();
    }

    @Test
    @DisplayName("7: M2 takes from the global queue, but not too much")
    void scenario7_takingABatchFromTheGlobalQueue() {
        G first = scenario7();
        // Go: P2's schedtick is 0, a multiple of 61, so this first look takes exactly one G.
        assertThat(name(first)).isEqualTo("G3");
        assertThat(names(globalQueue(s))).containsExactly("G4", "G7");
        assertThat(p2.runq.runqSnapshot()).isEmpty();
        // Later looks take min(len, len/GOMAXPROCS + 1, cap/2): with 2 queued and 4 Ps, 1.
        assertThat(schedule(m2)).isSameAs(g[4]);
        assertThat(p2.runq.runqSnapshot()).as("batch of 1: nothing extra moved to P2").isEmpty();
        // M2 found work while spinning, so it woke the next spinner (M3 with P3): the chain.
        assertThat(allm(s)).hasSize(3);
        assertThat(allm(s).get(2).nextp()).isSameAs(p3);
    }

    @Test
    @DisplayName("8: global queue empty: M2 steals half of P1's queue")
    void scenario8_stealingHalf() {
        G stolen = scenario8();
        // Seed vs Go: the thief takes the older half from the head (G5), not G8 from the tail;
        // G8 sits in runnext, which is stolen only on the last round.
        assertThat(name(stolen)).isEqualTo("G5");
        assertThat(names(p1.runq.runqSnapshot())).containsExactly("G6");
        assertThat(name(p1.runq.runnextPeek())).isEqualTo("G8");
        assertThat(m2.spinning()).as("it stopped spinning once it found work").isFalse();
    }

    @Test
    @DisplayName("9: M3 and M4 steal the rest; spinning Ms that find nothing sleep, and are reused")
    void scenario9_spinningMsFindNothingThenSleep() {
        scenario9Steals();
        assertThat(p1.runq.runqempty()).as("P1 was emptied by thieves: G5, G6, then runnext G8").isTrue();
        assertThat(s.nmspinning()).isZero();

        // G5 (on M2) and G6 (on M3) finish. Each M spins over every P, finds nothing, gives
        // up its P and sleeps on the idle M list. Seed vs Go: they do not spin indefinitely.
        assertThat(schedule(m2)).isNull();
        stop(m2);
        assertThat(schedule(m3)).isNull();
        stop(m3);
        assertThat(idlePs(s)).containsExactly(p3, p2);
        assertThat(m2.parked && m3.parked).isTrue();
        assertThat(s.nmspinning()).isZero();

        // G2 creates G9: wakep reuses a sleeping M instead of making a thread.
        int ms = allm(s).size();
        go(m1, 2, 9);
        assertThat(allm(s)).as("no new M").hasSize(ms);
        assertThat(m3.nextp()).as("the last M to sleep is woken, spinning, with the first idle P").isSameAs(p3);
        assertThat(m3.spinning()).isTrue();
    }

    @Test
    @DisplayName("10: G8 blocks in a syscall with nothing queued: sysmon leaves P4 alone, then parks it")
    void scenario10_syscallWithAnEmptyP() {
        scenario9Steals();
        recorder.scene(10);
        assertThat(schedule(m2)).isNull();                 // G5 finished: M2 finds nothing, gives up P2
        stop(m2);
        syscall(m4, 8, "G8 enters a blocking syscall. M4 lets go of P4 but remembers it (oldp); P4 stays SYSCALL, so no other M takes it until sysmon retakes it.",
                "G8 进入阻塞的系统调用。M4 放开 P4 但记住它（oldp）；P4 仍标为 SYSCALL，在 sysmon 收回之前别的 M 不会拿走它。");
        // Seed vs Go: P4 is not handed to another M at once; it stays M4's oldp, marked SYSCALL.
        assertThat(p4.status()).isEqualTo(P.Status.SYSCALL);
        assertThat(m4.oldp()).isSameAs(p4);
        assertThat(m4.p()).isNull();

        long t0 = System.nanoTime();
        sysmonLooks(t0, "sysmon looks at P4 for the first time: it only notes the syscall.",
                "sysmon 第一次看到 P4：只记下这次系统调用。");
        sysmonLooks(t0 + TimeUnit.MICROSECONDS.toNanos(50), "50 us later: P4's queue is empty and P2 is idle for any new work, so sysmon leaves P4 alone.",
                "50 微秒后：P4 的队列为空，而且 P2 空闲，可以接新来的活，所以 sysmon 不动 P4。");
        sysmonLooks(t0 + TimeUnit.MILLISECONDS.toNanos(5), "5 ms later: still nothing to run on P4; still no handoff.",
                "5 毫秒后：P4 上仍然没有可运行的协程，仍不移交。");
        // Nothing queued on P4 and a P is idle (P2) for any new work: no handoff for 10 ms.
        assertThat(p4.status()).isEqualTo(P.Status.SYSCALL);

        sysmonLooks(t0 + TimeUnit.MILLISECONDS.toNanos(11), "After 10 ms sysmon retakes P4; handoffp finds nothing to run and puts it on the idle P list instead of waking an M.",
                "10 毫秒后 sysmon 收回 P4；handoffp 发现没有可运行的协程，把它放进空闲 P 列表，而不是唤醒一个 M。");
        // After 10 ms sysmon retakes P4 and, with nothing to run and an idle P around,
        // handoffp puts it on the idle P list instead of waking an M.
        assertThat(p4.status()).isEqualTo(P.Status.IDLE);
        assertThat(idlePs(s)).containsExactly(p4, p2);

        exitsyscall(m4, 8, "G8's syscall returns: P4 is no longer M4's, so M4 takes an idle P (P4 again) and G8 runs on.",
                "G8 的系统调用返回：P4 已不属于 M4，于是 M4 取一个空闲 P（又是 P4），G8 继续运行。");
        // The syscall returns: P4 is no longer M4's, so M4 takes an idle P (P4 again).
        assertThat(m4.p()).isSameAs(p4);
        assertThat(p4.status()).isEqualTo(P.Status.RUNNING);
    }

    @Test
    @DisplayName("10: G8 blocks in a syscall with work on its P: sysmon hands P4, queue and all, to another M")
    void scenario10_syscallWithWorkHandsThePOff() {
        scenario9Steals();
        recorder.scene(10);
        assertThat(schedule(m3)).isNull();                 // G6 finished: M3 sleeps, P3 idle
        stop(m3);
        go(m4, 8, 10);                                     // G8 creates G10 on P4 (and wakes M3 with P3)...
        assertThat(m3.nextp()).isSameAs(p3);
        syscall(m4, 8, "G8 enters a blocking syscall, with G10 waiting on P4. M4 lets go of P4 but remembers it (oldp); P4 stays SYSCALL.",
                "G8 进入阻塞的系统调用，P4 上还有 G10 在等。M4 放开 P4 但记住它（oldp）；P4 仍标为 SYSCALL。");
        long t0 = System.nanoTime();
        sysmonLooks(t0, "sysmon looks at P4 for the first time: it only notes the syscall.",
                "sysmon 第一次看到 P4：只记下这次系统调用。");
        sysmonLooks(t0 + TimeUnit.MICROSECONDS.toNanos(20), "20 us later P4 is still in the syscall and has work: sysmon retakes it and handoffp starts an M for it; the only sleeping M was woken already, so a new one, M5, is made.",
                "20 微秒后 P4 仍在系统调用中，而且有活：sysmon 收回它，handoffp 为它启动一个 M；唯一休眠的 M 已被唤醒，所以新建 M5。");
        // P4 has work: sysmon retakes it at its second look and handoffp starts an M for it.
        // The only sleeping M was already woken, so a new one (M5) is made.
        assertThat(p4.status()).isEqualTo(P.Status.IDLE);
        assertThat(allm(s)).hasSize(5);
        GmpM m5 = allm(s).get(4);
        assertThat(m5.nextp()).isSameAs(p4);
        wake(m5);
        assertThat(schedule(m5)).as("G10 runs while G8 is still in its syscall").isSameAs(g[10]);

        // M3 gets going late and finds nothing: it gives P3 back and sleeps again.
        wake(m3);
        assertThat(schedule(m3)).isNull();
        stop(m3);

        exitsyscall(m4, 8, "G8's syscall returns: P4 is M5's now, so M4 takes the idle P3 and G8 runs on.",
                "G8 的系统调用返回：P4 已归 M5，于是 M4 取空闲的 P3，G8 继续运行。");
        // G8's syscall returns: P4 is M5's now, so M4 takes the idle P3.
        assertThat(m4.p()).isSameAs(p3);
    }

    @Test
    @DisplayName("10: a syscall that returns before sysmon looks twice keeps its P (fast path)")
    void scenario10_shortSyscallKeepsItsP() {
        scenario9Steals();
        recorder.scene(10);
        syscall(m4, 8, "G8 enters a syscall. M4 lets go of P4 but remembers it (oldp); P4 stays SYSCALL.",
                "G8 进入系统调用。M4 放开 P4 但记住它（oldp）；P4 仍标为 SYSCALL。");
        sysmonLooks(System.nanoTime(), "sysmon looks once: it only notes the syscall.", "sysmon 看了一次：只记下这次系统调用。");
        exitsyscall(m4, 8, "The syscall returns before sysmon's second look: M4 takes P4 straight back (the fast path, no handoff).",
                "系统调用在 sysmon 第二次查看前返回：M4 直接拿回 P4（快速路径，没有移交）。");
        assertThat(m4.p()).isSameAs(p4);
        assertThat(s.stats().get(Stat.HANDOFFS)).isZero();
    }
}
