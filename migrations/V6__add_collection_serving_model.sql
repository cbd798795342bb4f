-- The model whose vectors answer a collection's queries. After the configured model changes, the
-- old model keeps serving until the new one has embedded every token; then this switches.
ALTER TABLE collection ADD COLUMN serving_model_id integer REFERENCES model (id);
UPDATE collection c
   SET serving_model_id = (SELECT e.model_id FROM embedding e WHERE e.collection_id = c.id
                            GROUP BY e.model_id ORDER BY count(*) DESC LIMIT 1);
-- Re-embedding claims embedded tokens that lack the new model's vector, and backs off per token.
CREATE INDEX token_embedded ON token (collection_id, token_id) WHERE state = 'EMBEDDED' AND NOT burned;
