-- The local console (web channel, issue 7). A web user's chat lives here the way a LINE chat lives on the
-- phone: what the user sent, the replies, and later pushes (staff relay, booking outcomes), so a reload of
-- the page shows the same conversation. Message text is health information: the retention job must purge
-- this table like the other message tables (RETENTION_MESSAGE_DAYS).
CREATE TABLE IF NOT EXISTS web_timeline (
  id bigserial PRIMARY KEY,
  -- The browser session id the console uses as the web user id.
  user_id text NOT NULL,
  -- 'user': what the user sent; 'reply': the engine's answer to it; 'push': sent later (staff, bookings).
  kind text NOT NULL CHECK (kind IN ('user', 'reply', 'push')),
  -- user: {"text": "..."}; reply and push: an array of OutboundReply values.
  body jsonb NOT NULL,
  -- UserMessenger.push is idempotent per key; a user message is keyed by its event id, replies by theirs.
  idempotency_key text NOT NULL UNIQUE,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS web_timeline_user ON web_timeline (user_id, id);
CREATE INDEX IF NOT EXISTS web_timeline_created_at ON web_timeline (created_at);

-- What the core told staff, as the console's StaffDesk received it (handoff announcements and re-alerts,
-- the user's messages relayed during a handoff) plus the replies staff sent from the console. The staff
-- view lists the announced cases and reads their live status from `handoffs`, so a case claimed in Slack
-- shows as claimed here too. Idempotent per event id, like every StaffDesk. Holds message text: purge it
-- with the other message tables.
CREATE TABLE IF NOT EXISTS web_staff_events (
  event_id text PRIMARY KEY,
  -- Arrival order (timestamps may tie within a clock tick).
  seq bigserial NOT NULL,
  kind text NOT NULL CHECK (kind IN ('handoff', 'user_line', 'staff_line')),
  -- The handoff the event belongs to.
  subject_id text NOT NULL,
  -- handoff: {summary, workplace, recentMessages[]}; user_line / staff_line: {text, at}.
  body jsonb NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS web_staff_events_subject ON web_staff_events (subject_id, seq);
CREATE INDEX IF NOT EXISTS web_staff_events_kind ON web_staff_events (kind, seq);
CREATE INDEX IF NOT EXISTS web_staff_events_created_at ON web_staff_events (created_at);
