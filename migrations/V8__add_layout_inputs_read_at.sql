-- The database time just before a layout version read its vectors: only vectors stored after it
-- (less a margin for transactions still open then) can be missing from the version, so the
-- daemon's once-a-second look for them is an index range, not a scan of the whole collection.
ALTER TABLE layout_version ADD COLUMN inputs_read_at timestamptz;
UPDATE layout_version SET inputs_read_at = created_at - interval '1 day';
ALTER TABLE layout_version ALTER COLUMN inputs_read_at SET NOT NULL;

CREATE INDEX embedding_stored ON embedding (collection_id, model_id, created_at);
-- Burned tokens still on a map are found through this, not by reading every token.
CREATE INDEX token_burned ON token (collection_id, token_id) WHERE burned;
