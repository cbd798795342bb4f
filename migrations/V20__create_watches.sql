-- Copymint watches: a collection, or one token of it, whose copies minted on any other collection
-- are reported as they are embedded (a copymint.match event, and so webhooks). Only tokens indexed
-- after the watch was made are compared (their events come after from_seq).
CREATE TABLE watch (
    id             bigserial     PRIMARY KEY,
    collection_id  bigint        NOT NULL REFERENCES collection (id) ON DELETE CASCADE,
    token_id       numeric(78,0),
    min_similarity double precision NOT NULL CHECK (min_similarity BETWEEN -1 AND 1),
    max_distance   integer       NOT NULL CHECK (max_distance BETWEEN 0 AND 64),
    from_seq       bigint        NOT NULL,
    created_at     timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX watch_collection ON watch (collection_id);

-- A token found to copy a watched one, with the evidence (scores, hash distance, both mints).
CREATE TABLE watch_match (
    id                bigserial     PRIMARY KEY,
    watch_id          bigint        NOT NULL REFERENCES watch (id) ON DELETE CASCADE,
    collection_id     bigint        NOT NULL,
    token_id          numeric(78,0) NOT NULL,
    original_token_id numeric(78,0) NOT NULL,
    evidence          jsonb         NOT NULL,
    found_at          timestamptz   NOT NULL DEFAULT now(),
    UNIQUE (watch_id, collection_id, token_id),
    FOREIGN KEY (collection_id, token_id) REFERENCES token (collection_id, token_id) ON DELETE CASCADE
);

-- The last event the watcher has compared; its one row is the watcher's lock (one replica at a time).
CREATE TABLE watch_cursor (
    one      boolean PRIMARY KEY DEFAULT true CHECK (one),
    last_seq bigint  NOT NULL
);
INSERT INTO watch_cursor (one, last_seq) VALUES (true, 0);

-- A match is an event of the watched collection, in the transaction that records it.
CREATE FUNCTION watch_match_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_log (collection_id, kind, token_id, data)
    SELECT w.collection_id, 'copymint.match', NEW.original_token_id,
           NEW.evidence || jsonb_build_object('watch', NEW.watch_id, 'match', NEW.id)
      FROM watch w WHERE w.id = NEW.watch_id;
    RETURN NULL;
END $$;
CREATE TRIGGER watch_match_recorded AFTER INSERT ON watch_match FOR EACH ROW
    EXECUTE FUNCTION watch_match_events();
