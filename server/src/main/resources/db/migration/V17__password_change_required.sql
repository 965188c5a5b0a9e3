-- An account whose password an admin set (a member added, a password reset) must change it before doing anything
-- else: the admin knows that password. Signing in with it works, but the session may only change the password until
-- it does (403 password-change-required). Existing accounts are not affected.
ALTER TABLE accounts ADD COLUMN password_change_required BOOLEAN DEFAULT FALSE NOT NULL;
