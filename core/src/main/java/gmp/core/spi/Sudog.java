package gmp.core.spi;

/**
 * A goroutine waiting on a channel: Go's {@code sudog} (runtime2.go). A G waiting in a
 * select has one sudog on each channel of the select; the first waker to win
 * {@link G#selectWin} takes it, the others skip it.
 *
 * <p>Invariant: all fields but {@code g} are written under the lock of {@code chan}.
 */
public final class Sudog {
    public final G g;
    /** The channel this sudog is queued on. */
    public final Object chan;
    /** The value being sent, or the slot a receive fills (Go's {@code elem}). */
    public Object elem;
    /** True when woken by a value passing, false when woken by close (Go's {@code success}). */
    public boolean success;
    /** True when part of a select. */
    public final boolean isSelect;
    /** The select case this sudog stands for. */
    public final int caseIndex;
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
