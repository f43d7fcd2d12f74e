package gmp.stage01;

import gmp.core.Chan;
import gmp.core.Config;
import gmp.core.FatalError;
import gmp.core.Go;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Stat;
import gmp.core.WaitGroup;
import gmp.core.contract.ContractSupport;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What the serial and N:1 schedulers do that the others do not ({@link ThreadsBehaviourTest} has 1:1's). */
class Stage01BehaviourTest {

    @Test
    void serial_runsJobsOneAtATimeInFifoOrder_eachToCompletion_evenWhenItYields() {
        try (Scheduler s = Schedulers.create("01-serial", Config.defaults())) {
            List<String> log = Collections.synchronizedList(new ArrayList<>());
            s.run(() -> {
                for (int i = 1; i <= 3; i++) {
                    int job = i;
                    Go.go(() -> {
                        log.add(job + " start");
                        Go.yield();                  // no one else may run: the job goes on
                        log.add(job + " end");
                    });
                }
                log.add("main done");
                return null;
            });
            // the batch ran after main, in submission order, never interleaved
            assertThat(log).containsExactly("main done", "1 start", "1 end", "2 start", "2 end", "3 start", "3 end");
        }
    }

    @Test
    void serial_usesNoLockAndOneThread() {
        try (Scheduler s = Schedulers.create("01-serial", Config.defaults())) {
            s.run(() -> {
                for (int i = 0; i < 100; i++) {
                    Go.go(() -> { });
                }
                return null;
            });
            SchedStats st = s.stats();
            assertThat(st.threadsCreated()).isEqualTo(1);
            assertThat(st.lockAcquisitions()).isZero();
            ContractSupport.awaitStat(s, new SchedStats(new long[Stat.values().length]), Stat.GOROUTINES_FINISHED, 101);
        }
    }

    @Test
    void n1_runOrderIsExactlyFifo_andDeterministic() {
        try (Scheduler s = Schedulers.create("01-n1", Config.defaults())) {
            for (int attempt = 0; attempt < 3; attempt++) {
                List<String> log = new ArrayList<>();   // one thread: no synchronisation needed
                s.run(() -> {
                    WaitGroup wg = new WaitGroup();
                    wg.add(3);
                    for (int i = 1; i <= 3; i++) {
                        String name = "g" + (i + 1);
                        Go.go(() -> {
                            log.add(name + ":a");
                            Go.yield();             // to the back of the queue
                            log.add(name + ":b");
                            wg.done();
                        });
                    }
                    wg.await();
                    return null;
                });
                assertThat(log).containsExactly("g2:a", "g3:a", "g4:a", "g2:b", "g3:b", "g4:b");
            }
        }
    }

    @Test
    void n1_manyGoroutinesOneThread_noLock_everySwitchCounted() {
        try (Scheduler s = Schedulers.create("01-n1", Config.defaults())) {
            int n = 10_000;
            SchedStats before = s.stats();
            s.run(() -> {
                Chan<Integer> ch = Chan.make();
                for (int i = 0; i < n; i++) {
                    Go.go(() -> ch.send(1));
                }
                int sum = 0;
                for (int i = 0; i < n; i++) {
                    sum += ch.recv();
                }
                return sum;
            });
            SchedStats d = s.stats().minus(before);
            assertThat(s.stats().threadsCreated()).as("threads").isEqualTo(1);
            assertThat(d.lockAcquisitions()).as("global lock: there is none").isZero();
            assertThat(d.goroutinesCreated()).isEqualTo(n + 1);
            // FIFO makes it exact: main runs and parks on its first recv; the first sender hands its
            // value straight to main, the other n-1 find no receiver and park; main runs again and
            // takes every value without parking. Main returns, and the n-1 readied senders are discarded.
            assertThat(d.get(Stat.PARKS)).as("parks").isEqualTo(n);
            assertThat(d.schedules()).as("switches to a goroutine").isEqualTo(n + 2);
        }
    }
}
