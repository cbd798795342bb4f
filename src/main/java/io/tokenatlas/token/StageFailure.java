package io.tokenatlas.token;

/**
 * A stage could not finish a token. The message is what the user sees on the token, so it says
 * what was being done and why it failed; the code names the kind of failure (stored as
 * {@code error_code}, listed in docs/api.md) so that failures can be counted and filtered.
 */
public class StageFailure extends RuntimeException {
    /** Codes of the stages' own failures (fetch failures bring theirs from the fetcher). */
    public static final String TOKEN_URI_REVERTED = "token_uri_reverted";
    public static final String TOKEN_URI_INVALID = "token_uri_invalid";
    public static final String CHAIN_UNAVAILABLE = "chain_unavailable";
    public static final String INVALID_URI = "invalid_uri";
    public static final String INVALID_JSON = "invalid_json";
    public static final String NO_IMAGE = "no_image";
    public static final String UNSUPPORTED_IMAGE = "unsupported_image";
    public static final String TOO_MANY_PIXELS = "too_many_pixels";
    public static final String UNDECODABLE_IMAGE = "undecodable_image";
    public static final String INTERNAL = "internal";
    /** The token's host has its share of fetches in flight (as the fetcher names it): deferred, not failed. */
    public static final String HOST_BUSY = "host_busy";
    /** A shared budget (decode memory) was taken by others for too long: tried again later. */
    public static final String BUSY = "busy";
    /** The work ran out of memory or stack (a hostile input the limits did not catch). */
    public static final String RESOURCES_EXHAUSTED = "resources_exhausted";

    private final boolean retryable;
    private final String code;

    public StageFailure(String code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    public static StageFailure permanent(String code, String message) {
        return new StageFailure(code, message, false, null);
    }

    public static StageFailure retryable(String code, String message, Throwable cause) {
        return new StageFailure(code, message, true, cause);
    }

    /**
     * What {@code error} means for a token: itself when it is a StageFailure; out of memory or stack
     * is permanent (trying again would only do it again; a retry request can); anything else
     * unexpected is internal and retryable.
     */
    public static StageFailure of(String stage, Throwable error) {
        if (error instanceof StageFailure f) {
            return f;
        }
        if (error instanceof VirtualMachineError) {
            String what = error instanceof StackOverflowError ? "its stack" : "memory";
            return new StageFailure(RESOURCES_EXHAUSTED, "the " + stage + " stage ran out of " + what
                    + " on this token (" + error.getClass().getSimpleName() + ")", false, error);
        }
        return retryable(INTERNAL, "the " + stage + " stage failed unexpectedly ("
                + error.getClass().getSimpleName() + ")", error);
    }

    /** This failure, its message prefixed with what was being done ("fetching the image failed: ..."). */
    public StageFailure during(String what) {
        return new StageFailure(code, what + ": " + getMessage(), retryable, this);
    }

    public boolean retryable() {
        return retryable;
    }

    public String code() {
        return code;
    }
}
