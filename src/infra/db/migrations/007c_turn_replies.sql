-- The replies of each handled inbound message, written in the same commit as `handled_at`. When the
-- process dies after the engine's commit but before the channel stored the replies in its outbox, the
-- channel's retry gets "duplicate" from the engine; with the stored replies it can still deliver them,
-- exactly once (the outbox is idempotent per event). Found by the crash test (tests/chaos). Holds text:
-- the retention job clears it with messages.text.
ALTER TABLE messages ADD COLUMN IF NOT EXISTS replies jsonb;
