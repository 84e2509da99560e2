-- A rejected suggestion belongs to the coder who rejected it: two coders may reject the same
-- suggestion, and in blind mode one coder's rejections must not hide suggestions from another.
-- The key gains coder_id (SQLite cannot change a primary key in place, so the table is rebuilt).
CREATE TABLE study_suggestion_rejections_by_coder (
  answer_id TEXT NOT NULL REFERENCES study_answers (id) DEFERRABLE INITIALLY DEFERRED,
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  code_id TEXT NOT NULL REFERENCES study_codes (id) ON DELETE CASCADE,
  start_offset BIGINT NOT NULL,
  end_offset BIGINT NOT NULL,
  coder_id TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (answer_id, coder_id, code_id, start_offset, end_offset)
);
INSERT INTO study_suggestion_rejections_by_coder (answer_id, study_id, code_id, start_offset,
  end_offset, coder_id, created_at)
  SELECT answer_id, study_id, code_id, start_offset, end_offset, coder_id, created_at
  FROM study_suggestion_rejections;
DROP TABLE study_suggestion_rejections;
ALTER TABLE study_suggestion_rejections_by_coder RENAME TO study_suggestion_rejections;
CREATE INDEX study_suggestion_rejections_study_id_idx ON study_suggestion_rejections (study_id);
