-- pgvector is not a trusted extension: the superuser creates it once per database.
CREATE EXTENSION IF NOT EXISTS vector;
