-- Per cohort and period, the counts the cohort view shows: how many checked in, how many were
-- stuck, and how many answered each value of each scale. Triggers on checkins keep it exact on
-- every insert, edit and delete (cascades included), so the cohort view reads one row per period
-- instead of aggregating every check-in of the cohort (ADR 18). This migration has a file per
-- backend because trigger syntax differs; keep the .sqlite.sql and .postgres.sql files in step.

CREATE TABLE checkin_period_totals (
  cohort_id TEXT NOT NULL REFERENCES cohorts (id) ON DELETE CASCADE,
  period_start TEXT NOT NULL,
  respondents BIGINT NOT NULL DEFAULT 0,
  stuck BIGINT NOT NULL DEFAULT 0,
  mood_1 BIGINT NOT NULL DEFAULT 0,
  mood_2 BIGINT NOT NULL DEFAULT 0,
  mood_3 BIGINT NOT NULL DEFAULT 0,
  mood_4 BIGINT NOT NULL DEFAULT 0,
  mood_5 BIGINT NOT NULL DEFAULT 0,
  energy_1 BIGINT NOT NULL DEFAULT 0,
  energy_2 BIGINT NOT NULL DEFAULT 0,
  energy_3 BIGINT NOT NULL DEFAULT 0,
  energy_4 BIGINT NOT NULL DEFAULT 0,
  energy_5 BIGINT NOT NULL DEFAULT 0,
  progress_1 BIGINT NOT NULL DEFAULT 0,
  progress_2 BIGINT NOT NULL DEFAULT 0,
  progress_3 BIGINT NOT NULL DEFAULT 0,
  progress_4 BIGINT NOT NULL DEFAULT 0,
  progress_5 BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (cohort_id, period_start)
);

INSERT INTO checkin_period_totals (
  cohort_id, period_start, respondents, stuck,
  mood_1, mood_2, mood_3, mood_4, mood_5,
  energy_1, energy_2, energy_3, energy_4, energy_5,
  progress_1, progress_2, progress_3, progress_4, progress_5)
SELECT cohort_id, period_start,
  COUNT(*),
  SUM(stuck),
  SUM(CASE WHEN mood = 1 THEN 1 ELSE 0 END),
  SUM(CASE WHEN mood = 2 THEN 1 ELSE 0 END),
  SUM(CASE WHEN mood = 3 THEN 1 ELSE 0 END),
  SUM(CASE WHEN mood = 4 THEN 1 ELSE 0 END),
  SUM(CASE WHEN mood = 5 THEN 1 ELSE 0 END),
  SUM(CASE WHEN energy = 1 THEN 1 ELSE 0 END),
  SUM(CASE WHEN energy = 2 THEN 1 ELSE 0 END),
  SUM(CASE WHEN energy = 3 THEN 1 ELSE 0 END),
  SUM(CASE WHEN energy = 4 THEN 1 ELSE 0 END),
  SUM(CASE WHEN energy = 5 THEN 1 ELSE 0 END),
  SUM(CASE WHEN progress = 1 THEN 1 ELSE 0 END),
  SUM(CASE WHEN progress = 2 THEN 1 ELSE 0 END),
  SUM(CASE WHEN progress = 3 THEN 1 ELSE 0 END),
  SUM(CASE WHEN progress = 4 THEN 1 ELSE 0 END),
  SUM(CASE WHEN progress = 5 THEN 1 ELSE 0 END)
FROM checkins GROUP BY cohort_id, period_start;

