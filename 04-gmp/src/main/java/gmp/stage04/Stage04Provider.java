package gmp.stage04;

import gmp.core.Capability;
import gmp.core.spi.SingleStageProvider;

import java.util.EnumSet;

/** Registers the G-M-P scheduler as "04-gmp". */
public final class Stage04Provider extends SingleStageProvider {

    static final StageInfo GMP = new StageInfo("04-gmp",
            "Go 1.1+ G-M-P: GOMAXPROCS Ps with lock-free run queues, runnext, stealing, syscall handoff, netpoller, per-P timers",
            EnumSet.of(Capability.COOPERATION, Capability.PARALLELISM, Capability.SYSCALL_OVERLAP), 0);

    public Stage04Provider() {
        super(GMP, GMPScheduler::new);
    }
}
