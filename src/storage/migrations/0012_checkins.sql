-- Weekly check-ins, the scholar's consent to share them, and the log of what was shared.
-- Same conventions as 0001: TEXT ids, BIGINT milliseconds, BIGINT 0/1 booleans, dates as
-- YYYY-MM-DD text (they sort as dates), CHECK constraints named <table>_<column>_check.

-- A cohort's cadence. No row means the default: weekly, due on Friday, no weeks off.
CREATE TABLE checkin_schedules (
  cohort_id TEXT PRIMARY KEY REFERENCES cohorts (id) ON DELETE CASCADE,
  cadence TEXT NOT NULL DEFAULT 'weekly' CONSTRAINT checkin_schedules_cadence_check
    CHECK (cadence IN ('daily', 'weekly', 'fortnightly')),
  due_weekday BIGINT NOT NULL DEFAULT 5  -- ISO weekday: 1 Monday … 7 Sunday
    CONSTRAINT checkin_schedules_due_weekday_check CHECK (due_weekday BETWEEN 1 AND 7),
  updated_at BIGINT NOT NULL,
  updated_by TEXT NULL REFERENCES users (id) ON DELETE SET NULL
);

-- Breaks in a cohort's cadence (a single week is a range of seven days from its Monday).
-- A period that starts inside a range expects no check-in.
CREATE TABLE checkin_weeks_off (
  cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  PRIMARY KEY (cohort_id, starts_on),
  CONSTRAINT checkin_weeks_off_ends_on_check CHECK (ends_on >= starts_on)
);

-- One check-in per scholar, cohort and period (the period's first day).
CREATE TABLE checkins (
  id TEXT PRIMARY KEY,
  scholar_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  period_start TEXT NOT NULL,
  energy BIGINT NOT NULL CONSTRAINT checkins_energy_check CHECK (energy BETWEEN 1 AND 5),
  mood BIGINT NOT NULL CONSTRAINT checkins_mood_check CHECK (mood BETWEEN 1 AND 5),
  progress BIGINT NOT NULL CONSTRAINT checkins_progress_check CHECK (progress BETWEEN 1 AND 5),
  stuck BIGINT NOT NULL DEFAULT 0 CONSTRAINT checkins_stuck_check CHECK (stuck IN (0, 1)),
  stuck_since TEXT NULL,
  stuck_on TEXT NOT NULL DEFAULT '',
  wins TEXT NOT NULL DEFAULT '',
  blockers TEXT NOT NULL DEFAULT '',
  support_note TEXT NOT NULL DEFAULT '',  -- meant for the support team only
  created_at BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  UNIQUE (scholar_id, cohort_id, period_start)
);
CREATE INDEX checkins_cohort_period_idx ON checkins (cohort_id, period_start);

-- The scholar's current consent per program. No row means level 'none', no mentor flag.
CREATE TABLE checkin_consents (
  scholar_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  program_id TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  level TEXT NOT NULL CONSTRAINT checkin_consents_level_check
    CHECK (level IN ('none', 'alerts', 'alerts_and_answers')),
  mentor_flag BIGINT NOT NULL DEFAULT 0
    CONSTRAINT checkin_consents_mentor_flag_check CHECK (mentor_flag IN (0, 1)),
  changed_at BIGINT NOT NULL,
  PRIMARY KEY (scholar_id, program_id)
);
CREATE INDEX checkin_consents_program_idx ON checkin_consents (program_id);

-- Every consent a scholar ever gave, appended on each change and never updated.
CREATE TABLE checkin_consent_history (
  id TEXT PRIMARY KEY,
  scholar_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  program_id TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  level TEXT NOT NULL CONSTRAINT checkin_consent_history_level_check
    CHECK (level IN ('none', 'alerts', 'alerts_and_answers')),
  mentor_flag BIGINT NOT NULL CONSTRAINT checkin_consent_history_mentor_flag_check
    CHECK (mentor_flag IN (0, 1)),
  changed_at BIGINT NOT NULL
);
CREATE INDEX checkin_consent_history_scholar_idx
  ON checkin_consent_history (scholar_id, program_id, changed_at);

-- What of a scholar's wellbeing reached whom: recipient is a user id, 'support_team' or
-- 'mentor'; reference_id names what was shared (an alert, a check-in). The scholar's "what was
-- shared" view reads it; each disclosure is logged once.
CREATE TABLE wellbeing_disclosures (
  id TEXT PRIMARY KEY,
  scholar_id TEXT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
  program_id TEXT NOT NULL REFERENCES programs (id) ON DELETE CASCADE,
  recipient TEXT NOT NULL,
  what TEXT NOT NULL CONSTRAINT wellbeing_disclosures_what_check
    CHECK (what IN ('alert', 'answers', 'support_flag')),
  reference_id TEXT NOT NULL DEFAULT '',
  disclosed_at BIGINT NOT NULL,
  UNIQUE (scholar_id, recipient, what, reference_id)
);
CREATE INDEX wellbeing_disclosures_scholar_idx
  ON wellbeing_disclosures (scholar_id, disclosed_at);

-- Program-level check-in settings; no row means the defaults. Alert thresholds join later.
CREATE TABLE checkin_settings (
  program_id TEXT PRIMARY KEY REFERENCES programs (id) ON DELETE CASCADE,
  stuck_time_box_days BIGINT NOT NULL DEFAULT 2
    CONSTRAINT checkin_settings_stuck_time_box_days_check
    CHECK (stuck_time_box_days BETWEEN 1 AND 60),
  updated_at BIGINT NOT NULL
);
