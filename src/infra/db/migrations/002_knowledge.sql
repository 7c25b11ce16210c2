-- Knowledge base: corpus documents, their chunks (lexical terms + embedding) and what built the index.

-- One row: which embedder and tokenizer built the index, the corpus hash last ingested, and the totals
-- BM25 needs. Each ingestion transaction locks this row, so two ingesters take turns.
CREATE TABLE IF NOT EXISTS knowledge_index (
  id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
  embedder_id text,
  dimension integer,
  tokenizer_id text,
  corpus_hash text,
  chunk_count integer NOT NULL DEFAULT 0,
  token_total bigint NOT NULL DEFAULT 0,
  updated_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO knowledge_index (id) VALUES (1) ON CONFLICT (id) DO NOTHING;

CREATE TABLE IF NOT EXISTS knowledge_documents (
  id text PRIMARY KEY,
  path text NOT NULL,
  title text NOT NULL,
  kind text NOT NULL CHECK (kind IN ('official', 'guide')),
  sources jsonb NOT NULL DEFAULT '[]'::jsonb,
  fiscal_year integer,
  as_of date,
  needs_verification boolean NOT NULL DEFAULT false,
  content_hash text NOT NULL,
  ingested_at timestamptz NOT NULL DEFAULT now()
);

-- The embedding column gets its fixed dimension (vector(N)) and its HNSW index from the first ingestion,
-- and again whenever the embedder changes: the dimension belongs to the embedder, not to the schema.
CREATE TABLE IF NOT EXISTS knowledge_chunks (
  id text PRIMARY KEY,
  document_id text NOT NULL REFERENCES knowledge_documents (id) ON DELETE CASCADE,
  ordinal integer NOT NULL,
  section text NOT NULL,
  content text NOT NULL,
  token_count integer NOT NULL,
  -- Lexemes from the application's tokenizer (array_to_tsvector): no text-search parser or locale involved.
  terms tsvector NOT NULL,
  embedding vector NOT NULL,
  UNIQUE (document_id, ordinal)
);
CREATE INDEX IF NOT EXISTS knowledge_chunks_terms_idx ON knowledge_chunks USING gin (terms);

-- Document frequency of every lexeme, kept in step with knowledge_chunks, for BM25's IDF.
CREATE TABLE IF NOT EXISTS knowledge_terms (
  term text PRIMARY KEY,
  df integer NOT NULL CHECK (df > 0)
);
