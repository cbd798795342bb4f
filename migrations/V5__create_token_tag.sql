-- Labels a model's class output gave each token's image (e.g. ImageNet classes), best first.
CREATE TABLE token_tag (
    collection_id bigint        NOT NULL,
    token_id      numeric(78,0) NOT NULL,
    model_id      integer       NOT NULL REFERENCES model (id),
    rank          integer       NOT NULL,
    label         text          NOT NULL,
    score         real          NOT NULL,
    PRIMARY KEY (collection_id, token_id, model_id, rank),
    FOREIGN KEY (collection_id, token_id) REFERENCES token (collection_id, token_id) ON DELETE CASCADE
);
CREATE INDEX token_tag_label ON token_tag (model_id, lower(label));
CREATE INDEX token_trait_lower_value ON token_trait (lower(value));
