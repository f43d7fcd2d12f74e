package gmp.core;

/** How a running goroutine can be made to give up its CPU (DESIGN section 5). */
public enum Preemption {
    /** Use what the stage implements (none before 05, cooperative for 05-coop, async for 05-async). */
    STAGE_DEFAULT,
    /** Never: a goroutine runs until it blocks, yields or returns. */
    OFF,
    /** Go 1.2-1.13: a flag checked at method entry. */
    COOPERATIVE,
    /** Go 1.14+: a signal-like request also checked at loop back-edges. */
    ASYNC
}
