-- Lexical terms move to a narrow table of their own. Next to a chunk's text and 2 KB embedding the
-- tsvector was stored out of line (TOAST), and every GIN match had to fetch it: BM25 over 10k chunks spent
-- most of its time there (measured 49 ms vs 14 ms per common term). The index is rebuildable, so existing
-- rows are copied rather than re-ingested.
CREATE TABLE IF NOT EXISTS knowledge_chunk_terms (
  chunk_id text PRIMARY KEY REFERENCES knowledge_chunks (id) ON DELETE CASCADE,
  document_id text NOT NULL,
  -- Tokens with repeats: the chunk's length for BM25.
  token_count integer NOT NULL,
  -- Lexemes from the application's tokenizer (array_to_tsvector): no text-search parser or locale involved.
  terms tsvector NOT NULL
);
INSERT INTO knowledge_chunk_terms (chunk_id, document_id, token_count, terms)
  SELECT id, document_id, token_count, terms FROM knowledge_chunks
  ON CONFLICT (chunk_id) DO NOTHING;
CREATE INDEX IF NOT EXISTS knowledge_chunk_terms_terms_idx ON knowledge_chunk_terms USING gin (terms);
CREATE INDEX IF NOT EXISTS knowledge_chunk_terms_document_idx ON knowledge_chunk_terms (document_id);
DROP INDEX IF EXISTS knowledge_chunks_terms_idx;
ALTER TABLE knowledge_chunks DROP COLUMN IF EXISTS terms;
ALTER TABLE knowledge_chunks DROP COLUMN IF EXISTS token_count;