CREATE TRIGGER checkins_totals_insert AFTER INSERT ON checkins
BEGIN
  INSERT INTO checkin_period_totals (cohort_id, period_start)
    VALUES (NEW.cohort_id, NEW.period_start) ON CONFLICT DO NOTHING;
  UPDATE checkin_period_totals SET
      respondents = respondents + 1,
      stuck = stuck + NEW.stuck,
      mood_1 = mood_1 + CASE WHEN NEW.mood = 1 THEN 1 ELSE 0 END,
      mood_2 = mood_2 + CASE WHEN NEW.mood = 2 THEN 1 ELSE 0 END,
      mood_3 = mood_3 + CASE WHEN NEW.mood = 3 THEN 1 ELSE 0 END,
      mood_4 = mood_4 + CASE WHEN NEW.mood = 4 THEN 1 ELSE 0 END,
      mood_5 = mood_5 + CASE WHEN NEW.mood = 5 THEN 1 ELSE 0 END,
      energy_1 = energy_1 + CASE WHEN NEW.energy = 1 THEN 1 ELSE 0 END,
      energy_2 = energy_2 + CASE WHEN NEW.energy = 2 THEN 1 ELSE 0 END,
      energy_3 = energy_3 + CASE WHEN NEW.energy = 3 THEN 1 ELSE 0 END,
      energy_4 = energy_4 + CASE WHEN NEW.energy = 4 THEN 1 ELSE 0 END,
      energy_5 = energy_5 + CASE WHEN NEW.energy = 5 THEN 1 ELSE 0 END,
      progress_1 = progress_1 + CASE WHEN NEW.progress = 1 THEN 1 ELSE 0 END,
      progress_2 = progress_2 + CASE WHEN NEW.progress = 2 THEN 1 ELSE 0 END,
      progress_3 = progress_3 + CASE WHEN NEW.progress = 3 THEN 1 ELSE 0 END,
      progress_4 = progress_4 + CASE WHEN NEW.progress = 4 THEN 1 ELSE 0 END,
      progress_5 = progress_5 + CASE WHEN NEW.progress = 5 THEN 1 ELSE 0 END
  WHERE cohort_id = NEW.cohort_id AND period_start = NEW.period_start;
END;

CREATE TRIGGER checkins_totals_update AFTER UPDATE ON checkins
BEGIN
  UPDATE checkin_period_totals SET
      respondents = respondents - 1,
      stuck = stuck - OLD.stuck,
      mood_1 = mood_1 - CASE WHEN OLD.mood = 1 THEN 1 ELSE 0 END,
      mood_2 = mood_2 - CASE WHEN OLD.mood = 2 THEN 1 ELSE 0 END,
      mood_3 = mood_3 - CASE WHEN OLD.mood = 3 THEN 1 ELSE 0 END,
      mood_4 = mood_4 - CASE WHEN OLD.mood = 4 THEN 1 ELSE 0 END,
      mood_5 = mood_5 - CASE WHEN OLD.mood = 5 THEN 1 ELSE 0 END,
      energy_1 = energy_1 - CASE WHEN OLD.energy = 1 THEN 1 ELSE 0 END,
      energy_2 = energy_2 - CASE WHEN OLD.energy = 2 THEN 1 ELSE 0 END,
      energy_3 = energy_3 - CASE WHEN OLD.energy = 3 THEN 1 ELSE 0 END,
      energy_4 = energy_4 - CASE WHEN OLD.energy = 4 THEN 1 ELSE 0 END,
      energy_5 = energy_5 - CASE WHEN OLD.energy = 5 THEN 1 ELSE 0 END,
      progress_1 = progress_1 - CASE WHEN OLD.progress = 1 THEN 1 ELSE 0 END,
      progress_2 = progress_2 - CASE WHEN OLD.progress = 2 THEN 1 ELSE 0 END,
      progress_3 = progress_3 - CASE WHEN OLD.progress = 3 THEN 1 ELSE 0 END,
      progress_4 = progress_4 - CASE WHEN OLD.progress = 4 THEN 1 ELSE 0 END,
      progress_5 = progress_5 - CASE WHEN OLD.progress = 5 THEN 1 ELSE 0 END
  WHERE cohort_id = OLD.cohort_id AND period_start = OLD.period_start;
  INSERT INTO checkin_period_totals (cohort_id, period_start)
    VALUES (NEW.cohort_id, NEW.period_start) ON CONFLICT DO NOTHING;
  UPDATE checkin_period_totals SET
      respondents = respondents + 1,
      stuck = stuck + NEW.stuck,
      mood_1 = mood_1 + CASE WHEN NEW.mood = 1 THEN 1 ELSE 0 END,
      mood_2 = mood_2 + CASE WHEN NEW.mood = 2 THEN 1 ELSE 0 END,
      mood_3 = mood_3 + CASE WHEN NEW.mood = 3 THEN 1 ELSE 0 END,
      mood_4 = mood_4 + CASE WHEN NEW.mood = 4 THEN 1 ELSE 0 END,
      mood_5 = mood_5 + CASE WHEN NEW.mood = 5 THEN 1 ELSE 0 END,
      energy_1 = energy_1 + CASE WHEN NEW.energy = 1 THEN 1 ELSE 0 END,
      energy_2 = energy_2 + CASE WHEN NEW.energy = 2 THEN 1 ELSE 0 END,
      energy_3 = energy_3 + CASE WHEN NEW.energy = 3 THEN 1 ELSE 0 END,
      energy_4 = energy_4 + CASE WHEN NEW.energy = 4 THEN 1 ELSE 0 END,
      energy_5 = energy_5 + CASE WHEN NEW.energy = 5 THEN 1 ELSE 0 END,
      progress_1 = progress_1 + CASE WHEN NEW.progress = 1 THEN 1 ELSE 0 END,
      progress_2 = progress_2 + CASE WHEN NEW.progress = 2 THEN 1 ELSE 0 END,
      progress_3 = progress_3 + CASE WHEN NEW.progress = 3 THEN 1 ELSE 0 END,
      progress_4 = progress_4 + CASE WHEN NEW.progress = 4 THEN 1 ELSE 0 END,
      progress_5 = progress_5 + CASE WHEN NEW.progress = 5 THEN 1 ELSE 0 END
  WHERE cohort_id = NEW.cohort_id AND period_start = NEW.period_start;
