-- Codebooks, coded segments, suggestions, memos, coders and background jobs. Same conventions
-- as 0001.

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
