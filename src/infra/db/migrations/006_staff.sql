-- Staff side in Slack: event de-duplication and where every staff post lives.

-- Slack redelivers events (retries after a slow or failed ack, duplicate Socket Mode envelopes) and Bolt
-- does not drop them. An event id is recorded once it was handled; rows older than a day are purged.
CREATE TABLE IF NOT EXISTS slack_seen_events (
  event_id text PRIMARY KEY,
  seen_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS slack_seen_events_seen_at ON slack_seen_events (seen_at);

-- One row per StaffDesk event posted to Slack. chat.postMessage has no idempotency key, so a post is
-- recorded as 'pending' before the call and 'posted' (with its ts) after it; a retry that finds 'pending'
-- looks for the message's metadata in the channel before posting again.
CREATE TABLE IF NOT EXISTS slack_posts (
  event_id text PRIMARY KEY,
  kind text NOT NULL
    CHECK (kind IN ('handoff', 'realert', 'relay', 'booking', 'booking_update', 'booking_cancelled')),
  -- The handoff or booking the post is about.
  subject_id text NOT NULL,
  channel_id text NOT NULL,
  -- The parent message for posts inside a case's thread.
  thread_ts text,
  ts text,
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'posted')),
  created_at timestamptz NOT NULL DEFAULT now(),
  posted_at timestamptz
);
-- A case has one parent message: announcing the same handoff or booking twice must not open a second thread.
CREATE UNIQUE INDEX IF NOT EXISTS slack_posts_one_parent
  ON slack_posts (kind, subject_id) WHERE kind IN ('handoff', 'booking');
-- Thread replies from staff name the parent by (channel, thread_ts).
CREATE INDEX IF NOT EXISTS slack_posts_message ON slack_posts (channel_id, ts);
