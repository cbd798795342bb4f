package io.tokenatlas.layout;

import java.time.Instant;

/**
 * A stored layout version: what it was computed from, and its grid. {@code inputsReadAt} is the
 * database time just before its vectors were read.
 */
public record LayoutVersion(long id, long collectionId, int version, int modelId, String modelName, int tokenCount, Grid grid,
        String params, int revision, Instant inputsReadAt, Instant createdAt) {
    /** The key in {@code params} of the tokens still in the pipeline when the vectors were read (counted up to {@link #PENDING_COUNTED}). */
    static final String PENDING_KEY = "pendingTokens";
    static final int PENDING_COUNTED = 1000;
    private static final java.util.regex.Pattern PENDING = java.util.regex.Pattern.compile("\"" + PENDING_KEY + "\"\\s*:\\s*(\\d+)");

    /** Tokens that were still in the pipeline when this version's vectors were read (0 for versions that did not count). */
    public int pendingAtInputs() {
        java.util.regex.Matcher m = params == null ? null : PENDING.matcher(params);
        return m != null && m.find() ? Integer.parseInt(m.group(1)) : 0;
    }
}
