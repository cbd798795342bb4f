-- The sweep for tokens whose workers died on them runs before every claim: it reads only tokens
-- under a lease (a few per worker), not every pending token of the state.
CREATE INDEX token_leased ON token (state, lease_until) WHERE lease_owner IS NOT NULL;
