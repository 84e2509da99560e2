-- Sign-in sessions, API tokens, one-time links (password resets and invitations), sign-in
-- throttling and the audit log. Secrets are stored only as SHA-256 hashes.

CREATE TABLE sessions (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  token_hash TEXT NOT NULL UNIQUE,
  csrf_token TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  last_seen_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  client_address TEXT NOT NULL DEFAULT '',
  user_agent TEXT NOT NULL DEFAULT ''
);
CREATE INDEX sessions_user_id_idx ON sessions (user_id);

CREATE TABLE api_tokens (
  id TEXT PRIMARY KEY,
  user_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at BIGINT NOT NULL,
  last_used_at BIGINT
);
CREATE INDEX api_tokens_user_id_idx ON api_tokens (user_id);

CREATE TABLE one_time_links (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CONSTRAINT one_time_links_kind_check
    CHECK (kind IN ('password_reset', 'invitation')),
  token_hash TEXT NOT NULL UNIQUE,
  user_id TEXT REFERENCES users (id) ON DELETE CASCADE,
  cohort_id TEXT REFERENCES cohorts (id) ON DELETE CASCADE,
  email TEXT NOT NULL DEFAULT '',
  display_name TEXT NOT NULL DEFAULT '',
  role TEXT CONSTRAINT one_time_links_role_check
    CHECK (role IS NULL OR role IN ('scholar', 'mentor', 'support', 'organizer', 'alumnus', 'analyst')),
  stream_id TEXT REFERENCES streams (id) ON DELETE CASCADE,
  created_by TEXT NOT NULL DEFAULT '',
  created_at BIGINT NOT NULL,
  expires_at BIGINT NOT NULL,
  used_at BIGINT
);
CREATE INDEX one_time_links_cohort_id_idx ON one_time_links (cohort_id);
CREATE INDEX one_time_links_user_id_idx ON one_time_links (user_id);
CREATE INDEX one_time_links_stream_id_idx ON one_time_links (stream_id);

CREATE TABLE sign_in_throttle (
  throttle_key TEXT PRIMARY KEY,
  failures BIGINT NOT NULL,
  last_failure_at BIGINT NOT NULL,
  locked_until BIGINT NOT NULL DEFAULT 0
);

-- Append-only: the product never updates or deletes audit events.
CREATE TABLE audit_events (
  id TEXT PRIMARY KEY,
  at BIGINT NOT NULL,
  actor_user_id TEXT NOT NULL DEFAULT '',
  action TEXT NOT NULL,
  resource_type TEXT NOT NULL DEFAULT '',
  resource_id TEXT NOT NULL DEFAULT '',
  program_id TEXT NOT NULL DEFAULT '',
  client_address TEXT NOT NULL DEFAULT '',
  request_id TEXT NOT NULL DEFAULT '',
  detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_events_program_id_idx ON audit_events (program_id, id);
