package gmp.core;

/**
 * The counters every stage keeps, so stages can be compared number for number (each
 * constant says what it counts; {@code SchedStats} reads them). A stage that has no such mechanism leaves the counter at zero:
 * the N:1 scheduler has no global lock, so its lock counters stay 0, and that is the point.
 */
public enum Stat {
    /** Goroutines created, the main goroutine included ({@code newproc}). */
    GOROUTINES_CREATED("goroutines created"),
    /** Goroutines whose function returned or threw ({@code goexit0}). */
    GOROUTINES_FINISHED("goroutines finished"),
    /** Times an M switched to a G ({@code execute}): one per time slice run. */
    SCHEDULES("schedules"),
    /** Voluntary yields ({@code Gosched}). */
    YIELDS("yields"),
    /** Goroutines parked: on a channel, select, timer, WaitGroup, mutex ({@code gopark}). */
    PARKS("parks"),
    /** Acquisitions of the stage's global scheduler lock ({@code sched.lock}). */
    LOCK_ACQUISITIONS("global lock acquisitions"),
    /** Of those, acquisitions that found the lock held (a failed tryLock first). */
    LOCK_CONTENDED("global lock contended"),
    /** Nanoseconds spent waiting for the global lock. */
    LOCK_WAIT_NS("global lock wait ns"),
    /** Gs put on a local (per-M or per-P) run queue. */
    LOCAL_RUNQ_PUTS("local runq puts"),
    /** Gs taken from a local run queue by its owner. */
    LOCAL_RUNQ_GETS("local runq gets"),
    /** Gs put on the global run queue. */
    GLOBAL_RUNQ_PUTS("global runq puts"),
    /** Gs taken from the global run queue. */
    GLOBAL_RUNQ_GETS("global runq gets"),
    /** Gs run from the {@code runnext} slot. */
    RUNNEXT_HITS("runnext hits"),
    /** Times an idle M or P tried to steal. */
    STEAL_ATTEMPTS("steal attempts"),
    /** Steal attempts that got at least one G. */
    STEAL_SUCCESSES("steal successes"),
    /** Gs moved by stealing. */
    GOROUTINES_STOLEN("goroutines stolen"),
    /** Victim run queues looked at while stealing. */
    QUEUES_SCANNED("queues scanned"),
    /** Blocking system calls entered ({@code entersyscall}). */
    SYSCALLS("syscalls"),
    /** Ps (or the right to run Go code) handed to another M because of a syscall ({@code handoffp}). */
    HANDOFFS("handoffs"),
    /** OS threads (Ms) created. */
    THREADS_CREATED("threads created"),
    /** Most Ms alive at once. Not a sum: the maximum. */
    THREADS_PEAK("threads peak"),
    /** Times an M started spinning (looking for work with nothing local). */
    SPINNING("spinning episodes"),
    /** Times an idle M parked its thread ({@code stopm}/{@code notesleep}). */
    M_PARKS("M parks"),
    /** Times a parked M was woken ({@code notewakeup}). */
    M_WAKEUPS("M wake-ups"),
    /** Preemption requests ({@code preemptone}). */
    PREEMPT_REQUESTS("preempt requests"),
    /** Preemptions honoured at a method-entry poll. */
    PREEMPTIONS_COOPERATIVE("preemptions (cooperative)"),
    /** Preemptions honoured at a loop back-edge after a signal. */
    PREEMPTIONS_ASYNC("preemptions (async)"),
    /** Requests a G could not answer at its poll: it was pinned (a native frame or {@code <clinit>} on its stack). */
    PREEMPTIONS_REFUSED("preemptions refused (pinned)"),
    /** Times a new G was run first by the M that created it (locality). */
    RUN_BY_CREATOR_M("run by creator's M"),
    /** Timers that fired (a sleeping G woken). */
    TIMERS_FIRED("timers fired"),
    /** Goroutines parked on the network poller (a socket would have blocked). */
    NETPOLL_PARKS("netpoll parks"),
    /** Goroutines the network poller made runnable again. */
    NETPOLL_READIED("netpoll readied"),
    /** Times an M blocked in the poller (Go's blocking {@code netpoll(delay)} in findrunnable). */
    NETPOLL_BLOCKS("netpoll blocking waits");

    private final String label;

    Stat(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
