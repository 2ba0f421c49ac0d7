-- Narrow sessions, and invoice emails. Narrow sessions: a View Invoice link or a vendor's scoped link signs in to one invoice, to paying, or to the
-- payment methods only (`invoice:<number>`, `pay`, `payment_methods`). A sign-in link carries the scope it gives.
ALTER TABLE sessions ADD COLUMN scope TEXT;
ALTER TABLE sign_in_links ADD COLUMN scope TEXT;

-- An invoice email has an HTML part beside its text.
ALTER TABLE mail_queue ADD COLUMN body_html TEXT;

-- A checkout remembers where its payer reached the portal, so the receipt mail can link to the receipt page.
ALTER TABLE checkouts ADD COLUMN portal_url TEXT;

-- The token the sandbox's TEST MODE page issued for a checkout (SHA-256): only it may pay that checkout.
ALTER TABLE checkouts ADD COLUMN token_hash BYTEA;
