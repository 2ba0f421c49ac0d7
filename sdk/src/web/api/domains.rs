//! The tenant's custom domains through the API: add one, verify it once it points at the portal, choose the one
//! links are built on, remove one.

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::resources::parse_body;
use super::views::ListPage;
use super::{json, reply, ApiClient, ApiError};
use crate::domain::CustomDomain;
use crate::domains::{self, DomainError};
use crate::web::tenancy::Tenancy;
use crate::web::view::iso_time;
use crate::web::PortalState;

#[derive(Serialize)]
pub(crate) struct DomainView {
    object: &'static str,
    hostname: String,
    /// `pending` or `verified`.
    status: &'static str,
    preferred: bool,
    /// Where Billfold looks for the token when verifying (pending domains).
    verification_url: Option<String>,
    created_at: String,
    verified_at: Option<String>,
}

impl DomainView {
    fn of(d: &CustomDomain) -> DomainView {
        DomainView {
            object: "domain",
            hostname: d.hostname.clone(),
            status: if d.verified_at.is_some() {
                "verified"
            } else {
                "pending"
            },
            preferred: d.preferred,
            verification_url: d
                .verified_at
                .is_none()
                .then(|| domains::verification_url(d)),
            created_at: iso_time(d.created_at),
            verified_at: d.verified_at.map(iso_time),
        }
    }
}

impl From<DomainError> for ApiError {
    fn from(e: DomainError) -> ApiError {
        match e {
            DomainError::Invalid(m) => ApiError::invalid(m, Some("hostname".into())),
            DomainError::Reserved(m) => ApiError::unprocessable(m, "hostname"),
            DomainError::Unknown(_) => ApiError::not_found(e.to_string()),
            DomainError::Taken(_) => ApiError::conflict_with(&e.to_string(), "hostname"),
            DomainError::NotPointed { .. } => ApiError::unprocessable(e.to_string(), "hostname"),
            DomainError::Store(s) => ApiError::from(s),
        }
    }
}

/// `GET /api/v1/domains`.
pub(crate) async fn list(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
) -> Result<Response, ApiError> {
    let all = state.store.domains(client.ctx.tenant.id).await?;
    Ok(json(StatusCode::OK, &ListPage::whole(&all, DomainView::of)))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct NewDomain {
    hostname: String,
}

/// `POST /api/v1/domains`: adds a domain, pending verification.
pub(crate) async fn add(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    body: Bytes,
) -> Response {
    let run = async {
        let input: NewDomain = parse_body(&body)?;
        let base = match &state.tenancy {
            Tenancy::Subdomain { base_domain } => Some(base_domain.as_str()),
            Tenancy::Single(_) => None,
        };
        let added = domains::add(
            state.store.as_ref(),
            &client.ctx.tenant,
            &input.hostname,
            base,
            state.now(),
        )
        .await?;
        Ok((StatusCode::OK, DomainView::of(&added)))
    };
    reply(run.await)
}

/// `POST /api/v1/domains/{hostname}/verify`.
pub(crate) async fn verify(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(hostname): Path<String>,
) -> Response {
    let run = async {
        let verified = domains::verify(
            state.store.as_ref(),
            &state.domain_verifier,
            &client.ctx.tenant,
            &hostname,
            state.now(),
        )
        .await?;
        Ok((StatusCode::OK, DomainView::of(&verified)))
    };
    reply(run.await)
}

/// `POST /api/v1/domains/{hostname}/prefer`: links, emails and the API document are built on it.
pub(crate) async fn prefer(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(hostname): Path<String>,
) -> Response {
    let run = async {
        domains::prefer(state.store.as_ref(), &client.ctx.tenant, &hostname).await?;
        let name = domains::host_name(&hostname);
        let all = state.store.domains(client.ctx.tenant.id).await?;
        let d = all
            .iter()
            .find(|d| d.hostname == name)
            .ok_or_else(ApiError::internal)?;
        Ok((StatusCode::OK, DomainView::of(d)))
    };
    reply(run.await)
}

/// `POST /api/v1/domains/{hostname}/remove`.
pub(crate) async fn remove(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    Path(hostname): Path<String>,
) -> Response {
    let run = async {
        domains::remove(state.store.as_ref(), &client.ctx.tenant, &hostname).await?;
        state.domain_cache.forget(&domains::host_name(&hostname));
        let all = state.store.domains(client.ctx.tenant.id).await?;
        Ok((StatusCode::OK, ListPage::whole(&all, DomainView::of)))
    };
    reply(run.await)
}
