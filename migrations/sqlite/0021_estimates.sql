-- Estimates (quotes), pushed by the vendor; the customer approves (typing their name, accepting the terms) or
-- declines. An approved estimate with a deposit gets a deposit invoice, paid through the normal payment flow.
CREATE TABLE estimates (
    id                  INTEGER PRIMARY KEY,
    tenant_id           BIGINT NOT NULL REFERENCES tenants (id),
    account_id          BIGINT NOT NULL,
    number              TEXT NOT NULL,
    issued_on           TEXT NOT NULL,
    expires_on          TEXT NOT NULL,
    currency            TEXT NOT NULL,
    subtotal_minor      BIGINT NOT NULL,
    tax_minor           BIGINT NOT NULL,
    total_minor         BIGINT NOT NULL,
    deposit_minor       BIGINT NOT NULL DEFAULT 0 CHECK (deposit_minor >= 0 AND deposit_minor <= total_minor),
    terms               TEXT,
    -- 'open', 'approved', 'declined', 'invoiced' ('expired' is an open one past expires_on).
    status              TEXT NOT NULL CHECK (status IN ('open', 'approved', 'declined', 'invoiced')),
    approved_name       TEXT,
    decided_by          BIGINT,
    decided_at          BIGINT,
    decided_from        TEXT,
    decline_reason      TEXT,
    deposit_invoice_id  BIGINT,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
    FOREIGN KEY (tenant_id, deposit_invoice_id) REFERENCES invoices (tenant_id, id)
);
CREATE INDEX estimates_account ON estimates (tenant_id, account_id, issued_on DESC, id DESC);

CREATE TABLE estimate_lines (
    tenant_id        BIGINT NOT NULL,
    estimate_id      BIGINT NOT NULL,
    position         BIGINT NOT NULL,
    description      TEXT NOT NULL,
    quantity         TEXT NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    amount_minor     BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, estimate_id, position),
    FOREIGN KEY (tenant_id, estimate_id) REFERENCES estimates (tenant_id, id) ON DELETE CASCADE
);

-- Whether the portal shows Estimates.
ALTER TABLE accounts ADD COLUMN estimate_count BIGINT NOT NULL DEFAULT 0;
