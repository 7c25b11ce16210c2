-- Bookings: specialist consultations (専門的相談) and workplace visits (個別訪問支援).
-- One row per request the user confirmed after agreeing to the personal-information notice; nothing is
-- written here before that. Field-by-field reasons are in README "Booking".

-- Per-month counters behind the human reference numbers (C-2611-0042): short to read out on the phone.
CREATE TABLE IF NOT EXISTS booking_counters (
  prefix text PRIMARY KEY,
  last_value integer NOT NULL
);

CREATE TABLE IF NOT EXISTS bookings (
  id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  reference text NOT NULL UNIQUE,
  -- Set by the flow when it starts; a repeated submit of the same conversation returns the same row.
  request_key text NOT NULL UNIQUE,
  kind text NOT NULL CHECK (kind IN ('consultation', 'visit')),
  status text NOT NULL DEFAULT 'requested'
    CHECK (status IN ('requested', 'accepted', 'alternative_proposed', 'declined', 'cancelled')),
  -- Bumped on every transition: optimistic locking and the push idempotency key.
  version integer NOT NULL DEFAULT 1,

  channel text NOT NULL,
  user_id text NOT NULL,
  conversation_id text NOT NULL,

  center_id text NOT NULL,
  desk text NOT NULL CHECK (desk IN ('center', 'regional')),
  needs_staff_review boolean NOT NULL DEFAULT false,

  topic text NOT NULL,
  method text,
  prefecture text NOT NULL,
  organisation text,
  industry text,
  headcount_min integer,
  headcount_max integer,
  requester_role text,
  self_employed boolean NOT NULL DEFAULT false,
  special_insurance text CHECK (special_insurance IN ('yes', 'no', 'unknown')),
  contact_name text NOT NULL,
  contact_kind text NOT NULL CHECK (contact_kind IN ('phone', 'email')),
  contact_value text NOT NULL,
  -- [{ "date": "2026-12-03", "time": "10:00" }, { "date": "2026-12-04", "part": "afternoon" }]
  preferred_dates jsonb NOT NULL DEFAULT '[]'::jsonb,
  summary text NOT NULL,
  workplace_address text,
  visit_purpose text,

  consent_at timestamptz NOT NULL,
  -- Which notice text the user agreed to (e.g. booking-consent@1:90/1095: wording version and the retention days it states).
  consent_notice text NOT NULL,

  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),

  decided_by_id text,
  decided_by_name text,
  decided_at timestamptz,
  -- ISO instants staff proposed instead: ["2026-12-05T05:00:00.000Z", ...]
  proposed_dates jsonb NOT NULL DEFAULT '[]'::jsonb,
  scheduled_at timestamptz,
  staff_note text,
  cancelled_at timestamptz
);

CREATE INDEX IF NOT EXISTS bookings_user_idx ON bookings (channel, user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS bookings_center_created_idx ON bookings (center_id, created_at);

-- Every status change with who made it: the row keeps only the latest decision, this keeps the history
-- (a second proposal, a user accepting a proposed date) for staff and the program figures.
-- A change the user made (request, cancellation, accepting a proposed date) must reach staff: it stays with
-- staff_notified_at NULL until the StaffDesk call succeeded, and a sweep retries it.
CREATE TABLE IF NOT EXISTS booking_events (
  id bigserial PRIMARY KEY,
  booking_id uuid NOT NULL REFERENCES bookings (id) ON DELETE CASCADE,
  version integer NOT NULL,
  status text NOT NULL,
  actor_kind text NOT NULL CHECK (actor_kind IN ('user', 'staff')),
  actor_id text NOT NULL,
  actor_name text,
  at timestamptz NOT NULL,
  detail jsonb NOT NULL DEFAULT '{}'::jsonb,
  staff_notified_at timestamptz,
  UNIQUE (booking_id, version)
);

CREATE INDEX IF NOT EXISTS booking_events_unnotified_idx ON booking_events (at) WHERE staff_notified_at IS NULL;
