-- A scholar's request for a conversation is shared with the support team and logged as a
-- disclosure of its own kind. SQLite cannot change a CHECK constraint in place, so the table
-- is rebuilt with the same columns and rows.
CREATE TABLE wellbeing_disclosures_new (
  id TEXT PRIMARY KEY,
  scholar_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  program_id TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  recipient TEXT NOT NULL,
  what TEXT NOT NULL CONSTRAINT wellbeing_disclosures_what_check
    CHECK (what IN ('alert', 'answers', 'support_flag', 'conversation_request')),
  reference_id TEXT NOT NULL DEFAULT '',
  disclosed_at BIGINT NOT NULL,
  UNIQUE (scholar_id, recipient, what, reference_id)
);
INSERT INTO wellbeing_disclosures_new
  SELECT id, scholar_id, program_id, recipient, what, reference_id, disclosed_at
  FROM wellbeing_disclosures;
DROP TABLE wellbeing_disclosures;
ALTER TABLE wellbeing_disclosures_new RENAME TO wellbeing_disclosures;
CREATE INDEX wellbeing_disclosures_scholar_idx
  ON wellbeing_disclosures (scholar_id, disclosed_at);
