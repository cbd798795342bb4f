package io.tokenatlas.token;

/** Where a token is in the pipeline. Each stage takes tokens in one state and moves them to the next. */
public enum TokenState {
    DISCOVERED,
    METADATA_RESOLVED,
    IMAGE_FETCHED,
    EMBEDDED,
    FAILED
}
