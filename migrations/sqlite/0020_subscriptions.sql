-- Subscriptions, pushed by the vendor's billing engine (import file, API); the customer cancels, resumes or changes
-- the payment method in the portal, and the vendor's next update wins.
CREATE TABLE subscriptions (
    id                   INTEGER PRIMARY KEY,
    tenant_id            BIGINT NOT NULL REFERENCES tenants (id),
    account_id           BIGINT NOT NULL,
    external_id          TEXT NOT NULL,
    plan_name            TEXT NOT NULL,
    quantity             BIGINT NOT NULL CHECK (quantity > 0),
    unit_amount_minor    BIGINT NOT NULL CHECK (unit_amount_minor >= 0),
    currency             TEXT NOT NULL,
    interval_unit        TEXT NOT NULL CHECK (interval_unit IN ('month', 'year')),
    interval_count       BIGINT NOT NULL CHECK (interval_count > 0),
    status               TEXT NOT NULL CHECK (status IN ('trialing', 'active', 'past_due', 'paused', 'canceled')),
    current_period_start TEXT NOT NULL,
    current_period_end   TEXT NOT NULL,
    cancel_at_period_end BOOLEAN NOT NULL DEFAULT FALSE,
    canceled_at          BIGINT,
    -- The saved method it is charged to; NULL: the customer is invoiced.
    payment_method_id    BIGINT REFERENCES saved_methods (id),
    -- What the customer said when canceling in the portal.
    cancel_reason        TEXT,
    cancel_comment       TEXT,
    created_at           BIGINT NOT NULL,
    updated_at           BIGINT NOT NULL,
    UNIQUE (tenant_id, external_id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE INDEX subscriptions_account ON subscriptions (tenant_id, account_id, id);

-- Whether the portal shows Subscriptions (no query per page: the account row says).
ALTER TABLE accounts ADD COLUMN subscription_count BIGINT NOT NULL DEFAULT 0;

-- How customers may cancel: at_period_end (default), immediately, not_allowed.
ALTER TABLE tenants ADD COLUMN subscription_cancel TEXT NOT NULL DEFAULT 'at_period_end';
