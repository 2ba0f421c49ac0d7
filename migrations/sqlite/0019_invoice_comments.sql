-- Comments on invoices: a thread per invoice between the customer's users and the vendor. A customer's comment flags
-- the invoice as needing the vendor's attention until the vendor resolves it (by a reply that resolves, or alone).
CREATE TABLE invoice_comments (
    id          INTEGER PRIMARY KEY,
    tenant_id   BIGINT NOT NULL REFERENCES tenants (id),
    invoice_id  BIGINT NOT NULL,
    -- 'customer' (a user of the account) or 'vendor' (through the API).
    author_kind TEXT NOT NULL CHECK (author_kind IN ('customer', 'vendor')),
    user_id     BIGINT,
    author_name TEXT NOT NULL,
    body        TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    FOREIGN KEY (tenant_id, invoice_id) REFERENCES invoices (tenant_id, id)
);
CREATE INDEX invoice_comments_invoice ON invoice_comments (tenant_id, invoice_id, id);

ALTER TABLE invoices ADD COLUMN needs_attention BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE invoices ADD COLUMN comment_count BIGINT NOT NULL DEFAULT 0;
-- The vendor's "needs attention" list.
CREATE INDEX invoices_needs_attention ON invoices (tenant_id, id) WHERE needs_attention;
