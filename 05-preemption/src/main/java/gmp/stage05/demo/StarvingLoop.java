package gmp.stage05.demo;

import gmp.core.Config;
import gmp.core.Go;
import gmp.core.Scheduler;
import gmp.core.Schedulers;
import gmp.core.Stat;
import gmp.stage05.instrument.PreemptAgent;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The starving loop (golang/go#10958) on 04-gmp, 05-coop and 05-async, at procs=1: a goroutine
 * spins in a loop without calls, main yields and waits to run again. Run it with the preempt
 * agent, which instruments this package (see the module README):
 * <pre>
 *   ./mvnw -q -pl 05-preemption test-compile exec:exec@demo
 * </pre>
 * This class is an ordinary user program: nothing in it knows about polls.
 */
public final class StarvingLoop {
    private StarvingLoop() {
    }

    /** The hog: Go's {@code for {}}, with a way out so the demo can end. */
    static final class Spinner {
        volatile boolean stop;

        void spin() {
            long x = 0;
            while (!stop) {
                x++;
            }
        }
    }

    public static void main(String[] args) throws Exception {
        long patienceMs = args.length > 0 ? Long.parseLong(args[0]) : 1000;
        if (!PreemptAgent.isInstalled()) {
            System.out.println("(the preempt agent is not installed: no polls, so nothing below can be preempted)");
        }
        System.out.printf("procs=1; a goroutine spins in a loop without calls; main calls Go.yield()%n%n");
        for (String id : List.of("04-gmp", "05-coop", "05-async")) {
            Spinner sp = new Spinner();
            try (Scheduler s = Schedulers.create(id, Config.defaults().procs(1))) {
                CompletableFuture<Long> waited = new CompletableFuture<>();
                Thread caller = new Thread(() -> waited.complete(s.run(() -> {
                    Go.go(sp::spin);
                    long t0 = System.nanoTime();
                    Go.yield();
                    sp.stop = true;
                    return (System.nanoTime() - t0) / 1_000_000;
                })));
                caller.start();
                String outcome;
                try {
                    outcome = "main ran again after " + waited.get(patienceMs, TimeUnit.MILLISECONDS) + " ms";
                } catch (TimeoutException e) {
                    outcome = "main did not run again within " + patienceMs + " ms";
                } finally {
                    sp.stop = true;     // from outside: the only way the loop ends without preemption
                }
                caller.join();
                System.out.printf("%-9s %-45s sysmon asked %d time(s); preempted at entry %d, at a back-edge %d%n",
                        id, outcome, s.stats().get(Stat.PREEMPT_REQUESTS),
                        s.stats().get(Stat.PREEMPTIONS_COOPERATIVE), s.stats().get(Stat.PREEMPTIONS_ASYNC));
            }
        }
    }
}