END;

CREATE TRIGGER checkins_totals_delete AFTER DELETE ON checkins
BEGIN
  UPDATE checkin_period_totals SET
      respondents = respondents - 1,
      stuck = stuck - OLD.stuck,
      mood_1 = mood_1 - CASE WHEN OLD.mood = 1 THEN 1 ELSE 0 END,
      mood_2 = mood_2 - CASE WHEN OLD.mood = 2 THEN 1 ELSE 0 END,
      mood_3 = mood_3 - CASE WHEN OLD.mood = 3 THEN 1 ELSE 0 END,
      mood_4 = mood_4 - CASE WHEN OLD.mood = 4 THEN 1 ELSE 0 END,
      mood_5 = mood_5 - CASE WHEN OLD.mood = 5 THEN 1 ELSE 0 END,
      energy_1 = energy_1 - CASE WHEN OLD.energy = 1 THEN 1 ELSE 0 END,
      energy_2 = energy_2 - CASE WHEN OLD.energy = 2 THEN 1 ELSE 0 END,
      energy_3 = energy_3 - CASE WHEN OLD.energy = 3 THEN 1 ELSE 0 END,
      energy_4 = energy_4 - CASE WHEN OLD.energy = 4 THEN 1 ELSE 0 END,
      energy_5 = energy_5 - CASE WHEN OLD.energy = 5 THEN 1 ELSE 0 END,
      progress_1 = progress_1 - CASE WHEN OLD.progress = 1 THEN 1 ELSE 0 END,
      progress_2 = progress_2 - CASE WHEN OLD.progress = 2 THEN 1 ELSE 0 END,
      progress_3 = progress_3 - CASE WHEN OLD.progress = 3 THEN 1 ELSE 0 END,
      progress_4 = progress_4 - CASE WHEN OLD.progress = 4 THEN 1 ELSE 0 END,
      progress_5 = progress_5 - CASE WHEN OLD.progress = 5 THEN 1 ELSE 0 END
  WHERE cohort_id = OLD.cohort_id AND period_start = OLD.period_start;
END;
