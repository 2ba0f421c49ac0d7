-- Portal sign-in. Sessions live in the database so every host process on one database shares them; the cookie holds
-- a random token and only its SHA-256 is stored. Used SSO token ids are remembered until the token expires.
CREATE TABLE sessions (
    id_hash      BLOB PRIMARY KEY,
    tenant_id    INTEGER NOT NULL,
    user_id      INTEGER NOT NULL,
    account_id   INTEGER NOT NULL,
    csrf_token   TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id),
    FOREIGN KEY (tenant_id, account_id) REFERENCES accounts (tenant_id, id)
);
CREATE INDEX sessions_last_seen ON sessions (last_seen_at);

CREATE TABLE used_sso_tokens (
    tenant_id  INTEGER NOT NULL REFERENCES tenants (id),
    jti        TEXT NOT NULL,
    expires_at BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, jti)
);
CREATE INDEX used_sso_tokens_expiry ON used_sso_tokens (expires_at);

-- Origins allowed to frame the portal (CSP frame-ancestors); NULL means none.
ALTER TABLE tenants ADD COLUMN frame_ancestors TEXT;
