//! The tenant's portal settings a vendor may change through the API: today, how customers sign in on the portal's
//! own page (`sign_in`: `password`, `email_link`; none of them leaves only the vendor's SSO links).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::resources::parse_body;
use super::{json, reply, ApiClient, ApiError};
use crate::domain::{NewTenant, SignInMethods, Tenant};
use crate::web::PortalState;

/// A sign-in method on the wire.
#[derive(Serialize, Deserialize, Clone, Copy, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
enum Method {
    Password,
    EmailLink,
}

#[derive(Serialize)]
struct SettingsView {
    object: &'static str,
    sign_in: Vec<Method>,
}

impl SettingsView {
    fn of(tenant: &Tenant) -> SettingsView {
        let methods = tenant.settings.sign_in;
        SettingsView {
            object: "settings",
            sign_in: [
                (methods.password, Method::Password),
                (methods.email_link, Method::EmailLink),
            ]
            .into_iter()
            .filter_map(|(on, m)| on.then_some(m))
            .collect(),
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsInput {
    sign_in: Vec<Method>,
}

/// `GET /api/v1/settings`.
pub(crate) async fn get(client: ApiClient) -> Response {
    json(StatusCode::OK, &SettingsView::of(&client.ctx.tenant))
}

/// `POST /api/v1/settings`: replaces the settings given.
pub(crate) async fn update(
    State(state): State<Arc<PortalState>>,
    client: ApiClient,
    body: Bytes,
) -> Response {
    let run = async {
        let input: SettingsInput = parse_body(&body)?;
        // Read again: the request's copy may be older than another process's change.
        let tenant = state
            .store
            .tenant(client.ctx.tenant.id)
            .await?
            .ok_or_else(ApiError::internal)?;
        let mut update = NewTenant {
            slug: tenant.slug.clone(),
            name: tenant.name.clone(),
            theme: tenant.theme.clone(),
            branding: tenant.branding.clone(),
            settings: tenant.settings.clone(),
        };
        update.settings.sign_in = SignInMethods {
            password: input.sign_in.contains(&Method::Password),
            email_link: input.sign_in.contains(&Method::EmailLink),
        };
        let updated = state.store.update_tenant(tenant.id, &update).await?;
        Ok((StatusCode::OK, SettingsView::of(&updated)))
    };
    reply(run.await)
}
