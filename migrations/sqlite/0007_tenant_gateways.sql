-- Each tenant's payment gateway: its kind in the clear (for listings), its settings and credentials sealed under the
-- master key (ChaCha20-Poly1305, bound to the tenant). A tenant without a row uses the built-in sandbox.
CREATE TABLE tenant_gateways (
    tenant_id BIGINT PRIMARY KEY REFERENCES tenants (id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    sealed_config BLOB NOT NULL,
    updated_at BIGINT NOT NULL
);

-- Webhooks name a charge by the gateway's id: find its payment quickly.
CREATE INDEX payments_gateway_ref ON payments (tenant_id, gateway_ref);
