-- Tenants, accounts, users, memberships, invoices and offline payments.
-- Every tenant-owned row carries tenant_id, and children reference their parent through (tenant_id, id), so a row
-- can never point at another tenant's data.

CREATE TABLE tenants (
    id                  INTEGER PRIMARY KEY,
    slug                TEXT NOT NULL UNIQUE,
    name                TEXT NOT NULL,
    theme               TEXT NOT NULL DEFAULT 'default',
    logo_url            TEXT,
    primary_color       TEXT,
    support_phone       TEXT,
    support_email       TEXT,
    support_hours       TEXT,
    default_currency    TEXT NOT NULL DEFAULT 'USD',
    past_due_after_days INTEGER NOT NULL DEFAULT 45,
    partial_payments    BOOLEAN NOT NULL DEFAULT TRUE,
    ach_enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    created_at          TEXT NOT NULL
);

CREATE TABLE api_keys (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    prefix      TEXT NOT NULL,
    key_hash    BLOB NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT
);
CREATE INDEX api_keys_tenant ON api_keys (tenant_id);

CREATE TABLE sso_keys (
    id            INTEGER PRIMARY KEY,
    tenant_id     INTEGER NOT NULL REFERENCES tenants (id),
    key_id        TEXT NOT NULL,
    sealed_secret BLOB NOT NULL,
    created_at    TEXT NOT NULL,
    revoked_at    TEXT,
    UNIQUE (tenant_id, key_id)
);

CREATE TABLE accounts (
    id          INTEGER PRIMARY KEY,
    tenant_id   INTEGER NOT NULL REFERENCES tenants (id),
    external_id TEXT NOT NULL,
    name        TEXT NOT NULL,
    currency    TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (tenant_id, external_id),
    UNIQUE (tenant_id, id)
);

CREATE TABLE users (
    id         INTEGER PRIMARY KEY,
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    email      TEXT NOT NULL,
    name       TEXT NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (tenant_id, email),
    UNIQUE (tenant_id, id)
);

CREATE TABLE memberships (
    tenant_id  INTEGER NOT NULL,
    user_id    INTEGER NOT NULL,
    account_id INTEGER NOT NULL,
    roles      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, user_id, account_id),
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE INDEX memberships_account ON memberships (tenant_id, account_id);

CREATE TABLE invoices (
    id             INTEGER PRIMARY KEY,
    tenant_id      INTEGER NOT NULL,
    account_id     INTEGER NOT NULL,
    number         TEXT NOT NULL,
    issued_on      TEXT NOT NULL,
    due_on         TEXT NOT NULL,
    currency       TEXT NOT NULL,
    subtotal_minor BIGINT NOT NULL,
    tax_minor      BIGINT NOT NULL,
    total_minor    BIGINT NOT NULL,
    paid_minor     BIGINT NOT NULL DEFAULT 0,
    voided         BOOLEAN NOT NULL DEFAULT FALSE,
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    UNIQUE (tenant_id, number),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
    CHECK (paid_minor >= 0 AND paid_minor <= total_minor)
);
-- An account's invoice list, newest first, and its open invoices (summary cards, "unpaid" filter).
CREATE INDEX invoices_account_issued ON invoices (tenant_id, account_id, issued_on DESC, id DESC);
CREATE INDEX invoices_account_open ON invoices (tenant_id, account_id, issued_on DESC, id DESC)
    WHERE paid_minor < total_minor AND NOT voided;

CREATE TABLE invoice_lines (
    tenant_id        INTEGER NOT NULL,
    invoice_id       INTEGER NOT NULL,
    position         INTEGER NOT NULL,
    description      TEXT NOT NULL,
    quantity         TEXT NOT NULL,
    unit_price_minor BIGINT NOT NULL,
    amount_minor     BIGINT NOT NULL,
    PRIMARY KEY (invoice_id, position),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id) ON DELETE CASCADE
);

CREATE TABLE payments (
    id           INTEGER PRIMARY KEY,
    tenant_id    INTEGER NOT NULL,
    account_id   INTEGER NOT NULL,
    external_id  TEXT NOT NULL,
    amount_minor BIGINT NOT NULL,
    currency     TEXT NOT NULL,
    kind         TEXT NOT NULL,
    reference    TEXT,
    paid_on      TEXT NOT NULL,
    status       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    UNIQUE (tenant_id, account_id, external_id),
    UNIQUE (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id),
    CHECK (amount_minor > 0)
);
CREATE INDEX payments_account_paid ON payments (tenant_id, account_id, paid_on DESC, id DESC);

CREATE TABLE allocations (
    tenant_id    INTEGER NOT NULL,
    payment_id   INTEGER NOT NULL,
    invoice_id   INTEGER NOT NULL,
    amount_minor BIGINT NOT NULL,
    PRIMARY KEY (payment_id, invoice_id),
    FOREIGN KEY (tenant_id, payment_id) REFERENCES payments (tenant_id, id) ON DELETE CASCADE,
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id),
    CHECK (amount_minor > 0)
);
CREATE INDEX allocations_invoice ON allocations (invoice_id);
