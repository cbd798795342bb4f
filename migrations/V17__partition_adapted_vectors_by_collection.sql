-- Adapted vectors are searched one collection at a time. In one table under one HNSW index, a
-- small collection among big ones is found by walking the whole graph and throwing away the other
-- collections' vectors (slow, and short of k when the walk's budget runs out). Partitioned by
-- collection, each collection has its own graph: a search prunes to its partition and costs what
-- it would cost alone. The daemon attaches a collection's partition before its first fit is written.
CREATE TABLE adapted_vector_by_collection (
    collection_id bigint        NOT NULL,
    token_id      numeric(78,0) NOT NULL,
    model_id      integer       NOT NULL,
    version       integer       NOT NULL,
    vector        vector(160)   NOT NULL,
    embedded_at   timestamptz   NOT NULL,
    PRIMARY KEY (collection_id, token_id, model_id),
    FOREIGN KEY (collection_id, token_id, model_id) REFERENCES embedding (collection_id, token_id, model_id)
        ON DELETE CASCADE
) PARTITION BY LIST (collection_id);

DO $$
DECLARE
    c bigint;
BEGIN
    FOR c IN SELECT DISTINCT collection_id FROM adapted_vector LOOP
        EXECUTE format('CREATE TABLE adapted_vector_%s PARTITION OF adapted_vector_by_collection FOR VALUES IN (%s)', c, c);
    END LOOP;
END
$$;

INSERT INTO adapted_vector_by_collection SELECT collection_id, token_id, model_id, version, vector, embedded_at
  FROM adapted_vector;
DROP TABLE adapted_vector;
ALTER TABLE adapted_vector_by_collection RENAME TO adapted_vector;
ALTER TABLE adapted_vector RENAME CONSTRAINT adapted_vector_by_collection_pkey TO adapted_vector_pkey;

-- Defined once on the parent: every partition gets its own index, built after its rows are in.
CREATE INDEX adapted_vector_hnsw ON adapted_vector USING hnsw (vector vector_cosine_ops);
