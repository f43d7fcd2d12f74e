package gmp.core;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The parts of core that need no stage: configuration, counters, the counting lock. */
class CoreUnitTest {

    @Test
    void configDefaultsAreGos() {
        Config c = Config.defaults();
        assertThat(c.procs()).isEqualTo(Runtime.getRuntime().availableProcessors());
        assertThat(c.runqCapacity()).isEqualTo(256);
        assertThat(c.maxThreads()).isEqualTo(10_000);
        assertThat(c.timeSlice()).isEqualTo(Duration.ofMillis(10));
        assertThat(c.trace()).isFalse();
        assertThat(c.procs(4).runqCapacity(4).validate().procs()).isEqualTo(4);
    }

    @Test
    void configValidationSaysWhatIsAllowed() {
        assertThatThrownBy(() -> Config.defaults().procs(-1).validate())
                .hasMessage("procs (GOMAXPROCS) must be at least 1, got -1");
        assertThatThrownBy(() -> Config.defaults().runqCapacity(6).validate())
                .hasMessageContaining("power of two").hasMessageContaining("got 6");
        assertThatThrownBy(() -> Config.defaults().maxThreads(0).validate()).hasMessageContaining("at least 1");
        assertThatThrownBy(() -> Config.defaults().timeSlice(Duration.ZERO).validate()).hasMessageContaining("positive");
    }

    @Test
    void unknownStageIdListsTheRegisteredOnes() {
        assertThatThrownBy(() -> Schedulers.create("04-gmpp"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("unknown stage id '04-gmpp'; registered stages: ");
    }

    @Test
    void statsDifferencesAndPerGoroutineRatios() {
        long[] a = new long[Stat.values().length];
        long[] b = new long[Stat.values().length];
        a[Stat.GOROUTINES_CREATED.ordinal()] = 10;
        a[Stat.LOCK_ACQUISITIONS.ordinal()] = 5;
        a[Stat.THREADS_PEAK.ordinal()] = 3;
        b[Stat.GOROUTINES_CREATED.ordinal()] = 110;
        b[Stat.LOCK_ACQUISITIONS.ordinal()] = 205;
        b[Stat.THREADS_PEAK.ordinal()] = 4;
        SchedStats d = new SchedStats(b).minus(new SchedStats(a));
        assertThat(d.goroutinesCreated()).isEqualTo(100);
        assertThat(d.perGoroutine(Stat.LOCK_ACQUISITIONS)).isEqualTo(2.0);
        assertThat(d.perSchedule(Stat.LOCK_ACQUISITIONS)).as("no schedules: divided by 1").isEqualTo(200.0);
        assertThat(d.threadsPeak()).as("a peak is not a sum").isEqualTo(4);
        assertThat(d.toString()).contains("global lock acquisitions").contains("200");
    }

    @Test
    void contendedLockCountsEveryAcquisitionAndTheContendedOnes() throws Exception {
        ContendedLock lock = new ContendedLock("sched.lock");
        lock.lock();
        lock.unlock();
        assertThat(lock.acquisitions()).isEqualTo(1);
        assertThat(lock.contended()).isZero();

        lock.lock();        // held by this thread while another one tries
        CountDownLatch acquired = new CountDownLatch(1);
        Thread other = new Thread(() -> {
            lock.lock();
            lock.unlock();
            acquired.countDown();
        });
        other.start();
        // it spins, yields, then naps: once it naps it has certainly found the lock held
        await().atMost(Duration.ofSeconds(30)).until(() -> other.getState() == Thread.State.TIMED_WAITING);
        lock.unlock();
        assertThat(acquired.await(30, TimeUnit.SECONDS)).isTrue();
        other.join();
        assertThat(lock.acquisitions()).isEqualTo(3);
        assertThat(lock.contended()).isEqualTo(1);
        assertThat(lock.waitNanos()).isPositive();
    }

    /** The rule of core/README.md, "Who may use a channel" (the contract kit checks it on every stage). */
    @Test
    void channelOperationsOutsideAGoroutineAreRefused_evenThoseThatWouldNotBlock() {
        Chan<String> ch = Chan.make(1);
        assertThatThrownBy(() -> ch.send("a"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("Chan.send must be called from a goroutine (inside Scheduler.run):"
                        + " a plain thread can neither wait for goroutines nor wake them");
        assertThatThrownBy(ch::close).isInstanceOf(IllegalStateException.class).hasMessageStartingWith("Chan.close");
        assertThat(ch.len()).isZero();
        assertThat(ch.cap()).isEqualTo(1);
        assertThatThrownBy(() -> Chan.make(-1)).hasMessageContaining("size out of range");
    }
}
