-- A category is a code that groups others and cannot be applied to a segment (REFI-QDA's
-- isCodable="false"). 1: a category; 0: an ordinary code, as every code was before.
ALTER TABLE study_codes ADD COLUMN category BIGINT NOT NULL DEFAULT 0;
