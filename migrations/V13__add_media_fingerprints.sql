-- Near-duplicate search that finds flipped, turned, framed and cropped copies: the perceptual hash
-- is now made of the picture inside its frames with sign bits (version 2), beside it the hash of
-- the picture's centre and its 32x32 grey for comparing structures. Rows of version 1 (or none)
-- are fingerprinted again from their thumbnails by the daemon; until then they are not searched.
ALTER TABLE media
    ADD COLUMN hash_version smallint,
    ADD COLUMN centre_phash bigint,
    ADD COLUMN grey         bytea;

CREATE INDEX media_unfingerprinted ON media (sha256) WHERE hash_version IS NULL;
