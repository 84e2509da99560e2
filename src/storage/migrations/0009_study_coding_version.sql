-- Counts the changes to a study's coded segments, as codebook_version counts codebook edits:
-- together they tell any app server sharing the database whether what it derived from the
-- coding (a suggestion model) is still current.
ALTER TABLE studies ADD COLUMN coding_version BIGINT NOT NULL DEFAULT 0;
