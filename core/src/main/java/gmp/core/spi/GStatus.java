package gmp.core.spi;

/**
 * The life of a goroutine, mirroring Go's {@code _Gidle ... _Gpreempted} (runtime2.go).
 *
 * <p>Go also has {@code _Gcopystack} (a stack being moved); a Continuation's stack is grown
 * and copied by the JVM itself, so there is no such state here.
 */
public enum GStatus {
    /** Allocated, not yet initialised ({@code _Gidle}). */
    IDLE,
    /** On a run queue, not executing ({@code _Grunnable}). */
    RUNNABLE,
    /** Executing user code on an M ({@code _Grunning}). */
    RUNNING,
    /** Executing a blocking system call on its M ({@code _Gsyscall}). */
    SYSCALL,
    /** Parked: blocked on a channel, timer, lock... ({@code _Gwaiting}). */
    WAITING,
    /** Finished (or discarded when the program ended) ({@code _Gdead}). */
    DEAD,
    /** Stopped by a preemption request, waiting to be rescheduled ({@code _Gpreempted}). */
    PREEMPTED
}
