package gmp.stage02;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.spi.StageProvider;

import java.util.EnumSet;
import java.util.List;

/** Registers Go 1.0's G-M scheduler as "02-gm". */
public final class Stage02Provider implements StageProvider {

    static final StageInfo GM = new StageInfo("02-gm",
            "Go 1.0 G-M: one global run queue and all scheduler state under one lock",
            EnumSet.of(Capability.COOPERATION, Capability.PARALLELISM, Capability.SYSCALL_OVERLAP), 0);

    @Override
    public List<StageInfo> stages() {
        return List.of(GM);
    }

    @Override
    public Scheduler create(String id, Config config) {
        if (!id.equals(GM.id())) {
            throw new IllegalArgumentException("02-gm-global-queue has no stage " + id);
        }
        return new GMScheduler(config);
    }
}
