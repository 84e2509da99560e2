-- Which program created a password-less account (roster import, "add member"), so that only
-- that program's invitation can give it a first password; empty for accounts created any other
-- way and for accounts created before this migration (those get a first password through an
-- administrator's reset link).
ALTER TABLE users ADD COLUMN created_in_program_id TEXT NOT NULL DEFAULT '';

-- API tokens may expire; NULL means the token works until it is revoked.
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT;
