-- Languages: a user's own choice (the portal's language menu), an account's language for the mail it gets (set by the
-- vendor), and the tenant's default when neither the user nor the browser says.
ALTER TABLE users ADD COLUMN locale TEXT;
ALTER TABLE accounts ADD COLUMN locale TEXT;
ALTER TABLE tenants ADD COLUMN default_locale TEXT NOT NULL DEFAULT 'en';
