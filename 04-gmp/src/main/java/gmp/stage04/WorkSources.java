package gmp.stage04;

import gmp.core.spi.G;

/**
 * Every place {@code findRunnable} can look for a goroutine, one method per source, as seen by
 * one M holding one P: the words of Go's {@code findRunnable} (proc.go) made into an interface,
 * so that its order ({@link FindWork#findWork}) reads like Go's and exercise 4.3 can write
 * it. Implemented for each M and its current P by {@code FindWork.Sources}.
 *
 * <p>Each method does what the Go code it names does, locks included: the caller decides only
 * <em>whether</em> and <em>in which order</em> to look.
 */
public interface WorkSources {

    /** Go's {@code checkTimers(pp)}: runs this P's due timers; each readies its G into runnext. */
    void checkTimers();

    /** This P's {@code schedtick}: schedules that did not inherit a time slice. */
    int schedtick();

    /** Go's {@code sched.runqsize}: the global queue's length, read without the lock (a hint). */
    int globrunqsize();

    /**
     * Go's {@code globrunqget(pp, max)} under {@code sched.lock}: {@code max = 1} takes one G,
     * {@code max = 0} a fair batch ({@code min(n, n/gomaxprocs + 1, len(runq)/2)}) of which the
     * first is returned and the rest go onto this P's ring. Null if the queue is empty.
     */
    G globrunqget(int max);

    /** Go's {@code runqget(pp)}: runnext (the G then inherits the time slice), else the ring; null if empty. */
    G runqget();

    /**
     * Go's non-blocking {@code netpoll(0)}, if goroutines wait on the network and no M is blocked
     * polling: the first G it readied (the others are queued), or null.
     */
    G netpoll();

    /** Whether this M is spinning ({@code mp.spinning}). */
    boolean spinning();

    /** Go's {@code sched.nmspinning}: Ms spinning right now. */
    int nmspinning();

    /** Go's {@code sched.npidle}: Ps on the idle list. */
    int npidle();

    /** GOMAXPROCS: how many Ps there are. */
    int gomaxprocs();

    /** This M starts spinning ({@code mp.spinning = true; sched.nmspinning++}). Call only if it is not. */
    void startSpinning();

    /**
     * Go's {@code stealWork}: up to 4 rounds over the other Ps in a random order, taking half of
     * the first non-empty queue found (runnext and due timers only on the last round). Only a
     * spinning M may call it. Returns a G to run, or null.
     */
    G stealWork();
}
