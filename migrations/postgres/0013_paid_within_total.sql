-- What has been paid and what is being paid on an invoice never exceeds its total, and neither goes negative.
-- A backstop under the store's locking: a write that would overpay fails to commit instead of losing money.
-- NOT VALID: enforced on every new write without scanning (or failing on) rows written before.
ALTER TABLE invoices ADD CONSTRAINT invoices_paid_within_total
    CHECK (paid_minor >= 0 AND pending_minor >= 0 AND paid_minor + pending_minor <= total_minor) NOT VALID;
