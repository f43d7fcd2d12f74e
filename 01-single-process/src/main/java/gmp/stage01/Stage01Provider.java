package gmp.stage01;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.Scheduler;
import gmp.core.spi.StageProvider;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** Registers the three schedulers of the single-process era. */
public final class Stage01Provider implements StageProvider {

    static final StageInfo SERIAL = new StageInfo("01-serial",
            "serial batch: one job at a time, each to completion; waiting idles the CPU",
            EnumSet.noneOf(Capability.class), 0);
    static final StageInfo N1 = new StageInfo("01-n1",
            "N:1 coroutines: many goroutines, one thread, switches at channel ops, yield and sleep",
            EnumSet.of(Capability.COOPERATION), 1);
    static final StageInfo THREADS = new StageInfo("01-threads",
            "1:1 threads: one OS thread per goroutine, the kernel schedules",
            // the kernel time-slices threads: 1:1 gets preemption for free
            EnumSet.of(Capability.COOPERATION, Capability.PARALLELISM, Capability.SYSCALL_OVERLAP,
                    Capability.PREEMPTION), 2);

    @Override
    public List<StageInfo> stages() {
        return List.of(SERIAL, N1, THREADS);
    }

    @Override
    public Scheduler create(String id, Config config) {
        return switch (id) {
            case "01-serial" -> new SerialScheduler(id, config, caps(SERIAL));
            case "01-n1" -> new N1Scheduler(id, config, caps(N1));
            case "01-threads" -> new ThreadsScheduler(config);
            default -> throw new IllegalArgumentException("01-single-process has no stage " + id);
        };
    }

    private static Set<Capability> caps(StageInfo info) {
        return info.capabilities();
    }
}
