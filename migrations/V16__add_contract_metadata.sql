-- ERC-7572 contract-level metadata: what contractURI() answered, the JSON it points at (name,
-- description, image, banner...), why it could not be read, and whether it is due to be read
-- (at registration, and again after a ContractURIUpdated event).
ALTER TABLE collection
    ADD COLUMN contract_uri            text,
    ADD COLUMN contract_metadata       jsonb,
    ADD COLUMN contract_metadata_error text,
    ADD COLUMN contract_metadata_due   boolean NOT NULL DEFAULT true;

CREATE INDEX collection_contract_metadata_due ON collection (id) WHERE contract_metadata_due;
