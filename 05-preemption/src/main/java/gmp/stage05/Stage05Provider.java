package gmp.stage05;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.spi.StageProvider;

import java.util.EnumSet;
import java.util.List;

/**
 * Registers "05-coop" (Go 1.2-1.13: method-entry polls) and "05-async" (Go 1.14+: sysmon also
 * signals the M, and loop back-edges poll too). How {@code Config.preemption} maps onto them is
 * {@link PreemptiveScheduler}'s.
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
        return new PreemptiveScheduler(id, config);
    }
}
