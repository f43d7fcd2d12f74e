package gmp.core.spi;

import gmp.core.Config;
import gmp.core.Scheduler;

import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The {@link StageProvider} of a module with one stage: its {@link StageInfo} and how to make
 * its scheduler. A subclass needs only a public no-argument constructor (for the
 * {@code ServiceLoader}) that names both.
 */
public abstract class SingleStageProvider implements StageProvider {

    private final StageInfo stage;
    private final Function<Config, Scheduler> factory;

    protected SingleStageProvider(StageInfo stage, Function<Config, Scheduler> factory) {
        this.stage = Objects.requireNonNull(stage, "stage");
        this.factory = Objects.requireNonNull(factory, "factory");
    }

    @Override
    public final List<StageInfo> stages() {
        return List.of(stage);
    }

    @Override
    public final Scheduler create(String id, Config config) {
        if (!id.equals(stage.id())) {
            throw new IllegalArgumentException("this module has only stage " + stage.id() + ", not " + id);
        }
        return factory.apply(config);
    }
}
