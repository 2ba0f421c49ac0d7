-- Saved payment methods: held by the gateway; Billfold keeps only the gateway's references and display facts
-- (brand, last 4, expiry, bank name). At most one default per account (the partial unique index).
CREATE TABLE saved_methods (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    tenant_id    BIGINT NOT NULL,
    account_id   BIGINT NOT NULL,
    gateway      TEXT NOT NULL,
    customer_ref TEXT,
    reference    TEXT NOT NULL,
    kind         TEXT NOT NULL,
    brand        TEXT NOT NULL,
    last4        TEXT NOT NULL,
    exp_month    BIGINT,
    exp_year     BIGINT,
    is_default   BOOLEAN NOT NULL DEFAULT FALSE,
    created_by   BIGINT,
    created_at   BIGINT NOT NULL,
    removed_at   BIGINT,
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE INDEX saved_methods_account ON saved_methods (tenant_id, account_id, created_at) WHERE removed_at IS NULL;
CREATE UNIQUE INDEX saved_methods_one_default ON saved_methods (tenant_id, account_id)
    WHERE is_default AND removed_at IS NULL;

-- The gateway's customer (Stripe customer, Authorize.Net customer profile) standing for an account.
CREATE TABLE gateway_customers (
    tenant_id    BIGINT NOT NULL,
    account_id   BIGINT NOT NULL,
    gateway      TEXT NOT NULL,
    customer_ref TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, account_id, gateway),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);

-- Who did what, when, from which session: payments, payment methods and roles.
CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    tenant_id     BIGINT NOT NULL REFERENCES tenants (id),
    account_id    BIGINT,
    actor_user_id BIGINT,
    actor         TEXT NOT NULL,
    session_ref   TEXT,
    action        TEXT NOT NULL,
    detail        TEXT NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX audit_log_account ON audit_log (tenant_id, account_id, id);
CREATE INDEX audit_log_tenant ON audit_log (tenant_id, id);

-- Sign-in links sent by email (an invitation): single use, until they expire. Only the SHA-256 of the token is kept.
CREATE TABLE sign_in_links (
    token_hash BLOB PRIMARY KEY,
    tenant_id  BIGINT NOT NULL,
    user_id    BIGINT NOT NULL,
    account_id BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT,
    created_at BIGINT NOT NULL,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);

-- Mail that is not a payment receipt (invitations): rendered when queued, delivered by the same outbox worker.
CREATE TABLE mail_messages (
    id         INTEGER PRIMARY KEY,
    tenant_id  BIGINT NOT NULL REFERENCES tenants (id),
    kind       TEXT NOT NULL,
    recipient  TEXT NOT NULL,
    subject    TEXT NOT NULL,
    body_text  TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at    BIGINT
);
CREATE INDEX mail_messages_unsent ON mail_messages (id) WHERE sent_at IS NULL;

-- The sandbox keeps a test card's expiry (MM/YYYY) so a saved sandbox card can show it.
ALTER TABLE sandbox_tokens ADD COLUMN expiry TEXT;
ALTER TABLE sandbox_tokens ADD COLUMN removed_at BIGINT;
