-- Each stored image's BlurHash (a placeholder clients draw as a blur while the picture loads) and
-- a larger thumbnail (JPEG, at most 512 px) when the original is larger than the stored one.
-- Rows stored before get their placeholder from their thumbnail in the background; their larger
-- thumbnail stays absent (the original is not kept), and the stored one is served instead.
ALTER TABLE media
    ADD COLUMN placeholder     text,
    ADD COLUMN thumbnail_large bytea;

CREATE INDEX media_without_placeholder ON media (sha256) WHERE placeholder IS NULL;
