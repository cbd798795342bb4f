-- ERC-4906 refreshes are requests: refresh_due is when a token goes back through the pipeline (no
-- earlier than refresh-interval after its last refresh, refreshed_at), applied once its work in
-- flight has finished. A contract that emits BatchMetadataUpdate every block re-queues each token
-- at most once an interval and throws away no work.
ALTER TABLE token
    ADD COLUMN refreshed_at timestamptz,
    ADD COLUMN refresh_due timestamptz;
CREATE INDEX token_refresh_due ON token (refresh_due) WHERE refresh_due IS NOT NULL;
