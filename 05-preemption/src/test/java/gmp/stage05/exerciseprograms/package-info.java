/**
 * Programs for the poll-placement tests (exercises 5.2 and 5.3). This package is deliberately
 * <em>not</em> in the preempt agent's include list: its classes get polls only from the
 * {@code InstrumentingClassLoader} a test builds with the placement it checks, so a test that
 * passes proves that placement, not the agent's.
 */
package gmp.stage05.exerciseprograms;
