package gmp.stage04;

import gmp.core.Config;
import gmp.core.Go;
import gmp.core.GoConn;
import gmp.core.GoListener;
import gmp.core.GoNet;
import gmp.core.SchedStats;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Stat;
import gmp.core.WaitGroup;
import gmp.core.contract.Programs;
import org.junit.jupiter.api.Test;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The network poller and the per-P timers: goroutines that wait on sockets or sleep are
 * parked Gs, not blocked threads.
 */
class NetpollTest {

    private Scheduler gmp(int procs) {
        return gmp(Config.defaults().procs(procs).maxThreads(64));
    }

    /** The scheduler under test: 04-gmp here, 04-gmp with the learner's findWork in exercise 4.3. */
    protected Scheduler gmp(Config config) {
        return Schedulers.create("04-gmp", config);
    }

    /**
     * The demo: a goroutine-per-connection echo server and 1,000 concurrent loopback clients,
     * each sending its own seeded bytes. Every byte comes back, in order, to the client that
     * sent it, and the whole thing runs on a handful of threads (maxThreads is 64 here: a thread
     * per connection would exhaust it 30 times over).
     */
    @Test
    void echoServer_1000Clients_onAHandfulOfThreads() {
        int clients = 1000;
        int size = 2048;
        long seed = 20261125L;
        System.out.println("echo server test seed " + seed);
        int procs = 2;
        try (Scheduler s = gmp(procs)) {
            SchedStats before = s.stats();
            AtomicInteger served = new AtomicInteger();
            AtomicInteger correct = new AtomicInteger();
            s.run(() -> {
                GoListener ln = GoNet.listen(0);
                Programs.echoServer(ln, served);
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < clients; i++) {
                    byte[] payload = new byte[size];
                    new SplittableRandom(seed + i).nextBytes(payload);
                    wg.add(1);
                    Go.go(() -> {
                        try (GoConn c = GoNet.dial(ln.port())) {
                            c.write(payload, 0, payload.length);
                            c.closeWrite();
                            byte[] back = new byte[size + 1];
                            int n = c.readFully(back, 0, back.length);
                            if (n == size && Arrays.equals(payload, 0, size, back, 0, size)) {
                                correct.incrementAndGet();
                            }
                        }
                        wg.done();
                    });
                }
                wg.await();
                ln.close();
                return null;
            });
            SchedStats d = s.stats().minus(before);
            long threads = s.stats().get(Stat.THREADS_PEAK);
            System.out.printf("echo: %d clients, threads peak %d, netpoll parks %d, readied %d, blocking polls %d%n",
                    clients, threads, d.get(Stat.NETPOLL_PARKS), d.get(Stat.NETPOLL_READIED), d.get(Stat.NETPOLL_BLOCKS));
            assertThat(correct).as("clients that got exactly their bytes back").hasValue(clients);
            assertThat(served).as("connections the server echoed to the end").hasValue(clients);
            assertThat(d.get(Stat.NETPOLL_PARKS)).as("goroutines parked on the poller").isPositive();
            assertThat(d.get(Stat.NETPOLL_READIED)).isEqualTo(d.get(Stat.NETPOLL_PARKS));
            assertThat(d.get(Stat.SYSCALLS)).as("no socket call is a blocking syscall here").isZero();
            // procs Ms with Ps, one blocked in the poller, sysmon, and now and then an M or two
            // started while another was on its way to sleep (seen: 3-4 threads)
            assertThat(threads).as("threads for 2,000 sockets").isLessThanOrEqualTo(procs + 5);
        }
    }

    /** A goroutine parked in accept wakes, with an error, when another closes the listener. */
    @Test
    void closingAListener_wakesItsParkedAccept() {
        try (Scheduler s = gmp(2)) {
            AtomicReference<String> error = new AtomicReference<>();
            s.run(() -> {
                GoListener ln = GoNet.listen(0);
                WaitGroup wg = new WaitGroup();
                wg.add(1);
                Go.go(() -> {
                    try {
                        ln.accept();
                    } catch (UncheckedIOException e) {
                        error.set(e.getMessage());
                    }
                    wg.done();
                });
                Go.sleep(Duration.ofMillis(20));    // let it park (if it has not, accept fails at once: same outcome)
                ln.close();
                wg.await();
                return null;
            });
            assertThat(error.get()).startsWith("accept");
        }
    }

    /**
     * Regression: a close racing with a goroutine that is just parking in accept. The closer
     * marks the socket's PollDesc closing and takes its waiters before closing the channel, so
     * a G parks either before (and is woken) or not at all. Closing the channel first stranded
     * the G about once in 70 test runs: its registration vanished with the channel.
     */
    @Test
    void closeRacingWithAParkingAccept_neverStrandsTheGoroutine() {
        try (Scheduler s = gmp(2)) {
            java.util.concurrent.CompletableFuture<Integer> f = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
                int woke = 0;
                for (int i = 0; i < 2_000; i++) {
                    boolean letItPark = i % 2 == 0;
                    woke += s.run(() -> {
                        GoListener ln = GoNet.listen(0);
                        WaitGroup wg = new WaitGroup();
                        wg.add(1);
                        AtomicInteger failed = new AtomicInteger();
                        Go.go(() -> {
                            try {
                                ln.accept();
                            } catch (UncheckedIOException e) {
                                failed.incrementAndGet();
                            }
                            wg.done();
                        });
                        if (letItPark) {
                            Go.sleep(Duration.ofNanos(1));  // let the accept run and (maybe) park first
                        }
                        ln.close();
                        wg.await();
                        return failed.get();
                    });
                }
                return woke;
            });
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(120)).until(f::isDone);
            assertThat(f.join()).as("accepts that failed because their listener closed").isEqualTo(2_000);
        }
    }

    /**
     * A goroutine waiting on a socket is not a deadlock (Go: an M is in netpoll), but the run
     * still ends with main.
     */
    @Test
    void aGoroutineParkedOnASocket_isNotADeadlock() {
        try (Scheduler s = gmp(1)) {
            String r = s.run(() -> {
                GoListener ln = GoNet.listen(0);
                Go.go(() -> {
                    try {
                        ln.accept();
                    } catch (UncheckedIOException ignored) {
                        // closed at the end
                    }
                });
                Go.sleep(Duration.ofMillis(5));
                ln.close();
                return "main returned";
            });
            assertThat(r).isEqualTo("main returned");
        }
    }

    /**
     * Timers without threads: 1,000 goroutines sleep at once and all wake, with no timer thread
     * and no thread per sleeper; an idle M sleeps in the poller until the earliest timer.
     */
    @Test
    void thousandSleepers_noThreadPerSleeper() {
        int sleepers = 1000;
        int procs = 2;
        try (Scheduler s = gmp(procs)) {
            SchedStats before = s.stats();
            AtomicInteger woke = new AtomicInteger();
            s.run(() -> {
                WaitGroup wg = new WaitGroup();
                for (int i = 0; i < sleepers; i++) {
                    int ms = 1 + i % 20;
                    wg.add(1);
                    Go.go(() -> {
                        Go.sleep(Duration.ofMillis(ms));
                        woke.incrementAndGet();
                        wg.done();
                    });
                }
                wg.await();
                return null;
            });
            SchedStats d = s.stats().minus(before);
            assertThat(woke).hasValue(sleepers);
            assertThat(d.get(Stat.TIMERS_FIRED)).isEqualTo(sleepers);
            // procs Ms with Ps, one in the poller, sysmon, and now and then an M or two started
            // while another was on its way to sleep (seen: at most procs + 4 in 100 runs)
            assertThat(s.stats().get(Stat.THREADS_PEAK)).isLessThanOrEqualTo(procs + 5);
            assertThat(Thread.getAllStackTraces().keySet()).noneMatch(t -> t.getName().equals("gmp-04-gmp-timers"));
        }
    }
}
