-- What kind of failure a failed token had (see the README's list), and whether its image bytes
-- were verified against their CID (IPFS through a CAR) or inline.
ALTER TABLE token
    ADD COLUMN error_code     text,
    ADD COLUMN image_verified boolean;

-- A 64-bit DCT perceptual hash of each image, for near-duplicate search.
ALTER TABLE media ADD COLUMN phash bigint;
