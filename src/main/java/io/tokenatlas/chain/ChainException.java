package io.tokenatlas.chain;

/** A JSON-RPC call failed; the message says which call, on which chain. */
public class ChainException extends RuntimeException {
    private final boolean retryable;

    public ChainException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    /** True when the same call may succeed later (I/O errors, timeouts), false for reverts and bad answers. */
    public boolean retryable() {
        return retryable;
    }
}
