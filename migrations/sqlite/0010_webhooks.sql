-- Outbound webhooks (Standard Webhooks). An event is written in the same transaction as the change it reports, with
-- one delivery per matching endpoint; a worker sends due deliveries, retrying with backoff for about 3 days.
CREATE TABLE webhook_endpoints (
    id            INTEGER PRIMARY KEY,
    public_id     TEXT NOT NULL UNIQUE,
    tenant_id     BIGINT NOT NULL REFERENCES tenants (id),
    url           TEXT NOT NULL,
    -- Comma-separated event types, or '*'.
    events        TEXT NOT NULL,
    sealed_secret BLOB NOT NULL,
    created_at    BIGINT NOT NULL,
    disabled_at   BIGINT,
    disabled_reason TEXT
);
CREATE INDEX webhook_endpoints_tenant ON webhook_endpoints (tenant_id);

CREATE TABLE events (
    id         INTEGER PRIMARY KEY,
    tenant_id  BIGINT NOT NULL REFERENCES tenants (id),
    type       TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX events_tenant ON events (tenant_id, id);

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    tenant_id       BIGINT NOT NULL,
    event_id        BIGINT NOT NULL REFERENCES events (id),
    endpoint_id     BIGINT NOT NULL REFERENCES webhook_endpoints (id),
    -- pending, delivered, failed
    status          TEXT NOT NULL,
    attempts        BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    locked_until    BIGINT,
    delivered_at    BIGINT,
    UNIQUE (event_id, endpoint_id)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE status = 'pending';

CREATE TABLE webhook_attempts (
    id          INTEGER PRIMARY KEY,
    delivery_id BIGINT NOT NULL REFERENCES webhook_deliveries (id),
    tenant_id   BIGINT NOT NULL,
    endpoint_id BIGINT NOT NULL,
    attempt     BIGINT NOT NULL,
    status_code BIGINT,
    error       TEXT,
    at          BIGINT NOT NULL
);
CREATE INDEX webhook_attempts_endpoint ON webhook_attempts (tenant_id, endpoint_id, id);
