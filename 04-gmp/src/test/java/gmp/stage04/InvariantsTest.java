package gmp.stage04;

import gmp.core.Config;
import gmp.core.ContendedLock;
import gmp.core.FatalError;
import gmp.core.spi.G;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;

import static gmp.stage04.PaperMs.p;
import static gmp.stage04.PaperMs.paperM;
import static gmp.stage04.PaperMs.retake;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The invariants that check themselves: each impossible state throws "fatal error: ..." where
 * Go's proc.go throws, naming the check and Go's function, at the line of the mistake.
 */
class InvariantsTest {

    private GMPScheduler s;

    @AfterEach
    void tearDown() {
        if (s != null) {
            s.close();
        }
    }

    @Test
    void pidleputWithoutTheLock_failsAsGosAssertLockHeld() {
        s = PaperMs.paper(Config.defaults().procs(2));
        GmpM m = paperM(s);
        P p = m.releasep();
        assertThatThrownBy(() -> s.pidleput(p))
                .isInstanceOf(FatalError.class)
                .hasMessage("fatal error: pidleput: sched.lock not held (proc.go pidleput: assertLockHeld(&sched.lock))");
    }

    @Test
    void aLockHeldBySomeoneElse_isNotHeld_withAssertionsOn() throws Exception {
        assumeTrue(ContendedLock.class.desiredAssertionStatus(), "the holder is recorded only with -ea");
        s = PaperMs.paper(Config.defaults().procs(2));
        CompletableFuture<Void> held = new CompletableFuture<>();
        CompletableFuture<Void> release = new CompletableFuture<>();
        Thread other = Thread.ofPlatform().start(() -> {
            s.schedLock().lock();
            held.complete(null);
            release.join();
            s.schedLock().unlock();
        });
        held.get();
        try {
            assertThatThrownBy(() -> s.sched.mget())
                    .hasMessageStartingWith("fatal error: mget: sched.lock not held by this M");
        } finally {
            release.complete(null);
            other.join();
        }
    }

    @Test
    void aPWithWork_doesNotGoIdle() {
        s = PaperMs.paper(Config.defaults().procs(2));
        GmpM m = paperM(s);
        m.p().runq.runqput(G.detached(1), false, s);
        P p = m.releasep();
        s.schedLock().lock();
        try {
            assertThatThrownBy(() -> s.pidleput(p)).hasMessageStartingWith("fatal error: pidleput: P has non-empty run queue: P0");
        } finally {
            s.schedLock().unlock();
        }
    }

    @Test
    void thePMBinding_cannotDisagreeWithItself() {
        s = PaperMs.paper(Config.defaults().procs(2));
        GmpM m1 = paperM(s);
        GmpM m2 = new GmpM(s, null, false);
        assertThatThrownBy(() -> m2.acquirep(m1.p()))
                .hasMessageStartingWith("fatal error: wirep: invalid p state: P0 is RUNNING with M");
        assertThatThrownBy(() -> m1.acquirep(p(s, 1)))
                .hasMessageStartingWith("fatal error: wirep: already in go");
        assertThatThrownBy(m2::releasep).hasMessageStartingWith("fatal error: releasep: invalid arg");
        assertThatThrownBy(() -> s.ms.stopm(m1)).hasMessageStartingWith("fatal error: stopm holding p");
        assertThat(m1.p().m).as("nothing changed by the refused calls").isSameAs(m1);
        assertThat(m2.p()).isNull();
    }

    @Test
    void startmWithTheLockHeld_failsInsteadOfWaitingForItself() {
        assumeTrue(ContendedLock.class.desiredAssertionStatus(), "the holder is recorded only with -ea");
        s = PaperMs.paper(Config.defaults().procs(2));
        s.schedLock().lock();
        try {
            assertThatThrownBy(() -> s.startm(null, false))
                    .hasMessageStartingWith("fatal error: startm: called holding sched.lock");
        } finally {
            s.schedLock().unlock();
        }
    }

    /** Exercise 4.4's likeliest mistake: {@code pidleput} without {@code schedLock()}. */
    static final class HandoffpWithoutTheLock extends GMPScheduler {
        HandoffpWithoutTheLock(Config config) {
            super(config);
        }

        @Override
        protected void handoffp(P p) {
            pidleput(p);
        }
    }

    @Test
    void aLearnersHandoffpWithoutTheLock_failsAtItsLine() {
        HandoffpWithoutTheLock h = PaperMs.paper(() -> new HandoffpWithoutTheLock(Config.defaults().procs(2).validate()));
        s = h;
        GmpM m = paperM(h);
        m.entersyscall();
        long t0 = System.nanoTime();
        retake(h, t0);
        assertThatThrownBy(() -> retake(h, t0 + 20_000_000L))
                .hasMessageContaining("pidleput: sched.lock not held")
                .satisfies(e -> assertThat(e.getStackTrace()).anySatisfy(f ->
                        assertThat(f.getMethodName() + "@" + f.getClassName()).isEqualTo("handoffp@" + HandoffpWithoutTheLock.class.getName())));
    }
}
