-- Accounts, programs, cohorts, streams and memberships.
-- Conventions (both backends): ids are TEXT UUIDv7, timestamps BIGINT Unix milliseconds,
-- booleans BIGINT 0/1. Check constraints are named <table>_<column>_check so a violation can be
-- mapped back to the field on both backends.

CREATE TABLE users (
  id TEXT PRIMARY KEY,
  email TEXT NOT NULL UNIQUE,
  display_name TEXT NOT NULL,
  password_hash TEXT NOT NULL,
  is_admin BIGINT NOT NULL DEFAULT 0 CONSTRAINT users_is_admin_check CHECK (is_admin IN (0, 1)),
  disabled BIGINT NOT NULL DEFAULT 0 CONSTRAINT users_disabled_check CHECK (disabled IN (0, 1)),
  created_at BIGINT NOT NULL
);

CREATE TABLE programs (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  description TEXT NOT NULL DEFAULT '',
  min_group_size BIGINT NOT NULL
    CONSTRAINT programs_min_group_size_check CHECK (min_group_size >= 3),
  created_at BIGINT NOT NULL
);

CREATE TABLE cohorts (
  id TEXT PRIMARY KEY,
  program_id TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  timezone TEXT NOT NULL DEFAULT 'UTC',
  created_at BIGINT NOT NULL,
  UNIQUE (program_id, name)
);
-- Serves the foreign key and list_by_program's "WHERE program_id = ? AND id > ? ORDER BY id".
CREATE INDEX cohorts_program_id_idx ON cohorts (program_id, id);

CREATE TABLE streams (
  id TEXT PRIMARY KEY,
  cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (cohort_id, name),
  -- Target of memberships' (stream_id, cohort_id) reference.
  UNIQUE (id, cohort_id)
);
CREATE INDEX streams_cohort_id_idx ON streams (cohort_id, id);

CREATE TABLE memberships (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  role TEXT NOT NULL CONSTRAINT memberships_role_check
    CHECK (role IN ('scholar', 'mentor', 'support', 'organizer', 'alumnus', 'analyst')),
  stream_id TEXT NULL,
  created_at BIGINT NOT NULL,
  UNIQUE (user_id, cohort_id, role),
  -- A member's stream must belong to the member's cohort (skipped when stream_id is NULL).
  FOREIGN KEY (stream_id, cohort_id) REFERENCES streams (id, cohort_id)
);
CREATE INDEX memberships_user_id_idx ON memberships (user_id, id);
CREATE INDEX memberships_cohort_id_idx ON memberships (cohort_id, id);
CREATE INDEX memberships_cohort_id_role_idx ON memberships (cohort_id, role, id);
CREATE INDEX memberships_stream_id_idx ON memberships (stream_id);
