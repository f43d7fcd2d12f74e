package gmp.core;

/**
 * What a stage can do. The contract kit runs the positive tests for the capabilities a stage
 * declares and the limitation tests, which assert the failure, for those it lacks.
 */
public enum Capability {
    /** A goroutine can block waiting for another (channels, WaitGroup) and be resumed. */
    COOPERATION,
    /** Two goroutines can run at the same instant on two CPUs. */
    PARALLELISM,
    /** A goroutine blocked in a system call does not stop the others. */
    SYSCALL_OVERLAP,
    /** A goroutine that never blocks can be stopped so others run. */
    PREEMPTION
}
