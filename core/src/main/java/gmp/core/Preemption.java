package gmp.core;

/** How a running goroutine can be made to give up its CPU (05-preemption/README.md shows each mode at work). */
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
