package gmp.core;

import gmp.core.spi.StageProvider;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;

/**
 * The registry of stages. Each stage module registers a {@link StageProvider} with
 * {@link ServiceLoader}; whichever stage modules are on the class path are available.
 */
public final class Schedulers {
    private Schedulers() {
    }

    private static final class Registry {
        static final Map<String, StageProvider.StageInfo> INFO = new TreeMap<>();
        static final Map<String, StageProvider> PROVIDERS = new TreeMap<>();

        static {
            for (StageProvider p : ServiceLoader.load(StageProvider.class, Schedulers.class.getClassLoader())) {
                for (StageProvider.StageInfo info : p.stages()) {
                    if (PROVIDERS.putIfAbsent(info.id(), p) != null) {
                        throw new IllegalStateException("stage id " + info.id() + " is registered twice");
                    }
                    INFO.put(info.id(), info);
                }
            }
        }
    }

    /** Creates the scheduler of stage {@code id} with default settings. */
    public static Scheduler create(String id) {
        return create(id, Config.defaults());
    }

    /**
     * Creates the scheduler of stage {@code id}.
     *
     * @throws IllegalArgumentException for an unknown id (the message lists the registered ones)
     *                                  or an invalid config (the message says what is allowed)
     */
    public static Scheduler create(String id, Config config) {
        Objects.requireNonNull(id, "Schedulers.create: id is null");
        Objects.requireNonNull(config, "Schedulers.create: config is null");
        StageProvider p = Registry.PROVIDERS.get(id);
        if (p == null) {
            throw new IllegalArgumentException("unknown stage id '" + id + "'; registered stages: " + ids()
                    + (ids().isEmpty() ? " (no stage module is on the class path)" : ""));
        }
        config.validate();
        Preemption asked = config.preemption();
        if ((asked == Preemption.COOPERATIVE || asked == Preemption.ASYNC)
                && !Registry.INFO.get(id).capabilities().contains(Capability.PREEMPTION)) {
            throw new IllegalArgumentException("stage " + id + " cannot preempt a running goroutine (preemption "
                    + asked + " was asked); preemption arrives in stage 05: use 05-coop (COOPERATIVE) or 05-async"
                    + " (ASYNC or COOPERATIVE), or leave preemption at STAGE_DEFAULT or OFF");
        }
        return p.create(id, config);
    }

    /** The registered stage ids, in order: "01-serial", "01-n1", "01-threads", "02-gm", ... */
    public static List<String> ids() {
        List<String> ids = new ArrayList<>(Registry.INFO.keySet());
        ids.sort(Schedulers::compareIds);
        return Collections.unmodifiableList(ids);
    }

    /** What stage {@code id} declares it can do. */
    public static Set<Capability> capabilities(String id) {
        return info(id).capabilities();
    }

    /** A one-line description of stage {@code id}. */
    public static String title(String id) {
        return info(id).title();
    }

    private static StageProvider.StageInfo info(String id) {
        StageProvider.StageInfo i = Registry.INFO.get(id);
        if (i == null) {
            throw new IllegalArgumentException("unknown stage id '" + id + "'; registered stages: " + ids());
        }
        return i;
    }

    /** By module number, then in the order the provider lists them (serial before n1 before threads). */
    private static int compareIds(String a, String b) {
        int byModule = a.substring(0, 2).compareTo(b.substring(0, 2));
        if (byModule != 0) {
            return byModule;
        }
        return Integer.compare(Registry.INFO.get(a).order(), Registry.INFO.get(b).order());
    }
}
