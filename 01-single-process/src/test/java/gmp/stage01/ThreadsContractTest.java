package gmp.stage01;

import gmp.core.contract.SchedulerContract;

/** The shared contract, and its limitation tests, for 01-threads. */
class ThreadsContractTest extends SchedulerContract {
    @Override
    protected String stageId() {
        return "01-threads";
    }
}
