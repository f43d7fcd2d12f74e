package gmp.core.spi;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.Scheduler;

import java.util.List;
import java.util.Set;

/**
 * How a stage module makes itself known: list it in
 * {@code META-INF/services/gmp.core.spi.StageProvider}.
 */
public interface StageProvider {

    /** The stages this module provides. */
    List<StageInfo> stages();

    /** Creates stage {@code id} (one of {@link #stages()}) with an already validated config. */
    Scheduler create(String id, Config config);

    /**
     * @param id           the registered id, e.g. "01-n1"
     * @param title        a one-line description
     * @param capabilities what the contract kit should find working
     * @param order        position within its module (ids sort by module, then by this)
     */
    record StageInfo(String id, String title, Set<Capability> capabilities, int order) {
    }
}
