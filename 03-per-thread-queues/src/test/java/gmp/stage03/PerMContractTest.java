package gmp.stage03;

import gmp.core.contract.SchedulerContract;

/** The shared contract, and its limitation tests (no preemption), for 03-perm. */
class PerMContractTest extends SchedulerContract {
    @Override
    protected String stageId() {
        return "03-perm";
    }
}
