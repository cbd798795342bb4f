-- Lease accounting: when a token's lease is taken over after it ran out with no result recorded,
-- the worker handling it crashed, was killed or ran out of memory; lost_leases counts those, so a
-- token that kills its workers ends FAILED instead of being claimed forever. retrying_since is when
-- the current run of retryable failures began (a token gives up only after the retry budget).
ALTER TABLE token
    ADD COLUMN lost_leases integer NOT NULL DEFAULT 0,
    ADD COLUMN retrying_since timestamptz;
