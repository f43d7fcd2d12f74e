package gmp.core;

/** A checked exception thrown by the body of {@link Go#syscall}, rethrown unchecked in the goroutine. */
public final class SyscallException extends RuntimeException {
    public SyscallException(Throwable cause) {
        super(cause);
    }
}
