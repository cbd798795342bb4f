package io.tokenatlas.token;

/** Where a token is in the pipeline. Each stage takes tokens in one state and moves them to the next. */
public enum TokenState {
    DISCOVERED("metadata"),
    METADATA_RESOLVED("image"),
    IMAGE_FETCHED("embed"),
    EMBEDDED(null),
    FAILED(null);

    private final String stage;

    TokenState(String stage) {
        this.stage = stage;
    }

    /** The stage that takes tokens in this state (null for the final states). */
    public String stage() {
        return stage;
    }
}
