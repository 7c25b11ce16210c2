-- Center answers (issue 15, part 3): staff write an answer to a question the corpus could not answer, a
-- second staff member approves it, and only then is it indexed as a knowledge document of kind `center`
-- (id `center/<answer id>`), cited as 「〇〇産業保健総合支援センターの回答」 with its official source.
-- This table is the source of truth: the index is reconciled from it (start-up and every change), so an
-- index rebuilt for another embedder gets the approved answers back, and a withdrawal removes them.
ALTER TABLE knowledge_documents DROP CONSTRAINT IF EXISTS knowledge_documents_kind_check;
ALTER TABLE knowledge_documents ADD CONSTRAINT knowledge_documents_kind_check
  CHECK (kind IN ('official', 'guide', 'center'));

CREATE TABLE IF NOT EXISTS center_answers (
  id uuid PRIMARY KEY,
  -- settings/centers.yaml id; null: the default desk.
  center_id text,
  -- Staff's wording of the question (started from a user's question, generalised by staff).
  question text NOT NULL,
  answer text NOT NULL,
  topic text,
  -- Official URLs only (mhlw.go.jp, johas.go.jp, e-gov.go.jp, jaish.gr.jp), at least one.
  source_urls jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('draft', 'approved', 'rejected', 'withdrawn')),
  -- Bumped by every change; a change names the version it saw (two staff clicking at once: one wins).
  version integer NOT NULL DEFAULT 1,
  drafted_by text NOT NULL,
  drafted_by_name text NOT NULL,
  approved_by text,
  approved_by_name text,
  approved_at timestamptz,
  closed_by text,
  closed_at timestamptz,
  -- The gap it answers, while that question is kept.
  gap_decision_id uuid REFERENCES decisions (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  CHECK (approved_by IS NULL OR approved_by <> drafted_by)
);
CREATE INDEX IF NOT EXISTS center_answers_status_idx ON center_answers (status, updated_at);

-- Every change, in order: who did what and when.
CREATE TABLE IF NOT EXISTS center_answer_events (
  id bigserial PRIMARY KEY,
  answer_id uuid NOT NULL REFERENCES center_answers (id) ON DELETE CASCADE,
  action text NOT NULL CHECK (action IN ('drafted', 'approved', 'rejected', 'withdrawn')),
  actor text NOT NULL,
  actor_name text NOT NULL,
  version integer NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS center_answer_events_answer_idx ON center_answer_events (answer_id, id);

-- Gaps staff dismissed (「対応不要」): not listed again. Gone with their decision.
CREATE TABLE IF NOT EXISTS knowledge_gap_dismissals (
  decision_id uuid PRIMARY KEY REFERENCES decisions (id) ON DELETE CASCADE,
  dismissed_by text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
