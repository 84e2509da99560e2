-- Transcripts can be corrected: an answer's text carries a version, and an edit made against a
-- stale one is a conflict (as segments and codebooks are). Every answer starts at version 1.
ALTER TABLE study_answers ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
