-- A full recompute of a collection's map: what it was computed from and how.
-- version counts per collection (1, 2, ...); the highest is the current one.
-- revision grows whenever the version's points change between recomputes (a token placed
-- provisionally, a burned token removed), so that version + revision identify what /map serves.
CREATE TABLE layout_version (
    id            bigserial   PRIMARY KEY,
    collection_id bigint      NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    version       integer     NOT NULL,
    model_id      integer     NOT NULL REFERENCES model (id),
    token_count   integer     NOT NULL,
    grid_cols     integer     NOT NULL,
    grid_rows     integer     NOT NULL,
    params        jsonb       NOT NULL,
    revision      integer     NOT NULL DEFAULT 0,
    created_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (collection_id, version)
);

CREATE TABLE layout_cluster (
    layout_id bigint  NOT NULL REFERENCES layout_version (id) ON DELETE CASCADE,
    cluster   integer NOT NULL,
    name      text    NOT NULL,
    size      integer NOT NULL,
    x         real    NOT NULL,
    y         real    NOT NULL,
    PRIMARY KEY (layout_id, cluster)
);

-- A token's place in a version. cell is row * grid_cols + col, or NULL for a provisional token
-- that found the grid full.
CREATE TABLE layout_point (
    layout_id     bigint        NOT NULL REFERENCES layout_version (id) ON DELETE CASCADE,
    collection_id bigint        NOT NULL,
    token_id      numeric(78,0) NOT NULL,
    x             real          NOT NULL,
    y             real          NOT NULL,
    cell          integer,
    cluster       integer       NOT NULL,
    provisional   boolean       NOT NULL DEFAULT false,
    PRIMARY KEY (layout_id, token_id),
    FOREIGN KEY (collection_id, token_id) REFERENCES token (collection_id, token_id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX layout_point_cell ON layout_point (layout_id, cell) WHERE cell IS NOT NULL;
CREATE INDEX layout_point_token ON layout_point (collection_id, token_id);
