-- Studies: instruments and their questions. Same conventions as 0001. The tables that hold
-- answers follow in 0005 (one file per backend, see there), codebooks, coded segments, memos
-- and background jobs in 0006.

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
