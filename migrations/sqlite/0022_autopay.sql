-- AutoPay: an account's accounting/admin user enrols it with a saved method, accepting the authorisation shown
-- (kept word for word, with who and when). Background work pays each open invoice of an enrolled account when it
-- is due, through the same exactly-once payment path as the portal; after the tenant's number of failures in a row
-- the enrolment is suspended until the customer enrols again.
CREATE TABLE autopay_enrollments (
    id                 INTEGER PRIMARY KEY,
    tenant_id          BIGINT NOT NULL REFERENCES tenants (id),
    account_id         BIGINT NOT NULL,
    saved_method_id    BIGINT NOT NULL REFERENCES saved_methods (id),
    enrolled_by        BIGINT NOT NULL,
    enrolled_at        BIGINT NOT NULL,
    authorization_text TEXT NOT NULL,
    failures           BIGINT NOT NULL DEFAULT 0,
    suspended_at       BIGINT,
    disabled_at        BIGINT,
    disabled_by        BIGINT,
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE UNIQUE INDEX autopay_one_per_account ON autopay_enrollments (tenant_id, account_id) WHERE disabled_at IS NULL;

-- One attempt per invoice per day, claimed before the gateway is called (several hosts never both try).
CREATE TABLE autopay_attempts (
    tenant_id     BIGINT NOT NULL,
    invoice_id    BIGINT NOT NULL,
    attempted_on  TEXT NOT NULL,
    enrollment_id BIGINT NOT NULL REFERENCES autopay_enrollments (id),
    outcome       TEXT NOT NULL DEFAULT 'started',
    created_at    BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, invoice_id, attempted_on),
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
);

-- When AutoPay pays: NULL on the due date, else this many days after the issue date; and after how many failed
-- attempts in a row it stops.
ALTER TABLE tenants ADD COLUMN autopay_days_after_issue BIGINT;
ALTER TABLE tenants ADD COLUMN autopay_max_failures BIGINT NOT NULL DEFAULT 3;
