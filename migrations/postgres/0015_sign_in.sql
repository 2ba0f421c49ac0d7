-- Signing in without the vendor: a user's password (an Argon2id PHC string), the ways a tenant lets customers sign
-- in, what a single-use link is for (signing in, or resetting a password), and the throttle on failed passwords.
ALTER TABLE users ADD COLUMN password_hash TEXT;
ALTER TABLE users ADD COLUMN password_changed_at BIGINT;
ALTER TABLE tenants ADD COLUMN sign_in_methods TEXT NOT NULL DEFAULT 'password,email_link';
ALTER TABLE sign_in_links ADD COLUMN purpose TEXT NOT NULL DEFAULT 'sign_in';

-- Failed passwords per subject (`email:<address>` or `ip:<address>`) within a window; past the free attempts the
-- subject is refused until `blocked_until`. Shared by every host process on the database.
CREATE TABLE sign_in_throttle (
    tenant_id     BIGINT NOT NULL REFERENCES tenants (id),
    subject       TEXT NOT NULL,
    failures      BIGINT NOT NULL,
    window_start  BIGINT NOT NULL,
    blocked_until BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, subject)
);

-- How many sign-in and reset mails an address got lately (the cap per hour).
CREATE INDEX mail_queue_recipient ON mail_queue (tenant_id, recipient, created_at);
-- A user's sessions (Sign-in & security lists them; a password change ends them).
CREATE INDEX sessions_user ON sessions (tenant_id, user_id);
