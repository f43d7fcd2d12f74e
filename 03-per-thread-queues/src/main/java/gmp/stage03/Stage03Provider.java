package gmp.stage03;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.spi.StageProvider;

import java.util.EnumSet;
import java.util.List;

/** Registers the per-M-queue scheduler as "03-perm". */
public final class Stage03Provider implements StageProvider {

    static final StageInfo PERM = new StageInfo("03-perm",
            "a run queue per M: new Gs stay local, idle Ms steal half, scanning every M",
            EnumSet.of(Capability.COOPERATION, Capability.PARALLELISM, Capability.SYSCALL_OVERLAP), 0);

    @Override
    public List<StageInfo> stages() {
        return List.of(PERM);
    }

    @Override
    public Scheduler create(String id, Config config) {
        if (!id.equals(PERM.id())) {
            throw new IllegalArgumentException("03-per-thread-queues has no stage " + id);
        }
        return new PerMScheduler(config);
    }
}
