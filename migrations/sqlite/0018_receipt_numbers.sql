-- Receipt numbers: each tenant numbers its receipts R-000001, R-000002, … (gaps allowed, never reused). A payment
-- gets its number when it goes through (a portal payment on success or, for a bank debit, on acceptance; a payment
-- the vendor records on arrival).
CREATE TABLE receipt_counters (
    tenant_id INTEGER PRIMARY KEY REFERENCES tenants(id),
    last BIGINT NOT NULL
);
ALTER TABLE payments ADD COLUMN receipt_number BIGINT;

UPDATE payments SET receipt_number = numbered.n FROM (
    SELECT id, ROW_NUMBER() OVER (PARTITION BY tenant_id ORDER BY id) AS n FROM payments
    WHERE status IN ('succeeded', 'refunded') OR (status = 'pending' AND reference IS NOT NULL)
) AS numbered WHERE payments.id = numbered.id;
INSERT INTO receipt_counters (tenant_id, last)
    SELECT tenant_id, MAX(receipt_number) FROM payments WHERE receipt_number IS NOT NULL GROUP BY tenant_id;
CREATE UNIQUE INDEX payments_receipt_number ON payments (tenant_id, receipt_number);

-- A payment token (its SHA-256) belongs to one checkout: the first to bind it keeps it.
CREATE UNIQUE INDEX checkouts_token ON checkouts (tenant_id, token_hash) WHERE token_hash IS NOT NULL;

-- The dashboard's "Due first" order.
CREATE INDEX invoices_account_due ON invoices (tenant_id, account_id, due_on, id);

-- Vendor details on invoices, receipts and statements (the tenant's address, tax id, remit-to / bank details), and
-- the customer's purchase order number on an invoice.
ALTER TABLE tenants ADD COLUMN vendor_address TEXT;
ALTER TABLE tenants ADD COLUMN tax_id TEXT;
ALTER TABLE tenants ADD COLUMN remit_to TEXT;
ALTER TABLE invoices ADD COLUMN po_number TEXT;

-- Invitations: when a user was invited to an account, and when they last signed in (pending until they do).
ALTER TABLE users ADD COLUMN last_signed_in_at BIGINT;
ALTER TABLE memberships ADD COLUMN invited_at BIGINT;

-- The customer's billing address (several lines), under Bill to on invoices and statements.
ALTER TABLE accounts ADD COLUMN address TEXT;
