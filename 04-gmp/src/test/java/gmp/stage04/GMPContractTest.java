package gmp.stage04;

import gmp.core.contract.SchedulerContract;

/** The shared contract, and its limitation test (no preemption yet), for 04-gmp. */
class GMPContractTest extends SchedulerContract {
    @Override
    protected String stageId() {
        return "04-gmp";
    }
}
