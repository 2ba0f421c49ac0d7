//! Tenant provisioning and the tenant's secrets: creating a tenant with its first API key and SSO key, rotating SSO
//! keys, and minting sign-in URLs with the tenant's newest key.

use crate::domain::{NewTenant, Tenant, TenantId};
use crate::gateway::config::GatewayConfig;
use crate::secrets::{MasterKey, NewApiKey, NewSsoKey, Redacted, SecretError};
use crate::sso::{self, MintError, SignInRequest};
use crate::store::{Store, StoreError, StoredSsoKey};

#[derive(Debug, thiserror::Error)]
/// Why a tenant operation failed.
pub enum TenantError {
    #[error(transparent)]
    /// The store failed.
    Store(#[from] StoreError),
    #[error(transparent)]
    /// A secret could not be made or opened.
    Secret(#[from] SecretError),
    #[error(transparent)]
    /// A sign-in token could not be minted.
    Mint(#[from] MintError),
    #[error("tenant {0:?} has no active SSO key")]
    /// The tenant has no key to sign with.
    NoSsoKey(String),
    #[error("no tenant with slug {0:?}")]
    /// No such tenant.
    UnknownTenant(String),
}

/// A new tenant and its secrets, each shown once.
#[derive(Debug)]
pub struct ProvisionedTenant {
    /// The tenant.
    pub tenant: Tenant,
    /// Its first API key.
    pub api_key: Redacted,
    /// Its first SSO key's id.
    pub sso_key_id: String,
    /// Its first SSO key's secret.
    pub sso_secret: Redacted,
}

/// The authenticated context a sealed SSO secret is bound to, so it cannot be moved to another tenant or key id.
fn seal_context(tenant: TenantId, key_id: &str) -> Vec<u8> {
    format!("billfold-sso-key\n{}\n{key_id}", tenant.0).into_bytes()
}

/// Creates a tenant with an API key (stored hashed) and an SSO key (stored sealed under `master`).
pub async fn provision(
    store: &dyn Store,
    master: &MasterKey,
    tenant: &NewTenant,
) -> Result<ProvisionedTenant, TenantError> {
    let api_key = NewApiKey::generate()?;
    let sso_key = NewSsoKey::generate()?;
    let seal = |id: TenantId| {
        master
            .seal(
                sso_key.secret.expose().as_bytes(),
                &seal_context(id, &sso_key.key_id),
            )
            .map_err(|e| e.to_string())
    };
    let created = store
        .create_tenant(
            tenant,
            &api_key.prefix,
            &api_key.hash,
            &sso_key.key_id,
            &seal,
        )
        .await?;
    Ok(ProvisionedTenant {
        tenant: created,
        api_key: api_key.plaintext,
        sso_key_id: sso_key.key_id,
        sso_secret: sso_key.secret,
    })
}

/// Adds another active SSO key (the previous ones stay valid until revoked), returning `(key id, secret)`.
pub async fn add_sso_key(
    store: &dyn Store,
    master: &MasterKey,
    tenant: TenantId,
) -> Result<(String, Redacted), TenantError> {
    let key = NewSsoKey::generate()?;
    let sealed_secret = master.seal(
        key.secret.expose().as_bytes(),
        &seal_context(tenant, &key.key_id),
    )?;
    store
        .add_sso_key(
            tenant,
            &StoredSsoKey {
                key_id: key.key_id.clone(),
                sealed_secret,
            },
        )
        .await?;
    Ok((key.key_id, key.secret))
}

/// The tenant's active SSO keys as `(key id, secret)`, newest first.
pub async fn sso_keys(
    store: &dyn Store,
    master: &MasterKey,
    tenant: TenantId,
) -> Result<Vec<(String, String)>, TenantError> {
    store
        .active_sso_keys(tenant)
        .await?
        .into_iter()
        .map(|k| {
            let secret = master.open(&k.sealed_secret, &seal_context(tenant, &k.key_id))?;
            let secret = String::from_utf8(secret).map_err(|_| SecretError::Unseal)?;
            Ok((k.key_id, secret))
        })
        .collect()
}

/// Mints a sign-in URL with the tenant's newest SSO key.
pub async fn sign_in_url(
    store: &dyn Store,
    master: &MasterKey,
    tenant: &Tenant,
    portal_base: &str,
    request: &SignInRequest<'_>,
    now: i64,
) -> Result<String, TenantError> {
    let keys = sso_keys(store, master, tenant.id).await?;
    let (key_id, secret) = keys
        .first()
        .ok_or_else(|| TenantError::NoSsoKey(tenant.slug.to_string()))?;
    let token = sso::mint(key_id, secret, request, now)?;
    Ok(sso::sign_in_url(portal_base, &token))
}

/// The authenticated context a tenant's sealed gateway settings are bound to.
fn gateway_context(tenant: TenantId) -> Vec<u8> {
    format!("billfold-gateway\n{}", tenant.0).into_bytes()
}

/// Sets the tenant's payment gateway; its credentials are stored sealed under `master`.
pub async fn set_gateway(
    store: &dyn Store,
    master: &MasterKey,
    tenant: TenantId,
    config: &GatewayConfig,
) -> Result<(), TenantError> {
    let json = serde_json::to_vec(config).map_err(|_| SecretError::Unseal)?;
    let sealed = master.seal(&json, &gateway_context(tenant))?;
    store
        .set_gateway_config(tenant, config.kind(), &sealed)
        .await?;
    Ok(())
}

/// The tenant's payment gateway (the built-in sandbox unless one was set).
pub async fn gateway_config(
    store: &dyn Store,
    master: &MasterKey,
    tenant: TenantId,
) -> Result<GatewayConfig, TenantError> {
    let Some((_, sealed)) = store.gateway_config(tenant).await? else {
        return Ok(GatewayConfig::Sandbox);
    };
    let json = master.open(&sealed, &gateway_context(tenant))?;
    Ok(serde_json::from_slice(&json).map_err(|_| SecretError::Unseal)?)
}

/// Adds another API key to a tenant; the plaintext is returned once (only its hash is stored).
pub async fn add_api_key(store: &dyn Store, tenant: TenantId) -> Result<Redacted, TenantError> {
    let key = NewApiKey::generate()?;
    store.add_api_key(tenant, &key.prefix, &key.hash).await?;
    Ok(key.plaintext)
}
