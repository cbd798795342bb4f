-- What users can follow as it happens (the event stream at /api/v1/events and webhooks). Triggers
-- write each event in the transaction that makes the change it reports: an event exists exactly
-- when its change committed, whatever code path made it (a batch of tokens, a reorg, a refresh).
--
-- seq is the order readers see. A serial id is given at insert, but transactions commit in
-- another order, so a reader that has read id 105 could later see 104 commit and never read it.
-- seq is given after commit instead, by one sequencer at a time (EventLog.sequence), to the
-- events that have committed since its last run: a reader that has seen seq N never later finds
-- an event below N, and a long transaction elsewhere holds back only its own events.
CREATE TABLE event_log (
    id            bigserial     PRIMARY KEY,
    seq           bigint        UNIQUE,
    collection_id bigint        NOT NULL,
    kind          text          NOT NULL,
    token_id      numeric(78,0),
    data          jsonb         NOT NULL DEFAULT '{}',
    created_at    timestamptz   NOT NULL DEFAULT now()
);
CREATE INDEX event_log_unsequenced ON event_log (id) WHERE seq IS NULL;
CREATE INDEX event_log_created ON event_log (created_at);

-- The last seq given; its one row is the sequencer's lock.
CREATE TABLE event_sequence (
    one      boolean PRIMARY KEY DEFAULT true CHECK (one),
    last_seq bigint  NOT NULL
);
INSERT INTO event_sequence (one, last_seq) VALUES (true, 0);

CREATE FUNCTION token_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NEW.burned AND NOT OLD.burned THEN
        INSERT INTO event_log (collection_id, kind, token_id, data)
        VALUES (NEW.collection_id, 'token.burned', NEW.token_id, jsonb_build_object('owner', OLD.owner));
    ELSIF NEW.state = 'EMBEDDED' THEN
        -- embed_count > 1: embedded before, so this is a refresh (ERC-4906, or a user's).
        INSERT INTO event_log (collection_id, kind, token_id, data)
        VALUES (NEW.collection_id, CASE WHEN NEW.embed_count > 1 THEN 'token.refreshed' ELSE 'token.indexed' END,
                NEW.token_id, jsonb_build_object('name', NEW.name, 'embeddings', NEW.embed_count));
    ELSIF NEW.state = 'FAILED' THEN
        INSERT INTO event_log (collection_id, kind, token_id, data)
        VALUES (NEW.collection_id, 'token.failed', NEW.token_id,
                jsonb_build_object('stage', NEW.failed_stage, 'code', NEW.error_code, 'error', NEW.error));
    END IF;
    RETURN NULL;
END $$;
CREATE TRIGGER token_events AFTER UPDATE OF state, burned ON token FOR EACH ROW
    WHEN ((NEW.state IS DISTINCT FROM OLD.state AND NEW.state IN ('EMBEDDED', 'FAILED'))
          OR (NEW.burned AND NOT OLD.burned))
    EXECUTE FUNCTION token_events();

-- A new map version, or a revision of the current one (tokens placed provisionally, burns removed).
CREATE FUNCTION layout_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO event_log (collection_id, kind, data)
    VALUES (NEW.collection_id, 'map.version',
            jsonb_build_object('version', NEW.version, 'revision', NEW.revision, 'tokens', NEW.token_count));
    RETURN NULL;
END $$;
CREATE TRIGGER layout_version_created AFTER INSERT ON layout_version FOR EACH ROW
    EXECUTE FUNCTION layout_events();
CREATE TRIGGER layout_version_revised AFTER UPDATE OF revision ON layout_version FOR EACH ROW
    WHEN (NEW.revision <> OLD.revision)
    EXECUTE FUNCTION layout_events();

-- A collection registered, its status or error changed, or the collection deleted.
CREATE FUNCTION collection_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' THEN
        INSERT INTO event_log (collection_id, kind, data)
        VALUES (OLD.id, 'collection.deleted', jsonb_build_object('chainId', OLD.chain_id, 'address', OLD.address));
        RETURN NULL;
    END IF;
    INSERT INTO event_log (collection_id, kind, data)
    VALUES (NEW.id, 'collection.status', jsonb_build_object('chainId', NEW.chain_id, 'address', NEW.address,
            'status', NEW.status, 'error', NEW.error));
    RETURN NULL;
END $$;
CREATE TRIGGER collection_registered AFTER INSERT ON collection FOR EACH ROW
    EXECUTE FUNCTION collection_events();
CREATE TRIGGER collection_status_changed AFTER UPDATE OF status, error ON collection FOR EACH ROW
    WHEN (NEW.status IS DISTINCT FROM OLD.status OR NEW.error IS DISTINCT FROM OLD.error)
    EXECUTE FUNCTION collection_events();
CREATE TRIGGER collection_deleted AFTER DELETE ON collection FOR EACH ROW
    EXECUTE FUNCTION collection_events();

-- Webhook subscriptions (managed over the API) and where each one's delivery stands: cursor_seq is
-- the last event it has been given or passed over, moved only after the receiver said 2xx; one
-- replica at a time delivers to it (lease_owner, lease_until).
CREATE TABLE webhook (
    id              bigserial   PRIMARY KEY,
    url             text        NOT NULL,
    kinds           text[]      NOT NULL,
    collection_ids  bigint[]    NOT NULL,
    secret          text        NOT NULL,
    cursor_seq      bigint      NOT NULL,
    delivered       bigint      NOT NULL DEFAULT 0,
    attempts        integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    failing_since   timestamptz,
    last_status     integer,
    last_error      text,
    last_attempt_at timestamptz,
    lease_owner     text,
    lease_until     timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
