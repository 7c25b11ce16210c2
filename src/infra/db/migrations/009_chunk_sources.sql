-- A citation links the official page of the quoted section (corpus `<!-- source: … -->` lines), not only
-- the document's first source. Null: the section names none, and the document's first source is shown.
ALTER TABLE knowledge_chunks ADD COLUMN IF NOT EXISTS source_url text;
