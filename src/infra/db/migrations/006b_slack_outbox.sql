-- Slack posts become an outbox: the StaffDesk event waits in `body` until it is posted, so the durable
-- job carries only the event id and no message text sits in the job queue's tables. `body` is cleared
-- when the post succeeds, so text is kept here only while Slack is unreachable. The channel and thread are
-- known when the post is made (a user's message may arrive before its case's thread exists).
ALTER TABLE slack_posts ADD COLUMN IF NOT EXISTS body jsonb;
ALTER TABLE slack_posts ADD COLUMN IF NOT EXISTS attempted_at timestamptz;
ALTER TABLE slack_posts ALTER COLUMN channel_id DROP NOT NULL;
CREATE INDEX IF NOT EXISTS slack_posts_pending ON slack_posts (created_at) WHERE status = 'pending';
