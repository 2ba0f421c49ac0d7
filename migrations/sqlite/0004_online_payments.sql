-- Online payments. A checkout reserves part of one or more invoices' balances (invoices.pending_minor) while the
-- customer is at the gateway, so concurrent payers can never overpay an invoice; a payment made from a checkout is
-- recorded as pending before the gateway is called, keyed by its idempotency key (payments.external_id).
ALTER TABLE invoices ADD COLUMN pending_minor BIGINT NOT NULL DEFAULT 0;

ALTER TABLE payments ADD COLUMN checkout_id INTEGER;
ALTER TABLE payments ADD COLUMN user_id INTEGER;
ALTER TABLE payments ADD COLUMN gateway TEXT;
ALTER TABLE payments ADD COLUMN method_label TEXT;
ALTER TABLE payments ADD COLUMN failure_message TEXT;
CREATE INDEX payments_pending ON payments (tenant_id, status) WHERE status = 'pending';
CREATE INDEX payments_checkout ON payments (checkout_id);

CREATE TABLE checkouts (
    id           INTEGER PRIMARY KEY,
    public_id    TEXT NOT NULL UNIQUE,
    tenant_id    INTEGER NOT NULL,
    account_id   INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    method       TEXT NOT NULL,
    -- open: reserved, waiting for the customer; charging: a gateway call is in flight or unconfirmed;
    -- settling: ACH accepted, not yet settled; paid; released: the reservation was given back.
    state        TEXT NOT NULL,
    attempts     BIGINT NOT NULL DEFAULT 0,
    charged_at   BIGINT,
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
    CHECK (amount_minor > 0)
);
CREATE INDEX checkouts_state ON checkouts (state, expires_at);

CREATE TABLE checkout_allocations (
    checkout_id  INTEGER NOT NULL REFERENCES checkouts (id),
    tenant_id    INTEGER NOT NULL,
    invoice_id   INTEGER NOT NULL,
    amount_minor BIGINT NOT NULL,
    PRIMARY KEY (checkout_id, invoice_id),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id),
    CHECK (amount_minor > 0)
);

-- The sandbox gateway's own records: it stands in for a remote gateway, so it keeps its ledger apart from ours.
-- Tokens hold only display facts and the test outcome, never the card or account number.
CREATE TABLE sandbox_tokens (
    token      TEXT PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    kind       TEXT NOT NULL,
    label      TEXT NOT NULL,
    outcome    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE TABLE sandbox_charges (
    tenant_id       INTEGER NOT NULL REFERENCES tenants (id),
    idempotency_key TEXT NOT NULL,
    transaction_id  TEXT NOT NULL,
    token           TEXT NOT NULL,
    amount_minor    BIGINT NOT NULL,
    currency        TEXT NOT NULL,
    outcome         TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
);
