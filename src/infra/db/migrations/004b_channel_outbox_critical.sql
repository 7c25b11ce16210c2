-- channel_outbox.critical was added to 004 after it had shipped to development databases; this makes sure
-- a database that applied the earlier 004 has it too (a no-op everywhere else).
ALTER TABLE channel_outbox ADD COLUMN IF NOT EXISTS critical boolean NOT NULL DEFAULT false;
