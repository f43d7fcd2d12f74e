package gmp.workbook;

import gmp.core.Capability;
import gmp.core.Chan;
import gmp.core.Go;
import gmp.core.GoConn;
import gmp.core.GoListener;
import gmp.core.GoNet;
import gmp.core.Scheduler;
import gmp.core.WaitGroup;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * The fixed programs the tour runs on every stage. Each is an ordinary Go-style program
 * written against the public API; a stage that cannot run one fails it in its own way
 * (the tour reports how), which is the lesson.
 */
public final class Workloads {
    private Workloads() {
    }

    /**
     * @param name  short name used on the command line and in the table
     * @param title what it does
     * @param body  the main goroutine, given the scheduler it runs on
     */
    public record Workload(String name, String title, Function<Scheduler, Callable<Object>> body) {
    }

    public static final int FANOUT = 10_000;
    public static final int PINGPONG = 10_000;
    public static final int CHAIN = 10_000;
    public static final int SYSCALL_JOBS = 100;
    public static final long SYSCALL_MICROS = 2_000;
    public static final int BLOCKED = 100;
    public static final int BLOCKED_MILLIS = 10;
    public static final int ECHO_CLIENTS = 200;
    public static final int ECHO_BYTES = 4096;
    public static final int HOG_MILLIS = 200;

    public static List<Workload> all() {
        return List.of(
                new Workload("fanout", "main starts " + FANOUT + " tiny goroutines and waits for them (WaitGroup)",
                        s -> () -> fanOut(FANOUT)),
                new Workload("pingpong", PINGPONG + " round trips between two goroutines over unbuffered channels",
                        s -> () -> pingPong(PINGPONG)),
                new Workload("chain", "a daisy chain of " + CHAIN + " goroutines, each passing a value to the next",
                        s -> () -> daisyChain(CHAIN)),
                new Workload("syscalls", SYSCALL_JOBS + " goroutines, each a bit of CPU work and a "
                        + SYSCALL_MICROS / 1000 + " ms blocking syscall",
                        s -> () -> syscallMix(SYSCALL_JOBS, s.capabilities().contains(Capability.COOPERATION))),
                new Workload("blocked", BLOCKED + " goroutines sit in a " + BLOCKED_MILLIS + " ms blocking syscall while "
                        + FANOUT + " tiny ones run",
                        s -> () -> blockedAndBusy(s.capabilities().contains(Capability.COOPERATION))),
                new Workload("echo", "a goroutine-per-connection TCP echo server and " + ECHO_CLIENTS
                        + " loopback clients, " + ECHO_BYTES / 1024 + " KB each",
                        s -> () -> echo(ECHO_CLIENTS, s.capabilities().contains(Capability.SYSCALL_OVERLAP))),
                new Workload("hog", "one CPU hog per P spins " + HOG_MILLIS + " ms in a loop without calls; then main needs a P",
                        s -> () -> hog(Go.procs(), HOG_MILLIS, s.capabilities().contains(Capability.COOPERATION))));
    }

    /**
     * A goroutine-per-connection echo server ({@code GoNet}) and its clients. With a network
     * poller (04+) a goroutine waiting on a socket is a parked G; without one, each waiting
     * goroutine holds a thread in a blocking syscall. A stage with one thread cannot run it at
     * all: the server's blocking accept would stop every goroutine.
     */
    static Object echo(int clients, boolean canOverlap) {
        if (!canOverlap) {
            throw new UnsupportedOperationException("one thread, and accept would block it forever");
        }
        GoListener ln = GoNet.listen(0);
        Go.go(() -> {
            while (true) {
                GoConn c;
                try {
                    c = ln.accept();
                } catch (UncheckedIOException closed) {
                    return;
                }
                Go.go(() -> {
                    try (c) {
                        byte[] buf = new byte[1024];
                        int n;
                        while ((n = c.read(buf, 0, buf.length)) > 0) {
                            c.write(buf, 0, n);
                        }
                    }
                });
            }
        });
        WaitGroup wg = new WaitGroup();
        wg.add(clients);
        AtomicLong echoed = new AtomicLong();
        for (int i = 0; i < clients; i++) {
            Go.go(() -> {
                try (GoConn c = GoNet.dial(ln.port())) {
                    byte[] out = new byte[ECHO_BYTES];
                    c.write(out, 0, out.length);
                    c.closeWrite();
                    echoed.addAndGet(c.readFully(new byte[ECHO_BYTES], 0, ECHO_BYTES));
                }
                wg.done();
            });
        }
        wg.await();
        ln.close();
        if (echoed.get() != (long) clients * ECHO_BYTES) {
            throw new IllegalStateException("echoed " + echoed.get() + " bytes of " + (long) clients * ECHO_BYTES);
        }
        return echoed.get();
    }

