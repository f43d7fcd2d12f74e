package gmp.stage05;

import gmp.core.contract.SchedulerContract;

/**
 * The shared contract for 05-coop, with its preemption test: a goroutine spinning in a loop that
 * calls a function does not starve another at procs=1. The contract kit is instrumented here
 * (its package is in the agent's include list, see this module's pom).
 */
class CoopContractTest extends SchedulerContract {
    @Override
    protected String stageId() {
        return "05-coop";
    }
}
