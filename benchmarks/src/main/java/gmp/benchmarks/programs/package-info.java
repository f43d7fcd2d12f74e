/**
 * "User code" for the preemption benchmarks: these classes are loaded through
 * {@code InstrumentingClassLoader} with no polls, method-entry polls, or entry and back-edge
 * polls, so one JMH run compares the three on the same code. Never referenced by type from
 * outside this package (a loaded copy is a different class): they implement JDK interfaces.
 */
package gmp.benchmarks.programs;