    /**
     * Go's starving loop (golang/go#10958): every P gets a goroutine that spins without calls
     * until a deadline, while main sleeps 1 ms at a time until all of them are running. From
     * then on main needs a P back: it gets one when a hog is preempted (05-async: after a time
     * slice), when the kernel runs its thread (01-threads: at once), or when the hogs give up
     * at the deadline (every other stage). Returns how long main waited, in ms, from the
     * moment the first hog started.
     */
    static Object hog(int hogs, int millis, boolean canWait) {
        if (!canWait) {
            throw new UnsupportedOperationException("main would wait forever: goroutines run only after main returns");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        AtomicInteger started = new AtomicInteger();
        AtomicLong firstStarted = new AtomicLong();
        for (int i = 0; i < hogs; i++) {
            Go.go(() -> {
                if (started.getAndIncrement() == 0) {
                    firstStarted.set(System.nanoTime());
                }
                spinUntil(deadline);
            });
        }
        while (started.get() < hogs) {
            Go.sleep(Duration.ofMillis(1));
        }
        return (System.nanoTime() - firstStarted.get()) / 1_000_000;
    }

    /** The hog's loop: reads the clock (a JDK intrinsic, no poll) and counts; no other call. */
    private static long spinUntil(long deadline) {
        long x = 0;
        while (System.nanoTime() < deadline) {
            x++;
        }
        return x;
    }

    /**
     * The traced run behind each stage's timeline in the report: small enough to read (a
     * 300-goroutine fan-out; where goroutines run in parallel, 64 goroutines of ~100 us of work
     * made by a main that keeps its CPU until one of them has run elsewhere, which on 03 and
     * 04 means stolen; a 100-round ping-pong; 4 short syscalls; one 50 ms CPU hog per P), the
     * same program on every stage that can run it; 01-serial gets 50 goroutines that it runs
     * after main. Each phase is marked in the trace ({@code Trace.Kind.MARK}): the report draws
     * it in a panel of its own.
     */
    static Callable<Object> timeline(Scheduler s) {
        boolean canWait = s.capabilities().contains(Capability.COOPERATION);
        boolean overlap = s.capabilities().contains(Capability.SYSCALL_OVERLAP);
        boolean parallel = s.capabilities().contains(Capability.PARALLELISM) && s.config().procs() > 1;
        return () -> {
            if (!canWait) {
                mark(s, "run queue");
                for (int i = 0; i < 50; i++) {
                    Go.go(() -> { });
                }
                return null;
            }
            mark(s, "fan-out");
            fanOut(300);
            if (parallel) {
                mark(s, "steal");
                spread(64, TimeUnit.MICROSECONDS.toNanos(100), TimeUnit.SECONDS.toNanos(2));
            }
            mark(s, "ping-pong");
            pingPong(100);
            if (overlap) {
                mark(s, "syscalls");
                WaitGroup wg = new WaitGroup();
                wg.add(4);
                for (int i = 0; i < 4; i++) {
                    Go.go(() -> {
                        Go.syscall(() -> {
                            TimeUnit.MILLISECONDS.sleep(2);
                            return null;
                        });
                        wg.done();
                    });
                }
                wg.await();
            }
            mark(s, "hogs");
            return hogsToTheEnd(Go.procs(), 50);
        };
    }

    /**
     * One CPU hog per P for {@code millis}, and main waits for them to finish: where sysmon can
     * stop them (05) each runs in time slices, and the report shows every cut. Returns how long
     * main waited for the first hog's P.
     */
    static Object hogsToTheEnd(int hogs, int millis) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        WaitGroup wg = new WaitGroup();
        wg.add(hogs);
        AtomicInteger started = new AtomicInteger();
        for (int i = 0; i < hogs; i++) {
            Go.go(() -> {
                started.incrementAndGet();
                spinUntil(deadline);
                wg.done();
            });
        }
        while (started.get() < hogs) {
            Go.sleep(Duration.ofMillis(1));
        }
        wg.await();
        return null;
    }

