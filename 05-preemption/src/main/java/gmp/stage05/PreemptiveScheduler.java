package gmp.stage05;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.Preemption;
import gmp.core.Stat;
import gmp.core.Trace;
import gmp.core.spi.G;
import gmp.core.spi.M;
import gmp.core.spi.Safepoint;
import gmp.stage04.GMPScheduler;

import java.util.Set;

/**
 * 05-coop and 05-async: stage 04's G-M-P scheduler, whose sysmon now preempts. Everything else
 * (Ps, run queues, stealing, handoff, netpoller, timers) is stage 04's, unchanged.
 *
 * <p>{@code sysmon}'s {@code retake} (in {@link GMPScheduler}) watches each running P's
 * {@code schedtick}; when it has not moved for a whole time slice ({@code Config.timeSlice},
 * Go's {@code forcePreemptNS} = 10 ms) it calls {@link #preemptone}. Here that sets the G's
 * {@code preempt} flag (Go's {@code gp.preempt = true; gp.stackguard0 = stackPreempt}) and,
 * for 05-async, "signals" the M (Go's {@code preemptM}: SIGURG). The G notices at its next poll
 * ({@link Safepoint}): a method entry (both stages), or a loop back-edge (05-async, signalled
 * only), switches to its M and is put on the global queue ({@code gopreempt_m}), counted as a
 * cooperative or an asynchronous preemption.
 *
 * <p>Model difference: Go's signal handler stops the thread at whatever instruction it is
 * executing and checks there whether that is an async safe point; here the "signal" is a
 * word the G reads at its next back-edge or entry poll, inserted by {@code PollInserter}. So a
 * goroutine is stoppable only in instrumented code, and the latency adds the time to the next
 * poll (nanoseconds in a loop, but unbounded inside a long JDK call such as a big
 * {@code Arrays.sort}).
 *
 * <p>{@code Config.preemption}: on 05-coop, STAGE_DEFAULT and COOPERATIVE preempt at method
 * entries, OFF never preempts, ASYNC is refused (this stage has no signals). On 05-async,
 * STAGE_DEFAULT and ASYNC signal, COOPERATIVE does not (Go's {@code GODEBUG=asyncpreemptoff=1}),
 * OFF never preempts.
 *
 * <p>Invariants: as {@link GMPScheduler}'s; requests are made only by sysmon's thread.
 */
public class PreemptiveScheduler extends GMPScheduler {

    /** Whether sysmon also signals the M (05-async), or only sets the G's flag (05-coop). */
    private final boolean signals;
    /** False when the config turned preemption off (Go's lack of it before 1.2). */
    private final boolean enabled;

    /** Stage {@code id} ("05-coop" or "05-async"), and exercise 5.1's subclass of either. */
    protected PreemptiveScheduler(String id, Config config) {
        super(id, config, capabilities(id));
        Preemption p = config.preemption();
        if (id.equals(Stage05Provider.COOP.id()) && p == Preemption.ASYNC) {
            throw new IllegalArgumentException("05-coop has only cooperative preemption (method-entry polls); "
                    + "for ASYNC use 05-async");
        }
        this.enabled = p != Preemption.OFF;
        this.signals = id.equals(Stage05Provider.ASYNC.id()) && (p == Preemption.STAGE_DEFAULT || p == Preemption.ASYNC);
    }

    private static Set<Capability> capabilities(String id) {
        if (id.equals(Stage05Provider.COOP.id())) {
            return Stage05Provider.COOP.capabilities();
        }
        if (id.equals(Stage05Provider.ASYNC.id())) {
            return Stage05Provider.ASYNC.capabilities();
        }
        throw new IllegalArgumentException("05-preemption has no stage " + id);
    }

    /** Go's {@code preemptone} (+ {@code preemptM} on 05-async). Runs on sysmon. */
    @Override
    protected boolean preemptone(M m) {
        super.preemptone(m);        // counts the call (sysmon saw m's G over its slice), asks nobody
        if (!enabled || !Safepoint.request(m, signals)) {
            return false;
        }
        count(Stat.PREEMPT_REQUESTS);
        if (tracing()) {
            G g = m.curg;
            traceG(Trace.Kind.PREEMPT_REQUEST, m, g == null ? -1 : g.goid, signals ? "async" : "cooperative");
        }
        return true;
    }
}
