package gmp.stage04;

import gmp.core.Scheduler;
import gmp.core.contract.SchedulerContract;

/** The shared contract, and its limitation test (no preemption yet), for 04-gmp. */
class GMPContractTest extends SchedulerContract {
    @Override
    protected String stageId() {
        return "04-gmp";
    }

    /** 04-gmp has a sysmon: its "never" is watched through sysmon's looks at a goroutine over its slice. */
    @Override
    protected long sysmonTicksOverSlice(Scheduler sched) {
        return ((GMPScheduler) sched).preemptoneCalls();
    }
}
