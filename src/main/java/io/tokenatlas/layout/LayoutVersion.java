package io.tokenatlas.layout;

import java.time.Instant;

/**
 * A stored layout version: what it was computed from, and its grid. {@code inputsReadAt} is the
 * database time just before its vectors were read.
 */
public record LayoutVersion(long id, long collectionId, int version, int modelId, String modelName, int tokenCount, Grid grid,
        String params, int revision, Instant inputsReadAt, Instant createdAt) {}
