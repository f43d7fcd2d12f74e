package gmp.stage05;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.Preemption;
import gmp.core.Scheduler;
import gmp.core.spi.StageProvider;

import java.util.EnumSet;
import java.util.List;

/**
 * Registers "05-coop" (Go 1.2-1.13: method-entry polls) and "05-async" (Go 1.14+: sysmon also
 * signals the M, and loop back-edges poll too).
 *
 * <p>{@code Config.preemption}: on 05-coop, STAGE_DEFAULT and COOPERATIVE preempt at method
 * entries, OFF never preempts, ASYNC is refused (this stage has no signals). On 05-async,
 * STAGE_DEFAULT and ASYNC signal, COOPERATIVE does not (Go's {@code GODEBUG=asyncpreemptoff=1}),
 * OFF never preempts.
 */
public final class Stage05Provider implements StageProvider {

    static final StageInfo COOP = new StageInfo("05-coop",
            "Go 1.2-1.13: sysmon preempts a goroutine after its time slice, at its next method entry",
            EnumSet.allOf(Capability.class), 0);
    static final StageInfo ASYNC = new StageInfo("05-async",
            "Go 1.14+: sysmon also signals the M, so a loop without calls stops at its next back-edge",
            EnumSet.allOf(Capability.class), 1);

    @Override
    public List<StageInfo> stages() {
        return List.of(COOP, ASYNC);
    }

    @Override
    public Scheduler create(String id, Config config) {
        Preemption p = config.preemption();
        boolean enabled = p != Preemption.OFF;
        if (id.equals(COOP.id())) {
            if (p == Preemption.ASYNC) {
                throw new IllegalArgumentException("05-coop has only cooperative preemption (method-entry polls); "
                        + "for ASYNC use 05-async");
            }
            return new PreemptiveScheduler(id, config, COOP.capabilities(), enabled, false);
        }
        if (id.equals(ASYNC.id())) {
            boolean signals = p == Preemption.STAGE_DEFAULT || p == Preemption.ASYNC;
            return new PreemptiveScheduler(id, config, ASYNC.capabilities(), enabled, signals);
        }
        throw new IllegalArgumentException("05-preemption has no stage " + id);
    }
}
