-- pgvector is created by the superuser in scripts/setup; this is a no-op then.
CREATE EXTENSION IF NOT EXISTS vector;

-- A registered ERC-721 contract on one chain and how far its Transfer logs have been read.
CREATE TABLE collection (
    id               bigserial PRIMARY KEY,
    chain_id         bigint      NOT NULL,
    address          text        NOT NULL CHECK (address ~ '^0x[0-9a-f]{40}$'),
    name             text,
    symbol           text,
    from_block       bigint      NOT NULL,
    from_block_source text       NOT NULL,
    -- Last block whose Transfer logs are all applied to token rows (-1 before the first).
    cursor_block     bigint      NOT NULL,
    cursor_hash      text,
    head_block       bigint,
    status           text        NOT NULL,
    error            text,
    created_at       timestamptz NOT NULL DEFAULT now(),
    updated_at       timestamptz NOT NULL DEFAULT now(),
    UNIQUE (chain_id, address)
);

-- Hashes of the blocks the follower applied, so that a reorg can be found and undone.
CREATE TABLE chain_block (
    collection_id bigint NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    number        bigint NOT NULL,
    hash          text   NOT NULL,
    parent_hash   text   NOT NULL,
    PRIMARY KEY (collection_id, number)
);

-- Every Transfer log applied, kept by block so that orphaned blocks can be undone.
CREATE TABLE transfer_log (
    collection_id bigint        NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    block_number  bigint        NOT NULL,
    log_index     integer       NOT NULL,
    block_hash    text          NOT NULL,
    tx_hash       text          NOT NULL,
    token_id      numeric(78,0) NOT NULL,
    from_address  text          NOT NULL,
    to_address    text          NOT NULL,
    PRIMARY KEY (collection_id, block_number, log_index)
);

-- Downscaled copies of fetched images, by the sha256 of the original bytes.
CREATE TABLE media (
    sha256      text        PRIMARY KEY,
    mime_type   text        NOT NULL,
    width       integer     NOT NULL,
    height      integer     NOT NULL,
    byte_size   bigint      NOT NULL,
    thumbnail   bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);

-- One row a token: its chain facts and where it is in the pipeline.
-- state: DISCOVERED -> METADATA_RESOLVED -> IMAGE_FETCHED -> EMBEDDED, or FAILED with error.
CREATE TABLE token (
    collection_id  bigint        NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    token_id       numeric(78,0) NOT NULL,
    owner          text,
    minted_block   bigint        NOT NULL,
    burned         boolean       NOT NULL DEFAULT false,
    state          text          NOT NULL,
    error          text,
    failed_stage   text,
    attempts       integer       NOT NULL DEFAULT 0,
    next_attempt_at timestamptz  NOT NULL DEFAULT now(),
    lease_owner    text,
    lease_until    timestamptz,
    token_uri      text,
    metadata       jsonb,
    name           text,
    image_uri      text,
    media_sha256   text REFERENCES media (sha256),
    embed_count    integer       NOT NULL DEFAULT 0,
    updated_at     timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (collection_id, token_id)
);
CREATE INDEX token_pending ON token (state, next_attempt_at) WHERE state IN ('DISCOVERED', 'METADATA_RESOLVED', 'IMAGE_FETCHED');

CREATE TABLE token_trait (
    collection_id bigint        NOT NULL,
    token_id      numeric(78,0) NOT NULL,
    ordinal       integer       NOT NULL,
    trait_type    text,
    value         text          NOT NULL,
    display_type  text,
    PRIMARY KEY (collection_id, token_id, ordinal),
    FOREIGN KEY (collection_id, token_id) REFERENCES token (collection_id, token_id) ON DELETE CASCADE
);
CREATE INDEX token_trait_value ON token_trait (collection_id, trait_type, value);

-- An embedding model by identity; each gets its own HNSW index over its vectors (created by the daemon).
CREATE TABLE model (
    id         serial PRIMARY KEY,
    name       text    NOT NULL,
    sha256     text    NOT NULL,
    dimension  integer NOT NULL CHECK (dimension > 0),
    created_at timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, sha256)
);

-- The column has no fixed dimension so that models of any size share it; each model's HNSW
-- index is a partial expression index casting to that model's dimension.
CREATE TABLE embedding (
    collection_id bigint        NOT NULL,
    token_id      numeric(78,0) NOT NULL,
    model_id      integer       NOT NULL REFERENCES model (id),
    vector        vector        NOT NULL,
    created_at    timestamptz   NOT NULL DEFAULT now(),
    PRIMARY KEY (collection_id, token_id, model_id),
    FOREIGN KEY (collection_id, token_id) REFERENCES token (collection_id, token_id) ON DELETE CASCADE
);
