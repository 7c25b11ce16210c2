-- Base: pgvector is required by the knowledge base (002) on both PGlite and PostgreSQL.
CREATE EXTENSION IF NOT EXISTS vector;

-- Key/value facts about the deployment (e.g. which embedder built the index).
CREATE TABLE IF NOT EXISTS app_meta (
  key text PRIMARY KEY,
  value jsonb NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
