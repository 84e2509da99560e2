-- Alert rules, the support queue and background-job leases (issue 11 items 4 and 5, ADR 17).
-- Same conventions as 0001 and 0012.

-- The thresholds of the alert rules and the people and channels the stuck nudge lists.
ALTER TABLE checkin_settings ADD COLUMN low_mood_at_most BIGINT NOT NULL DEFAULT 2
  CONSTRAINT checkin_settings_low_mood_at_most_check CHECK (low_mood_at_most BETWEEN 1 AND 4);
ALTER TABLE checkin_settings ADD COLUMN low_mood_checkins BIGINT NOT NULL DEFAULT 2
  CONSTRAINT checkin_settings_low_mood_checkins_check CHECK (low_mood_checkins BETWEEN 1 AND 8);
ALTER TABLE checkin_settings ADD COLUMN falling_trend_checkins BIGINT NOT NULL DEFAULT 3
  CONSTRAINT checkin_settings_falling_trend_checkins_check
  CHECK (falling_trend_checkins BETWEEN 3 AND 8);
ALTER TABLE checkin_settings ADD COLUMN stuck_alert_days BIGINT NOT NULL DEFAULT 5
  CONSTRAINT checkin_settings_stuck_alert_days_check CHECK (stuck_alert_days BETWEEN 1 AND 60);
ALTER TABLE checkin_settings ADD COLUMN missed_checkins BIGINT NOT NULL DEFAULT 2
  CONSTRAINT checkin_settings_missed_checkins_check CHECK (missed_checkins BETWEEN 1 AND 8);
ALTER TABLE checkin_settings ADD COLUMN help_channels TEXT NOT NULL DEFAULT '';

-- The support queue: alerts the rules raised for consenting scholars, and scholars' requests
-- for a conversation. A rule's alert has a firing key (reason and the period that completed
-- the firing) unique per scholar and cohort: the evaluation inserts with ON CONFLICT DO
-- NOTHING, so evaluating twice, or on two servers at once, raises each firing once. A request
-- has no key (NULLs never collide) and at most one unresolved request per scholar and cohort.
CREATE TABLE checkin_alerts (
  id TEXT PRIMARY KEY,
  scholar_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  program_id TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  reason TEXT NOT NULL CONSTRAINT checkin_alerts_reason_check
    CHECK (reason IN ('low_mood', 'falling_trend', 'stuck', 'missed_checkins',
                      'conversation_request')),
  period_start TEXT NOT NULL DEFAULT '',
  firing_key TEXT NULL,
  message TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL DEFAULT 'open' CONSTRAINT checkin_alerts_status_check
    CHECK (status IN ('open', 'claimed', 'resolved')),
  claimed_by TEXT NULL REFERENCES users (id) ON DELETE SET NULL,
  claimed_at BIGINT NULL,
  resolved_by TEXT NULL REFERENCES users (id) ON DELETE SET NULL,
  resolved_at BIGINT NULL,
  raised_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  CONSTRAINT checkin_alerts_firing_key_check
    CHECK ((reason = 'conversation_request') = (firing_key IS NULL)),
  UNIQUE (scholar_id, cohort_id, firing_key)
);
CREATE INDEX checkin_alerts_cohort_status_idx ON checkin_alerts (cohort_id, status);
CREATE UNIQUE INDEX checkin_alerts_open_request_idx ON checkin_alerts (scholar_id, cohort_id)
  WHERE reason = 'conversation_request' AND status <> 'resolved';

-- Support members' notes on a queue item; the support team's only.
CREATE TABLE coaching_notes (
  id TEXT PRIMARY KEY,
  alert_id TEXT NOT NULL REFERENCES checkin_alerts (id) ON DELETE CASCADE,
  author_id TEXT NULL REFERENCES users (id) ON DELETE SET NULL,
  text TEXT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX coaching_notes_alert_idx ON coaching_notes (alert_id, created_at);

-- Leases of background jobs that must run on one server at a time when several share the
-- database: a server runs the job only after taking the row (one conditional upsert) and gives
-- it back when done; a lease whose holder died simply expires.
CREATE TABLE job_leases (
  name TEXT PRIMARY KEY,
  holder TEXT NOT NULL,
  expires_at BIGINT NOT NULL
);
