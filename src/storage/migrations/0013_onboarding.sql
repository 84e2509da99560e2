-- When each account last signed in (NULL: never), so organizers see who never did; filled in
-- from the audit log for accounts that signed in before this migration.
ALTER TABLE users ADD COLUMN last_sign_in_at BIGINT;
UPDATE users SET last_sign_in_at = (
  SELECT max(a.at) FROM audit_events a
  WHERE a.action = 'session.sign_in' AND a.actor_user_id = users.id);

-- Mentors rate first (on by default): a mentor sees a scholar's self-rating in a round only
-- after submitting their own rating of that scholar in that round.
ALTER TABLE programs ADD COLUMN mentors_rate_first BIGINT NOT NULL DEFAULT 1;
