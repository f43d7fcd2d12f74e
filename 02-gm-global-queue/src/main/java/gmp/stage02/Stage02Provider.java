package gmp.stage02;

import gmp.core.Capability;
import gmp.core.spi.SingleStageProvider;

import java.util.EnumSet;

/** Registers Go 1.0's G-M scheduler as "02-gm". */
public final class Stage02Provider extends SingleStageProvider {

    static final StageInfo GM = new StageInfo("02-gm",
            "Go 1.0 G-M: one global run queue and all scheduler state under one lock",
            EnumSet.of(Capability.COOPERATION, Capability.PARALLELISM, Capability.SYSCALL_OVERLAP), 0);

    public Stage02Provider() {
        super(GM, GMScheduler::new);
    }
}
