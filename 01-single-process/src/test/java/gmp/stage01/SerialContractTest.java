package gmp.stage01;

import gmp.core.contract.SchedulerContract;

/** The shared contract, and its limitation tests, for 01-serial. */
class SerialContractTest extends SchedulerContract {
    @Override
    protected String stageId() {
        return "01-serial";
    }
}
