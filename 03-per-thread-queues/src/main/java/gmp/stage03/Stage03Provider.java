package gmp.stage03;

import gmp.core.Capability;
import gmp.core.spi.SingleStageProvider;

import java.util.EnumSet;

/** Registers the per-M-queue scheduler as "03-perm". */
public final class Stage03Provider extends SingleStageProvider {

    static final StageInfo PERM = new StageInfo("03-perm",
            "a run queue per M: new Gs stay local, idle Ms steal half, scanning every M",
            EnumSet.of(Capability.COOPERATION, Capability.PARALLELISM, Capability.SYSCALL_OVERLAP), 0);

    public Stage03Provider() {
        super(PERM, PerMScheduler::new);
    }
}
