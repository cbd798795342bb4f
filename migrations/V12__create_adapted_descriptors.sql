-- A descriptor fitted to each collection (docs/descriptors.md): the fit, versioned, and each
-- token's adapted vector with its own HNSW index. A refit writes a new version and rewrites the
-- vectors; tokens embedded since are projected with the current fit as they arrive.
CREATE TABLE descriptor_fit (
    collection_id bigint  NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    model_id      integer NOT NULL REFERENCES model (id),
    version       integer NOT NULL,
    token_count   integer NOT NULL,
    fit           bytea   NOT NULL,
    -- When the fit read its vectors: vectors embedded since are projected by the catch-up.
    inputs_read_at timestamptz NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (collection_id, model_id, version)
);

CREATE TABLE adapted_vector (
    collection_id bigint        NOT NULL,
    token_id      numeric(78,0) NOT NULL,
    model_id      integer       NOT NULL,
    version       integer       NOT NULL,
    vector        vector(160)   NOT NULL,
    -- The created_at of the embedding it was projected from (a re-embedded token is projected again).
    embedded_at   timestamptz   NOT NULL,
    PRIMARY KEY (collection_id, token_id, model_id),
    FOREIGN KEY (collection_id, token_id, model_id) REFERENCES embedding (collection_id, token_id, model_id)
        ON DELETE CASCADE
);

CREATE INDEX adapted_vector_hnsw ON adapted_vector USING hnsw (vector vector_cosine_ops);
