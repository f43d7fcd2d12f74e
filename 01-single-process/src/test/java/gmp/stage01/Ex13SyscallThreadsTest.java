package gmp.stage01;

import gmp.core.Config;
import gmp.core.FatalError;
import gmp.core.Go;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.WaitGroup;
import gmp.core.contract.ContractSupport;
import gmp.core.contract.Programs;
import gmp.core.exercises.Exercise;
import org.junit.jupiter.api.Test;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Exercise 1.3: what N:1 with syscall threads must do, beyond the contract: syscalls overlap,
 * while Go code stays on the one thread; syscall threads are reused; maxThreads still holds.
 */
@Exercise(id = "1.3", title = "N:1 with blocking calls on threads of their own")
class Ex13SyscallThreadsTest {

    @Test
    void tenGoroutinesAreInABlockingSyscallAtTheSameTime() {
        try (Scheduler s = LearnersCode.n1WithSyscallThreads(Config.defaults())) {
            SchedStats before = s.stats();
            boolean all = s.run(() -> Programs.allInSyscallAtOnce(10, 30_000));
            assertThat(all).as("each syscall waits until all ten are inside: only possible if they overlap").isTrue();
            assertThat(s.stats().minus(before).threadsCreated())
                    .as("the one M, and one thread per goroutine that was in a syscall at the same time").isEqualTo(11);
        }
    }

    @Test
    void goCodeRunsOnOneThread_onlyTheSyscallsRunElsewhere() {
        try (Scheduler s = LearnersCode.n1WithSyscallThreads(Config.defaults())) {
            Set<Thread> goCode = ConcurrentHashMap.newKeySet();
            Set<Thread> syscalls = ConcurrentHashMap.newKeySet();
            s.run(() -> {
                WaitGroup wg = new WaitGroup();
                wg.add(20);
                for (int i = 0; i < 20; i++) {
                    Go.go(() -> {
                        for (int k = 0; k < 5; k++) {
                            goCode.add(Thread.currentThread());
                            Go.syscall(() -> syscalls.add(Thread.currentThread()));
                            goCode.add(Thread.currentThread());
                        }
                        wg.done();
                    });
                }
                goCode.add(Thread.currentThread());
                wg.await();
                return null;
            });
            assertThat(goCode).as("outside its syscalls every goroutine ran on the one M: still N:1").hasSize(1);
            assertThat(syscalls).as("the syscalls ran on other threads").doesNotContainAnyElementsOf(goCode);
        }
    }

    @Test
    void syscallThreadsAreReused() {
        try (Scheduler s = LearnersCode.n1WithSyscallThreads(Config.defaults())) {
            SchedStats before = s.stats();
            int sum = s.run(() -> {
                int total = 0;
                for (int i = 0; i < 100; i++) {
                    total += Go.syscall(() -> 1);       // one after another: one syscall thread is enough
                }
                return total;
            });
            assertThat(sum).isEqualTo(100);
            assertThat(s.stats().minus(before).threadsCreated())
                    .as("the one M and one syscall thread, used 100 times: a thread per call would cost 100").isEqualTo(2);
        }
        assertThat(ContractSupport.threadsOf("01-n1")).as("close() ends the syscall threads too").isEmpty();
    }

    @Test
    void pastMaxThreadsTheRunFailsWithThreadExhaustion() {
        try (Scheduler s = LearnersCode.n1WithSyscallThreads(Config.defaults().maxThreads(5))) {
            assertThatThrownBy(() -> s.run(() -> Programs.allInSyscallAtOnce(10, 30_000)))
                    .as("ten syscalls at once need ten threads besides the M: Go's limit applies")
                    .isInstanceOf(FatalError.class).hasMessageContaining("thread exhaustion");
        }
    }
}
