-- Where a token's facts came from, so that anyone can check them: the block its tokenURI was read
-- at (number and hash), the sha256 of the metadata bytes and whether they were verified, and which
-- verified IPFS blocks its metadata and image were rebuilt from (null when not from IPFS or not kept).
ALTER TABLE token
    ADD COLUMN uri_block         bigint,
    ADD COLUMN uri_block_hash    text,
    ADD COLUMN metadata_sha256   text,
    ADD COLUMN metadata_verified boolean,
    ADD COLUMN metadata_car      text,
    ADD COLUMN image_car         text;

-- The verified blocks of IPFS content, as a CARv1 archive whose root is the content's CID, by the
-- CID (v1) and path it was asked by; shared by every token naming the same content.
CREATE TABLE ipfs_car (
    entity     text        PRIMARY KEY,
    car        bytea       NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
