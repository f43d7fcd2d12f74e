package gmp.core.spi;

/**
 * A goroutine waiting on a channel: Go's {@code sudog} (runtime2.go). A G waiting in a
 * select has one sudog on each channel of the select; the first waker to win
 * {@link G#selectWin} takes it, the others skip it.
 *
 * <p>A channel send or receive takes its sudog from its M's small cache and gives it back once
 * woken ({@link GoRuntime#acquireSudog}, {@link GoRuntime#releaseSudog}; Go keeps the cache per
 * P, {@code p.sudogcache}): a handoff then allocates nothing. A select makes its own.
 *
 * <p>Invariants: while queued, all fields but {@code g} are written under the lock of
 * {@code chan}; a cached sudog is in no queue and holds no G, channel or value (Go's
 * {@code releaseSudog} throws otherwise, and so does ours).
 */
public final class Sudog {
    public G g;
    /** The channel this sudog is queued on. */
    public Object chan;
    /** The value being sent, or the slot a receive fills (Go's {@code elem}). */
    public Object elem;
    /** True when woken by a value passing, false when woken by close (Go's {@code success}). */
    public boolean success;
    /** True when part of a select. */
    public final boolean isSelect;
    /** The select case this sudog stands for. */
    public final int caseIndex;
    /** True while on a {@link WaitQ} (set by enqueue, cleared by remove): a queued sudog must not be reused. */
    boolean queued;
    public Sudog next;
    public Sudog prev;

    public Sudog(G g, Object chan, Object elem, boolean isSelect, int caseIndex) {
        this.g = g;
        this.chan = chan;
        this.elem = elem;
        this.isSelect = isSelect;
        this.caseIndex = caseIndex;
    }
}
