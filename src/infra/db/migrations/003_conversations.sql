-- Conversations, messages, triage decisions and handoffs (conversation engine, issue 3).
-- Health information lives only in messages.text, so retention can blank one column.

CREATE TABLE IF NOT EXISTS users (
  channel text NOT NULL,
  user_id text NOT NULL,
  active boolean NOT NULL DEFAULT true,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, user_id)
);

CREATE TABLE IF NOT EXISTS conversations (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  channel text NOT NULL,
  external_id text NOT NULL,
  is_group boolean NOT NULL DEFAULT false,
  mode text NOT NULL DEFAULT 'bot' CHECK (mode IN ('bot', 'handoff')),
  active_handoff_id uuid,
  -- Flow state, last route … (validated by the engine when read back); never message text.
  state jsonb NOT NULL DEFAULT '{}'::jsonb,
  version integer NOT NULL DEFAULT 0,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel, external_id)
);

CREATE TABLE IF NOT EXISTS messages (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- Insertion order within a conversation (timestamps of one turn are equal).
  seq bigint GENERATED ALWAYS AS IDENTITY,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  channel text NOT NULL,
  user_id text,
  direction text NOT NULL CHECK (direction IN ('in', 'out')),
  -- Inbound: text, postback, sticker …; outbound: text, sources, summary, or staff (a staff reply relayed).
  kind text NOT NULL,
  text text,
  -- Platform event id of an inbound message; a repeat is a duplicate.
  event_id text,
  -- Inbound processing: claimed by a worker, then handled when its turn committed.
  claimed_at timestamptz,
  handled_at timestamptz,
  -- Inbound messages in handoff mode are relayed to this handoff's staff thread after commit.
  relay_handoff_id uuid,
  relayed_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (channel, event_id)
);
CREATE INDEX IF NOT EXISTS messages_conversation_idx ON messages (conversation_id, seq);
CREATE INDEX IF NOT EXISTS messages_pending_relay_idx ON messages (created_at)
  WHERE relay_handoff_id IS NOT NULL AND relayed_at IS NULL;

CREATE TABLE IF NOT EXISTS decisions (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  message_id uuid NOT NULL UNIQUE REFERENCES messages (id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  route text NOT NULL
    CHECK (route IN ('answer', 'consultation', 'visit', 'handoff', 'crisis', 'decline', 'smalltalk')),
  urgency text CHECK (urgency IN ('normal', 'urgent')),
  -- "rules" or "triage@<prompt version>".
  decided_by text NOT NULL,
  -- A label from a closed set, never free text.
  topic text,
  -- For route answer: whether the corpus supported the answer (program figures count unanswered ones).
  grounded boolean,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS decisions_created_idx ON decisions (created_at, route);

CREATE TABLE IF NOT EXISTS handoffs (
  id uuid PRIMARY KEY,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  channel text NOT NULL,
  user_id text NOT NULL,
  source_message_id uuid NOT NULL UNIQUE REFERENCES messages (id) ON DELETE CASCADE,
  route text NOT NULL CHECK (route IN ('handoff', 'crisis')),
  urgency text NOT NULL CHECK (urgency IN ('normal', 'urgent')),
  status text NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'claimed', 'resolved', 'returned')),
  center_id text,
  -- A rule- or model-made label for staff, not the user's words.
  summary text NOT NULL,
  claimed_by text,
  claimed_at timestamptz,
  closed_at timestamptz,
  announced_at timestamptz,
  rating integer CHECK (rating BETWEEN 1 AND 5),
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
-- At most one active handoff per conversation.
CREATE UNIQUE INDEX IF NOT EXISTS handoffs_one_active_idx ON handoffs (conversation_id)
  WHERE status IN ('open', 'claimed');
CREATE INDEX IF NOT EXISTS handoffs_unannounced_idx ON handoffs (updated_at) WHERE announced_at IS NULL;
CREATE INDEX IF NOT EXISTS handoffs_created_idx ON handoffs (created_at);
