package gmp.stage01;

import gmp.core.Capability;
import gmp.core.Config;
import gmp.core.Stat;
import gmp.core.spi.RunState;
import gmp.core.spi.AbstractScheduler;
import gmp.core.spi.G;
import gmp.core.spi.M;

import java.util.ArrayDeque;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * What 01-serial and 01-n1 share: one M, one thread, one FIFO run queue. Everything runs on
 * that thread, so the run queue needs no lock at all; the only other threads that can hand
 * it a goroutine (the caller of {@code run}, the timer thread) go through a lock-free inbox
 * and unpark the M.
 *
 * <p>Invariants: {@code runq} is touched only by the M's thread. {@code inbox} may be written
 * by any thread. A G is in at most one of them. The M moves the inbox to the back of
 * {@code runq} before every pick, so a G handed over waits behind at most the Gs queued before
 * it (fairness). The M parks only when both are empty, and every write to the inbox is followed
 * by an unpark, so no wake-up is lost.
 */
public abstract class SingleThreadScheduler extends AbstractScheduler {

    /** The run queue: FIFO, owned by the M. */
    protected final ArrayDeque<G> runq = new ArrayDeque<>();
    private final ConcurrentLinkedQueue<G> inbox = new ConcurrentLinkedQueue<>();
    private volatile M m;
    private volatile boolean idle;

    protected SingleThreadScheduler(String id, Config config, Set<Capability> capabilities) {
        super(id, config, capabilities);
    }

    @Override
    protected final void startRun(G main) {
        if (m == null) {
            M first = new M(this, this::schedule);
            m = first;
            first.start();
        }
        handOver(main);
    }

    /**
     * The M's whole life: take the next G in FIFO order and run it until it switches away.
     * Before each pick, whatever other threads handed over (a timer's wake-up, a goroutine back
     * from a syscall) joins the back of the queue: it runs after the Gs queued before it arrived
     * and before any queued later. Serving the inbox only when the queue is empty would let two
     * goroutines that keep readying each other starve it forever (Go's TestTimerFairness).
     */
    private void schedule() {
        M self = M.current();
        while (!closing()) {
            for (G h; (h = inbox.poll()) != null; ) {
                runq.addLast(h);
            }
            G g = runq.pollFirst();
            if (g == null) {
                RunState r = currentRun();
                if (r != null && onIdle(r)) {
                    continue;
                }
                idle = true;
                self.stats.inc(Stat.M_PARKS);
                LockSupport.park(this);
                idle = false;
                continue;
            }
            self.execute(g);
        }
        runq.clear();       // closed: what is left would only keep goroutines (and the heap) alive
        inbox.clear();
    }

    /** Called when there is nothing to run; return true if that changed something. */
    protected boolean onIdle(RunState r) {
        return false;
    }

    @Override
    protected void spawn(G g, M m) {
        runq.addLast(g);
        m.stats.inc(Stat.LOCAL_RUNQ_PUTS);
    }

    @Override
    protected final void ready(G g) {
        M self = M.current();
        if (self != null && self == m) {
            runq.addLast(g);
        } else {
            handOver(g);
        }
    }

    /** From another thread: put {@code g} in the inbox and make sure the M is awake. */
    private void handOver(G g) {
        inbox.add(g);
        M target = m;
        LockSupport.unpark(target.thread());
    }

    @Override
    protected void gosched(G g, M m) {
        runq.addLast(g);
    }

    @Override
    protected final void endRun(RunState run) {
        // The M discards the run's Gs itself as it meets them (M.execute skips Gs of an ended run):
        // only its thread may touch runq.
        M target = m;
        if (target != null) {
            LockSupport.unpark(target.thread());
        }
    }

    @Override
    protected void shutdown() {
        M target = m;
        if (target != null) {
            LockSupport.unpark(target.thread());
        }
    }

    @Override
    protected final String schedtraceFields() {
        return "gomaxprocs=1 idleprocs=" + (idle ? 1 : 0) + " threads=" + threadsAlive()
                + " spinningthreads=0 idlethreads=" + (idle ? 1 : 0) + " runqueue=" + (runq.size() + inbox.size()) + " []";
    }
}
