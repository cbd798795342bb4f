package io.tokenatlas.fetch;

/** A fetch failed; the message names the URL and the reason. */
public class FetchException extends RuntimeException {
    private final boolean retryable;

    public FetchException(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public boolean retryable() {
        return retryable;
    }
}
