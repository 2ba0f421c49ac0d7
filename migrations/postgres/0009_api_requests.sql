-- The REST API's idempotency keys: the first request's fingerprint and response, replayed for a repeat.
CREATE TABLE api_requests (
    tenant_id       BIGINT NOT NULL REFERENCES tenants (id),
    idempotency_key TEXT NOT NULL,
    request_hash    BYTEA NOT NULL,
    status_code     BIGINT,
    response_body   TEXT,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (tenant_id, idempotency_key)
);

-- Cursor pages of a tenant's invoices by id, and the API's "updated since" filter.
CREATE INDEX invoices_tenant_id ON invoices (tenant_id, id);
