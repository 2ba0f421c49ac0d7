-- Mail waiting to be delivered, written in the same transaction as what it reports (a payment's success), so a
-- receipt is queued exactly once. Until real delivery lands, the host writes each message to a local folder.
CREATE TABLE mail_outbox (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    kind       TEXT NOT NULL,
    payment_id INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at    BIGINT,
    UNIQUE (kind, payment_id)
);
CREATE INDEX mail_outbox_unsent ON mail_outbox (id) WHERE sent_at IS NULL;
