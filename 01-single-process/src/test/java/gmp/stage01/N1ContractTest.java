package gmp.stage01;

import gmp.core.contract.SchedulerContract;

/** The shared contract, and its limitation tests, for 01-n1. */
class N1ContractTest extends SchedulerContract {
    @Override
    protected String stageId() {
        return "01-n1";
    }
}
