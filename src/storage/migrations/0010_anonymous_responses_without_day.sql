-- Anonymous responses no longer keep the day they arrived (ADR 11): staff who saw on which day
-- someone responded could pick that person's answer out by its day. Earlier responses lose it
-- here; new ones are stored without it.
UPDATE study_responses SET submitted_on = '' WHERE anonymous = 1;
