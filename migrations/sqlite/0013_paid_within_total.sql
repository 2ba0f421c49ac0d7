-- What has been paid and what is being paid on an invoice never exceeds its total, and neither goes negative.
-- A backstop under the store's locking: a write that would overpay fails to commit instead of losing money.
-- (SQLite cannot add a CHECK constraint to an existing table, so triggers do the same.)
CREATE TRIGGER invoices_paid_within_total_insert BEFORE INSERT ON invoices
WHEN NEW.paid_minor < 0 OR NEW.pending_minor < 0 OR NEW.paid_minor + NEW.pending_minor > NEW.total_minor
BEGIN
    SELECT RAISE(ABORT, 'invoices_paid_within_total');
END;

CREATE TRIGGER invoices_paid_within_total_update BEFORE UPDATE OF paid_minor, pending_minor, total_minor ON invoices
WHEN NEW.paid_minor < 0 OR NEW.pending_minor < 0 OR NEW.paid_minor + NEW.pending_minor > NEW.total_minor
BEGIN
    SELECT RAISE(ABORT, 'invoices_paid_within_total');
END;
