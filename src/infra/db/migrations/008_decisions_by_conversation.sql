-- The engine asks, on every turn, for the conversation's recent answered questions (follow-up context).
-- Without an index on the decisions side, a planner whose statistics lag behind a growing table scanned
-- every decision and probed messages for each: 5 ms a turn after only a few thousand turns, the largest
-- single cost in the load benchmark. Also serves the cascade when a conversation is deleted (forget,
-- retention), which otherwise scans the table.
CREATE INDEX IF NOT EXISTS decisions_conversation_idx ON decisions (conversation_id, created_at);
