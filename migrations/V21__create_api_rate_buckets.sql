-- The API's rate-limit buckets, one a client, shared by every replica (Bucket4j's PostgreSQL
-- backend: the state is its serialised bucket, expires_at when a full bucket can be forgotten, in
-- epoch milliseconds).
CREATE TABLE api_rate_bucket (
    id         text   PRIMARY KEY,
    state      bytea,
    expires_at bigint
);
CREATE INDEX api_rate_bucket_expires ON api_rate_bucket (expires_at);
