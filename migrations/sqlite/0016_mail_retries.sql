-- Mail sent through an SMTP relay can fail: a message is claimed by one worker at a time (`claimed_until`), and a
-- failed attempt is retried later (`next_attempt_at`, with backoff) until it is sent or given up (`sent_at` with
-- `last_error`).
ALTER TABLE mail_queue ADD COLUMN attempts BIGINT NOT NULL DEFAULT 0;
ALTER TABLE mail_queue ADD COLUMN next_attempt_at BIGINT NOT NULL DEFAULT 0;
ALTER TABLE mail_queue ADD COLUMN claimed_until BIGINT NOT NULL DEFAULT 0;
ALTER TABLE mail_queue ADD COLUMN last_error TEXT;
