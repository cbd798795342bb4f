package io.tokenatlas.fetch;

import io.tokenatlas.token.StageFailure;

/**
 * A fetch failed; the message names the URL and the reason, the code names the kind of failure.
 * It is a stage failure like any other, so a stage records it on its token as it is.
 */
public class FetchException extends StageFailure {
    /**
     * The kinds of fetch failure, as stored on a failed token ({@code errorCode}); INVALID_URI and
     * HOST_BUSY come from StageFailure.
     */
    public static final String ADDRESS_REFUSED = "address_refused";
    public static final String REDIRECT_LIMIT = "redirect_limit";
    public static final String HTTP_STATUS = "http_status";
    public static final String TIMEOUT = "timeout";
    public static final String UNREACHABLE = "unreachable";
    public static final String TRANSFER_FAILED = "transfer_failed";
    public static final String TOO_LARGE = "too_large";
    public static final String CID_MISMATCH = "cid_mismatch";
    public static final String NOT_VERIFIABLE = "not_verifiable";

    public FetchException(String code, String message, boolean retryable, Throwable cause) {
        super(code, message, retryable, cause);
    }
}
