-- Studies: instruments, responses (named and anonymous), codebooks, coded segments, memos and
-- background jobs. Same conventions as 0001.
--
-- This file exists twice, as 0004_studies.sqlite.sql and 0004_studies.postgres.sql, and the two
-- differ only in the storage clause of the tables that hold answers (see ADR 0011): on SQLite
-- those tables are WITHOUT ROWID, so their rows are stored in primary-key order and no hidden
-- rowid records the order in which anonymous answers arrived. Keep the two files in step.

CREATE TABLE studies (
  id TEXT PRIMARY KEY,
  program_id TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  cohort_id TEXT REFERENCES cohorts (id) ON DELETE CASCADE,
  title TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  mode TEXT NOT NULL CONSTRAINT studies_mode_check CHECK (mode IN ('named', 'anonymous')),
  audience TEXT NOT NULL DEFAULT '',
  external_respondents BIGINT NOT NULL DEFAULT 0
    CONSTRAINT studies_external_respondents_check CHECK (external_respondents IN (0, 1)),
  status TEXT NOT NULL CONSTRAINT studies_status_check CHECK (status IN ('draft', 'open', 'closed')),
  opens_at BIGINT NOT NULL DEFAULT 0,
  closes_at BIGINT NOT NULL DEFAULT 0,
  blind_coding BIGINT NOT NULL DEFAULT 0
    CONSTRAINT studies_blind_coding_check CHECK (blind_coding IN (0, 1)),
  template TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  codebook_version BIGINT NOT NULL DEFAULT 1,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL
);
CREATE INDEX studies_program_id_idx ON studies (program_id, id);
CREATE INDEX studies_cohort_id_idx ON studies (cohort_id);

CREATE TABLE study_questions (
  id TEXT PRIMARY KEY,
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  kind TEXT NOT NULL CONSTRAINT study_questions_kind_check
    CHECK (kind IN ('open_text', 'single_choice', 'multiple_choice', 'rating', 'ranking')),
  prompt TEXT NOT NULL,
  options TEXT NOT NULL DEFAULT '',
  required BIGINT NOT NULL DEFAULT 0,
  UNIQUE (study_id, position)
);

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

-- One-time links for respondents outside the cohort. `used` is the participation record of an
-- external respondent; when it was used is not kept.
CREATE TABLE study_links (
  id TEXT PRIMARY KEY,
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  label TEXT NOT NULL DEFAULT '',
  email TEXT NOT NULL DEFAULT '',
  used BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL
);
CREATE INDEX study_links_study_id_idx ON study_links (study_id);

CREATE TABLE study_codes (
  id TEXT PRIMARY KEY,
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  parent_id TEXT REFERENCES study_codes (id) ON DELETE CASCADE,
  -- parent_id or '' for a top-level code: names are unique among siblings.
  sibling_key TEXT NOT NULL DEFAULT '',
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT '',
  colour TEXT NOT NULL DEFAULT '',
  seed_key TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  UNIQUE (study_id, sibling_key, name)
);
CREATE INDEX study_codes_parent_id_idx ON study_codes (parent_id);

CREATE TABLE study_segments (
  id TEXT PRIMARY KEY,
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  answer_id TEXT NOT NULL REFERENCES study_answers (id) DEFERRABLE INITIALLY DEFERRED,
  response_id TEXT NOT NULL,
  question_id TEXT NOT NULL,
  question_position BIGINT NOT NULL,
  code_id TEXT NOT NULL REFERENCES study_codes (id) ON DELETE CASCADE,
  coder_id TEXT NOT NULL,
  start_offset BIGINT NOT NULL,
  end_offset BIGINT NOT NULL,
  memo TEXT NOT NULL DEFAULT '',
  origin TEXT NOT NULL DEFAULT 'manual' CONSTRAINT study_segments_origin_check
    CHECK (origin IN ('manual', 'suggestion', 'import')),
  model_version TEXT NOT NULL DEFAULT '',
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  CONSTRAINT study_segments_offsets_check CHECK (start_offset >= 0 AND start_offset < end_offset),
  UNIQUE (answer_id, code_id, coder_id, start_offset, end_offset)
);
-- Covering indexes for the reports: per respondent and code (theme report, first mention), and
-- per answer and code (co-occurrence), read in index order without touching the table.
CREATE INDEX study_segments_report_idx
  ON study_segments (study_id, response_id, code_id, question_position, start_offset);
CREATE INDEX study_segments_pairs_idx ON study_segments (study_id, answer_id, code_id);
CREATE INDEX study_segments_code_id_idx ON study_segments (code_id);

-- What the theme reports aggregate, kept up to date with every change to segments: per
-- respondent and code, how many segments and where the code is first mentioned (question
-- position * 10^9 + offset). Reports read about a row per respondent and code instead of every
-- segment (ADR 0011).
CREATE TABLE study_response_codes (
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  response_id TEXT NOT NULL,
  code_id TEXT NOT NULL REFERENCES study_codes (id) ON DELETE CASCADE,
  segments BIGINT NOT NULL,
  first_mention BIGINT NOT NULL,
  PRIMARY KEY (study_id, response_id, code_id)
);
CREATE INDEX study_response_codes_code_id_idx ON study_response_codes (code_id);

-- Suggestions a coder turned down, so they are not offered again.
CREATE TABLE study_suggestion_rejections (
  answer_id TEXT NOT NULL REFERENCES study_answers (id) DEFERRABLE INITIALLY DEFERRED,
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  code_id TEXT NOT NULL REFERENCES study_codes (id) ON DELETE CASCADE,
  start_offset BIGINT NOT NULL,
  end_offset BIGINT NOT NULL,
  coder_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (answer_id, code_id, start_offset, end_offset)
);
CREATE INDEX study_suggestion_rejections_study_id_idx ON study_suggestion_rejections (study_id);

CREATE TABLE study_memos (
  id TEXT PRIMARY KEY,
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  code_id TEXT REFERENCES study_codes (id) ON DELETE CASCADE,
  author_id TEXT NOT NULL,
  body TEXT NOT NULL,
  version BIGINT NOT NULL DEFAULT 1,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX study_memos_study_id_idx ON study_memos (study_id, id);
CREATE INDEX study_memos_code_id_idx ON study_memos (code_id);

-- A coder's state in a study: in blind mode, others' coding stays hidden until finished = 1.
CREATE TABLE study_coders (
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  user_id TEXT NOT NULL,
  finished BIGINT NOT NULL DEFAULT 0,
  updated_at BIGINT NOT NULL,
  PRIMARY KEY (study_id, user_id)
);

-- Long work (imports) runs in the background; a job reports its progress and result.
CREATE TABLE jobs (
  id TEXT PRIMARY KEY,
  program_id TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  kind TEXT NOT NULL,
  resource_id TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CONSTRAINT jobs_status_check
    CHECK (status IN ('queued', 'running', 'succeeded', 'failed')),
  done BIGINT NOT NULL DEFAULT 0,
  total BIGINT NOT NULL DEFAULT 0,
  result TEXT NOT NULL DEFAULT '',
  created_by TEXT NOT NULL DEFAULT '',
  -- Idempotency-Key of the request that started the job, and a hash of its body.
  idempotency_key TEXT NOT NULL DEFAULT '',
  request_hash TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL
);
CREATE INDEX jobs_program_id_idx ON jobs (program_id);
CREATE UNIQUE INDEX jobs_idempotency_idx ON jobs (created_by, idempotency_key)
  WHERE idempotency_key <> '';
