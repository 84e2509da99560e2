-- Frameworks of qualities (versioned), assessment rounds, who rates whom, and the ratings.
-- See docs/adr/0008-assessments.md. Same conventions as 0001: TEXT ids, BIGINT milliseconds,
-- BIGINT 0/1 booleans, CHECK constraints named <table>_<column>_check.

-- Whether scholars see their mentor's ratings once a round has closed.
ALTER TABLE programs ADD COLUMN show_mentor_ratings_to_scholars BIGINT NOT NULL DEFAULT 1
  CONSTRAINT programs_show_mentor_ratings_to_scholars_check
  CHECK (show_mentor_ratings_to_scholars IN (0, 1));

-- One framework per program; every saved edit is a new immutable version numbered 1, 2, …
CREATE TABLE framework_versions (
  id TEXT PRIMARY KEY,
  program_id TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  number BIGINT NOT NULL,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  created_by TEXT NULL REFERENCES users (id) ON DELETE SET NULL,
  UNIQUE (program_id, number)
);

CREATE TABLE framework_qualities (
  version_id TEXT NOT NULL REFERENCES framework_versions (id) ON DELETE CASCADE,
  position BIGINT NOT NULL,
  quality_key TEXT NOT NULL,
  name TEXT NOT NULL,
  summary TEXT NOT NULL,
  level1 TEXT NOT NULL,
  level2 TEXT NOT NULL,
  level3 TEXT NOT NULL,
  level4 TEXT NOT NULL,
  level5 TEXT NOT NULL,
  retired BIGINT NOT NULL DEFAULT 0
    CONSTRAINT framework_qualities_retired_check CHECK (retired IN (0, 1)),
  PRIMARY KEY (version_id, quality_key),
  UNIQUE (version_id, position)
);

CREATE TABLE assessment_rounds (
  id TEXT PRIMARY KEY,
  cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  opens_at BIGINT NOT NULL,
  closes_at BIGINT NOT NULL,
  closed_at BIGINT NULL,  -- set when an organizer closes the round before closes_at
  framework_version_id TEXT NOT NULL REFERENCES framework_versions (id),
  rater_kinds TEXT NOT NULL,  -- comma-separated: self,mentor,peer,support
  peers_per_scholar BIGINT NOT NULL DEFAULT 0,
  peer_selection TEXT NOT NULL CONSTRAINT assessment_rounds_peer_selection_check
    CHECK (peer_selection IN ('none', 'scholar', 'organizer', 'random')),
  created_at BIGINT NOT NULL,
  UNIQUE (cohort_id, name),
  CONSTRAINT assessment_rounds_closes_at_check CHECK (closes_at > opens_at)
);
CREATE INDEX assessment_rounds_cohort_id_idx ON assessment_rounds (cohort_id, opens_at);

-- Who rates whom in a round. The submission (draft or submitted ratings) is part of the
-- assignment: one per assignment. subject_stream_id is the subject's stream when the round was
-- created, so reports keep the grouping they had.
CREATE TABLE assessment_assignments (
  id TEXT PRIMARY KEY,
  round_id TEXT NOT NULL REFERENCES assessment_rounds (id) ON DELETE CASCADE,
  rater_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  subject_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  subject_stream_id TEXT NOT NULL DEFAULT '',
  rater_kind TEXT NOT NULL CONSTRAINT assessment_assignments_rater_kind_check
    CHECK (rater_kind IN ('self', 'mentor', 'peer', 'support')),
  status TEXT NOT NULL DEFAULT 'pending' CONSTRAINT assessment_assignments_status_check
    CHECK (status IN ('pending', 'draft', 'submitted')),
  version BIGINT NOT NULL DEFAULT 0,
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  submitted_at BIGINT NULL,
  UNIQUE (round_id, rater_id, subject_id, rater_kind)
);
CREATE INDEX assessment_assignments_rater_idx ON assessment_assignments (rater_id, round_id);
CREATE INDEX assessment_assignments_subject_idx
  ON assessment_assignments (round_id, subject_id, rater_kind);

-- One row per quality of a submission; score NULL means "cannot judge". Round, subject, stream,
-- kind and whether the submission counts are copied from the assignment so that the report
-- queries read one covering index instead of joining 100,000s of rows.
CREATE TABLE assessment_ratings (
  assignment_id TEXT NOT NULL REFERENCES assessment_assignments (id) ON DELETE CASCADE,
  quality_key TEXT NOT NULL,
  score BIGINT NULL CONSTRAINT assessment_ratings_score_check CHECK (score BETWEEN 1 AND 5),
  evidence TEXT NOT NULL DEFAULT '',
  round_id TEXT NOT NULL,
  subject_id TEXT NOT NULL,
  subject_stream_id TEXT NOT NULL,
  rater_kind TEXT NOT NULL,
  submitted BIGINT NOT NULL CONSTRAINT assessment_ratings_submitted_check
    CHECK (submitted IN (0, 1)),
  PRIMARY KEY (assignment_id, quality_key)
);
CREATE INDEX assessment_ratings_report_idx ON assessment_ratings
  (round_id, submitted, subject_id, subject_stream_id, quality_key, rater_kind, score);
