package gmp.stage02;

import gmp.core.contract.SchedulerContract;

/** The shared contract, and its limitation tests (no preemption), for 02-gm. */
class GMContractTest extends SchedulerContract {
    @Override
    protected String stageId() {
        return "02-gm";
    }
}
