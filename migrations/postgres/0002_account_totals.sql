-- Per-account totals, kept in step with invoices and allocations in the same transaction, so the summary cards and
-- list counts cost the same at 100,000 invoices as at 10.
ALTER TABLE accounts ADD COLUMN invoice_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN open_invoice_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN void_invoice_count BIGINT NOT NULL DEFAULT 0;
ALTER TABLE accounts ADD COLUMN outstanding_minor BIGINT NOT NULL DEFAULT 0;
