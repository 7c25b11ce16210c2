-- Per-user token buckets (docs/decisions/0004-retention.md, "Flooding"). One row per sender: a flood of
-- messages from one person is throttled politely and others are unaffected, across all app instances,
-- because the bucket is taken in one atomic statement on the shared database. No message text here.
CREATE TABLE IF NOT EXISTS rate_limit_buckets (
  key text PRIMARY KEY,
  tokens double precision NOT NULL,
  updated_at timestamptz NOT NULL,
  -- Whether the last take was allowed, and when the sender was last told they are being throttled.
  last_allowed boolean NOT NULL,
  -- Whether the last take is the one that should carry the notice.
  last_notify boolean NOT NULL DEFAULT false,
  notified_at timestamptz
);
CREATE INDEX IF NOT EXISTS rate_limit_buckets_updated_idx ON rate_limit_buckets (updated_at);
