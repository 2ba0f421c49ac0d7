-- A tenant's own domains (billing.acme.example). A domain is pending until Billfold, fetching
-- http://<hostname>/.well-known/billfold-domain/<token>, reaches itself there (the vendor pointed the domain at
-- Billfold); then requests on it resolve to the tenant. A verified host name belongs to one tenant only.
CREATE TABLE tenant_domains (
    tenant_id   BIGINT NOT NULL REFERENCES tenants (id),
    hostname    TEXT NOT NULL,
    token       TEXT NOT NULL UNIQUE,
    created_at  BIGINT NOT NULL,
    verified_at BIGINT,
    preferred   BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (tenant_id, hostname)
);
CREATE UNIQUE INDEX tenant_domains_verified ON tenant_domains (hostname) WHERE verified_at IS NOT NULL;
CREATE INDEX tenant_domains_hostname ON tenant_domains (hostname);
