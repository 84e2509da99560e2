-- What the co-occurrence report counts, kept up to date with every change to segments: per
-- study and ordered pair of different codes, how many answers carry both. Each pair is stored
-- in both orders, so keeping it up to date never depends on how the database collates ids. The
-- report reads a row per pair instead of self-joining every (answer, code) of the study
-- (ADR 0011).
CREATE TABLE study_code_pairs (
  study_id TEXT NOT NULL REFERENCES studies (id) ON DELETE CASCADE,
  code_id TEXT NOT NULL REFERENCES study_codes (id) ON DELETE CASCADE,
  other_code_id TEXT NOT NULL REFERENCES study_codes (id) ON DELETE CASCADE,
  answers BIGINT NOT NULL,
  PRIMARY KEY (study_id, code_id, other_code_id)
);
CREATE INDEX study_code_pairs_other_code_id_idx ON study_code_pairs (other_code_id);

-- Existing coding: the join goes through the segments' (study, answer, code) index on one side.
INSERT INTO study_code_pairs (study_id, code_id, other_code_id, answers)
SELECT a.study_id, a.code_id, b.code_id, count(DISTINCT a.answer_id)
FROM study_segments a
JOIN study_segments b
  ON b.study_id = a.study_id AND b.answer_id = a.answer_id AND b.code_id <> a.code_id
GROUP BY a.study_id, a.code_id, b.code_id;

-- Segments in id order (ids sort by creation time) within a study and within an answer: pages of
-- segments and the suggestion model's "most recent coding" read an index range instead of
-- sorting every segment of the study.
CREATE INDEX study_segments_recent_idx ON study_segments (study_id, id);
CREATE INDEX study_segments_answer_idx ON study_segments (answer_id, id);
