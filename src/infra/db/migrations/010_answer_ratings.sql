-- Users' ratings of answers (issue 15): 「役に立った」/「役に立たなかった」 after an `answer` reply, one per
-- answered question, changed by a second tap. No text here: an optional comment is the user's next message,
-- referenced by id, so retention blanks it and forget-me deletes it with the other messages. The rows go
-- with their decision when a conversation is deleted.
CREATE TABLE IF NOT EXISTS answer_ratings (
  decision_id uuid PRIMARY KEY REFERENCES decisions (id) ON DELETE CASCADE,
  conversation_id uuid NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
  rating text NOT NULL CHECK (rating IN ('helpful', 'not_helpful')),
  comment_message_id uuid REFERENCES messages (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS answer_ratings_created_idx ON answer_ratings (created_at);
CREATE INDEX IF NOT EXISTS answer_ratings_conversation_idx ON answer_ratings (conversation_id);
