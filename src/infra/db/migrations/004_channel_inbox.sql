-- Channel inbox and outbox: the durable record of every accepted platform event and every outgoing
-- message batch (docs/decisions/0005-durable-line-processing.md). The pg-boss job queue lives in its
-- own schema (`pgboss`), created by pg-boss itself on start.

-- One row per accepted webhook event. The unique (channel, event_id) drops repeats and redeliveries.
-- `payload` holds the raw event (it may contain message text, i.e. health information) only until the
-- event is processed; it is cleared then.
CREATE TABLE IF NOT EXISTS channel_inbox (
  id bigserial PRIMARY KEY,
  channel text NOT NULL,
  event_id text NOT NULL,
  -- Work is ordered and serialised per conversation: e.g. 'line:U…' (1:1), 'line:C…' (group).
  conversation_key text NOT NULL,
  event_type text NOT NULL,
  state text NOT NULL CHECK (state IN ('pending', 'done', 'skipped', 'failed')),
  -- Why a row was stored but not processed: 'standby', 'unsupported'.
  skip_reason text,
  payload jsonb,
  is_redelivery boolean NOT NULL DEFAULT false,
  event_at timestamptz NOT NULL,
  received_at timestamptz NOT NULL DEFAULT now(),
  attempts integer NOT NULL DEFAULT 0,
  not_before timestamptz,
  -- An error code only, never text from the event.
  last_error text,
  processed_at timestamptz,
  UNIQUE (channel, event_id)
);

CREATE INDEX IF NOT EXISTS channel_inbox_pending_idx
  ON channel_inbox (conversation_key, event_at, id) WHERE state = 'pending';

-- One row per outgoing message batch (at most 5 LINE messages, one API call). The row is written before
-- the platform is called, so a retried job never sends twice: `retry_key` is derived from
-- (source_key, batch_index) and sent as X-Line-Retry-Key on every push attempt.
CREATE TABLE IF NOT EXISTS channel_outbox (
  id bigserial PRIMARY KEY,
  channel text NOT NULL,
  -- 'event:<webhookEventId>' for replies to an inbound event, 'push:<idempotencyKey>' for pushes.
  source_key text NOT NULL,
  batch_index integer NOT NULL,
  conversation_key text NOT NULL,
  recipient text NOT NULL,
  messages jsonb,
  retry_key uuid NOT NULL,
  reply_token text,
  token_received_at timestamptz,
  -- none: not tried; in_flight: a reply call whose outcome is unknown (a crash or a timeout);
  -- rejected: LINE refused the token (used or expired), so the batch goes by push.
  reply_state text NOT NULL DEFAULT 'none' CHECK (reply_state IN ('none', 'in_flight', 'rejected')),
  reply_claimed_at timestamptz,
  -- A crisis or urgent answer: when a reply's outcome cannot be known, it is pushed (a duplicate is
  -- better than a lost emergency answer); other batches count an unknown reply as delivered.
  critical boolean NOT NULL DEFAULT false,
  state text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed', 'skipped')),
  sent_via text CHECK (sent_via IN ('reply', 'push')),
  platform_request_id text,
  attempts integer NOT NULL DEFAULT 0,
  not_before timestamptz,
  last_error text,
  created_at timestamptz NOT NULL DEFAULT now(),
  sent_at timestamptz,
  UNIQUE (channel, source_key, batch_index)
);

CREATE INDEX IF NOT EXISTS channel_outbox_pending_idx
  ON channel_outbox (conversation_key, id) WHERE state = 'pending';

-- Whether a platform user still follows the account (LINE follow/unfollow). No profile data is kept.
CREATE TABLE IF NOT EXISTS channel_users (
  channel text NOT NULL,
  user_id text NOT NULL,
  active boolean NOT NULL,
  followed_at timestamptz,
  unfollowed_at timestamptz,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (channel, user_id)
);
