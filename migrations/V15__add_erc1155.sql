-- ERC-1155 collections: the standard a collection follows, transfers with amounts (a
-- TransferBatch log carries many ids: batch_index tells them apart), each id's supply, and each
-- owner's balance per id (kept from the transfer logs, recomputed with them after a reorg).
ALTER TABLE collection ADD COLUMN standard text NOT NULL DEFAULT 'erc721';

ALTER TABLE transfer_log
    ADD COLUMN batch_index integer       NOT NULL DEFAULT 0,
    ADD COLUMN amount      numeric(78,0) NOT NULL DEFAULT 1;
ALTER TABLE transfer_log DROP CONSTRAINT transfer_log_pkey;
ALTER TABLE transfer_log ADD PRIMARY KEY (collection_id, block_number, log_index, batch_index);

ALTER TABLE token ADD COLUMN supply numeric(78,0);

CREATE TABLE token_balance (
    collection_id bigint        NOT NULL,
    token_id      numeric(78,0) NOT NULL,
    owner         text          NOT NULL,
    balance       numeric(78,0) NOT NULL CHECK (balance > 0),
    PRIMARY KEY (collection_id, token_id, owner),
    FOREIGN KEY (collection_id, token_id) REFERENCES token (collection_id, token_id) ON DELETE CASCADE
);
CREATE INDEX token_balance_owner ON token_balance (collection_id, owner);
