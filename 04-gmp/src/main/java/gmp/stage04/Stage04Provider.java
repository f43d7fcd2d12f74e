package gmp.stage04;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.spi.StageProvider;

import java.util.EnumSet;
import java.util.List;

/** Registers the G-M-P scheduler as "04-gmp". */
public final class Stage04Provider implements StageProvider {

    static final StageInfo GMP = new StageInfo("04-gmp",
            "Go 1.1+ G-M-P: GOMAXPROCS Ps with lock-free run queues, runnext, stealing, syscall handoff, netpoller, per-P timers",
            EnumSet.of(Capability.COOPERATION, Capability.PARALLELISM, Capability.SYSCALL_OVERLAP), 0);

    @Override
    public List<StageInfo> stages() {
        return List.of(GMP);
    }

    @Override
    public Scheduler create(String id, Config config) {
        if (!id.equals(GMP.id())) {
            throw new IllegalArgumentException("04-gmp has no stage " + id);
        }
        return new GMPScheduler(config);
    }
}
