package io.tokenatlas.token;

/**
 * A stage could not finish a token. The message is what the user sees on the token, so it says
 * what was being done and why it failed.
 */
public class StageFailure extends RuntimeException {
    private final boolean retryable;

    public StageFailure(String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.retryable = retryable;
    }

    public static StageFailure permanent(String message) {
        return new StageFailure(message, false, null);
    }

    public static StageFailure retryable(String message, Throwable cause) {
        return new StageFailure(message, true, cause);
    }

    public boolean retryable() {
        return retryable;
    }
}