    /** Marks the start of a phase in the trace (see {@link gmp.core.spi.AbstractScheduler#traceMark}). */
    private static void mark(Scheduler s, String phase) {
        if (s instanceof gmp.core.spi.AbstractScheduler a) {
            a.traceMark(phase);
        }
    }

    /**
     * Main makes {@code n} goroutines of {@code workNanos} of CPU work each, then keeps its own
     * thread busy (no call that could switch) until one of them has run on another thread, at most
     * {@code boundNanos}: with Ps or a queue per M, only a steal can take them there, so the trace
     * shows one. Then it waits for them all.
     */
    static void spread(int n, long workNanos, long boundNanos) {
        Thread mine = Thread.currentThread();
        java.util.concurrent.atomic.AtomicBoolean elsewhere = new java.util.concurrent.atomic.AtomicBoolean();
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        for (int i = 0; i < n; i++) {
            Go.go(() -> {
                if (Thread.currentThread() != mine) {
                    elsewhere.set(true);
                }
                spinUntil(System.nanoTime() + workNanos);
                wg.done();
            });
        }
        long end = System.nanoTime() + boundNanos;
        while (!elsewhere.get() && System.nanoTime() < end) {
            Thread.onSpinWait();
        }
        wg.await();
    }

    static Object fanOut(int n) {
        WaitGroup wg = new WaitGroup();
        wg.add(n);
        AtomicLong sum = new AtomicLong();
        for (int i = 0; i < n; i++) {
            int v = i;
            Go.go(() -> {
                sum.addAndGet(v);
                wg.done();
            });
        }
        wg.await();
        return sum.get();
    }

    static Object pingPong(int rounds) {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        Go.go(() -> {
            for (Integer v : ping) {
                pong.send(v + 1);
            }
        });
        int v = 0;
        for (int i = 0; i < rounds; i++) {
            ping.send(v);
            v = pong.recv();
        }
        ping.close();
        return v;
    }

    /** Rob Pike's daisy chain: n goroutines, each receives from its right and sends left + 1. */
    static Object daisyChain(int n) {
        Chan<Integer> leftmost = Chan.make();
        Chan<Integer> left = leftmost;
        Chan<Integer> right = leftmost;
        for (int i = 0; i < n; i++) {
            right = Chan.make();
            Chan<Integer> l = left;
            Chan<Integer> r = right;
            Go.go(() -> l.send(1 + r.recv()));
            left = right;
        }
        Chan<Integer> last = right;
        Go.go(() -> last.send(1));
        return leftmost.recv();
    }

    /**
     * Many goroutines blocked in long system calls beside many short ones: on a scheduler
     * whose run queues belong to threads, the blocked threads pile up and every idle thread
     * looking for work has to look at all of them.
     */
    static Object blockedAndBusy(boolean canWait) {
        WaitGroup wg = new WaitGroup();
        wg.add(canWait ? BLOCKED + FANOUT : 0);
        AtomicLong sum = new AtomicLong();
        for (int i = 0; i < BLOCKED; i++) {
            Go.go(() -> {
                Go.syscall(() -> {
                    TimeUnit.MILLISECONDS.sleep(BLOCKED_MILLIS);
                    return null;
                });
                if (canWait) {
                    wg.done();
                }
            });
        }
        for (int i = 0; i < FANOUT; i++) {
            int v = i;
            Go.go(() -> {
                sum.addAndGet(v);
                if (canWait) {
                    wg.done();
                }
            });
        }
        wg.await();
        return sum.get();
    }

    /**
     * Jobs that each compute a little, then block in a system call. Where goroutines can wait
     * for each other, main waits for the jobs; on 01-serial the batch runs them after main.
     */
    static Object syscallMix(int jobs, boolean canWait) {
        WaitGroup wg = new WaitGroup();
        wg.add(canWait ? jobs : 0);
        AtomicLong work = new AtomicLong();
        for (int i = 0; i < jobs; i++) {
            Go.go(() -> {
                long x = 0;
                for (int k = 0; k < 20_000; k++) {
                    x += k * 31L ^ x;
                }
                work.addAndGet(x & 1);
                Go.syscall(() -> {
                    TimeUnit.MICROSECONDS.sleep(SYSCALL_MICROS);
                    return null;
                });
                if (canWait) {
                    wg.done();
                }
            });
        }
        wg.await();
        return work.get();
    }
}
