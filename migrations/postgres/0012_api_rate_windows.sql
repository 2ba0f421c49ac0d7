-- The API's per-key rate limit, counted in the database so every host process shares it: one row per key per
-- minute, purged once the minute is long past. UNLOGGED: counts need no WAL (a crash only forgets the current minute).
CREATE UNLOGGED TABLE api_rate_windows (
    tenant_id    BIGINT NOT NULL REFERENCES tenants (id),
    key_hash     BYTEA NOT NULL,
    window_start BIGINT NOT NULL,
    count        BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, key_hash, window_start)
);
CREATE INDEX api_rate_windows_start ON api_rate_windows (window_start);
