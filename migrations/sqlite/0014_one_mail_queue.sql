-- One mail queue for every message. A message is either rendered when it is queued (recipient, subject and body:
-- invitations, sign-in links) or, when it is queued inside a store transaction that cannot render (a payment's
-- receipt), a reference to what it reports (payment and user), rendered from the tenant's theme at delivery.
-- Delivery forgets a rendered body once sent: it may hold a sign-in link.
CREATE TABLE mail_queue (
    id         INTEGER PRIMARY KEY,
    tenant_id  BIGINT NOT NULL REFERENCES tenants (id),
    kind       TEXT NOT NULL,
    recipient  TEXT,
    subject    TEXT,
    body_text  TEXT,
    payment_id BIGINT,
    user_id    BIGINT,
    created_at BIGINT NOT NULL,
    sent_at    BIGINT,
    UNIQUE (kind, payment_id),
    CHECK ((recipient IS NOT NULL AND subject IS NOT NULL AND body_text IS NOT NULL)
        OR (payment_id IS NOT NULL AND user_id IS NOT NULL))
);
CREATE INDEX mail_queue_unsent ON mail_queue (id) WHERE sent_at IS NULL;

INSERT INTO mail_queue (tenant_id, kind, payment_id, user_id, created_at, sent_at)
SELECT tenant_id, kind, payment_id, user_id, created_at, sent_at FROM mail_outbox ORDER BY id;
INSERT INTO mail_queue (tenant_id, kind, recipient, subject, body_text, created_at, sent_at)
SELECT tenant_id, kind, recipient, subject, body_text, created_at, sent_at FROM mail_messages ORDER BY id;

DROP TABLE mail_outbox;
DROP TABLE mail_messages;
