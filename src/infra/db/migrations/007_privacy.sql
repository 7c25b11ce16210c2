-- Privacy and retention (docs/decisions/0004-retention.md). The retention job runs hourly on every
-- instance; these partial indexes keep its "older than the cut-off and not yet cleared" scans cheap as the
-- tables grow.
CREATE INDEX IF NOT EXISTS messages_text_retention_idx ON messages (created_at) WHERE text IS NOT NULL;
CREATE INDEX IF NOT EXISTS channel_inbox_received_idx ON channel_inbox (received_at);
CREATE INDEX IF NOT EXISTS channel_outbox_created_idx ON channel_outbox (created_at);
-- `npm run forget` finds one person's messages in group chats by the sender's id.
CREATE INDEX IF NOT EXISTS messages_user_idx ON messages (channel, user_id) WHERE user_id IS NOT NULL;
