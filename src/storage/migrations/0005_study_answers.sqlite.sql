-- The tables that hold answers and who responded. This migration has a file per backend, and
-- the two differ only in the storage clause (ADR 0011): on SQLite these tables are WITHOUT
-- ROWID, so their rows are stored in primary-key order and no hidden rowid records the order in
-- which anonymous answers arrived. Keep 0005_study_answers.sqlite.sql and .postgres.sql in step.

-- One respondent's answers. An anonymous response has a random (not time-ordered) id, no user,
-- no label, no time of day: only the day it arrived and the respondent group.
CREATE TABLE study_responses (
  id TEXT PRIMARY KEY,
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  anonymous BIGINT NOT NULL CONSTRAINT study_responses_anonymous_check CHECK (anonymous IN (0, 1)),
  respondent_user_id TEXT REFERENCES users (id) ON DELETE SET NULL,
  respondent_label TEXT NOT NULL DEFAULT '',
  respondent_group TEXT NOT NULL DEFAULT '',
  source TEXT NOT NULL CONSTRAINT study_responses_source_check
    CHECK (source IN ('form', 'link', 'transcript')),
  submitted_on TEXT NOT NULL,
  submitted_at BIGINT NOT NULL DEFAULT 0,
  CONSTRAINT study_responses_anonymity_check CHECK (
    anonymous = 0 OR (respondent_user_id IS NULL AND respondent_label = '' AND submitted_at = 0)),
  UNIQUE (study_id, respondent_user_id)
) WITHOUT ROWID;
CREATE INDEX study_responses_study_id_idx ON study_responses (study_id, id);

CREATE TABLE study_answers (
  id TEXT PRIMARY KEY,
  -- Deferred, without a cascade, so that PostgreSQL can rewrite a study's anonymous rows in
  -- one transaction (ADR 0011); a study's deletion removes answers through study_id.
  response_id TEXT NOT NULL REFERENCES study_responses (id) DEFERRABLE INITIALLY DEFERRED,
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  question_id TEXT NOT NULL REFERENCES study_questions (id) ON DELETE CASCADE,
  anonymous BIGINT NOT NULL DEFAULT 0,
  body TEXT NOT NULL DEFAULT '',
  length BIGINT NOT NULL DEFAULT 0,
  choices TEXT NOT NULL DEFAULT '',
  rating BIGINT NOT NULL DEFAULT 0,
  UNIQUE (response_id, question_id)
) WITHOUT ROWID;
CREATE INDEX study_answers_study_id_idx ON study_answers (study_id, question_id);

-- Who has responded: for reminders and the response rate. Shares nothing with the answers.
CREATE TABLE study_participants (
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  PRIMARY KEY (study_id, user_id)
) WITHOUT ROWID;

