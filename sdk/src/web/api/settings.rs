//! The tenant's portal settings a vendor may change through the API: how customers sign in on the portal's own page
//! (`sign_in`: `password`, `email_link`; none of them leaves only the vendor's SSO links), and the vendor's details
//! shown on invoices, receipts and statements (`address`, `tax_id`, `remit_to`; `""` clears one).

use std::sync::Arc;

use axum::body::Bytes;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::{Deserialize, Serialize};

use super::resources::parse_body;
use super::{json, reply, ApiClient, ApiError};
use crate::domain::{CancelPolicy, NewTenant, SignInMethods, Tenant};
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
    address: Option<String>,
    tax_id: Option<String>,
    remit_to: Option<String>,
    subscription_cancel: CancelPolicy,
    autopay_days_after_issue: Option<u32>,
    autopay_max_failures: u32,
    default_locale: crate::locale::Locale,
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
            address: tenant.branding.address.clone(),
            tax_id: tenant.branding.tax_id.clone(),
            remit_to: tenant.branding.remit_to.clone(),
            subscription_cancel: tenant.settings.subscription_cancel,
            autopay_days_after_issue: tenant.settings.autopay_days_after_issue,
            autopay_max_failures: tenant.settings.autopay_max_failures,
            default_locale: tenant.settings.default_locale,
        }
    }
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsInput {
    #[serde(default)]
    sign_in: Option<Vec<Method>>,
    #[serde(default)]
    address: Option<String>,
    #[serde(default)]
    tax_id: Option<String>,
    #[serde(default)]
    remit_to: Option<String>,
    #[serde(default)]
    subscription_cancel: Option<CancelPolicy>,
    /// `null` pays on the due date; a number, that many days after issue.
    #[serde(default, deserialize_with = "present")]
    autopay_days_after_issue: Option<Option<u32>>,
    #[serde(default, deserialize_with = "some_whole")]
    autopay_max_failures: Option<u32>,
    /// The portal's language when neither the user nor the browser says (`en`, `fr`, `de`, `es`).
    #[serde(default)]
    default_locale: Option<crate::locale::Locale>,
}

fn some_whole<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<u32>, D::Error> {
    crate::import::whole(d).map(Some)
}

/// A field that may be given as `null` (`Some(None)`), unlike one left out (`None`).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Option<u32>>, D::Error> {
    #[derive(Deserialize)]
    struct Whole(#[serde(deserialize_with = "crate::import::whole")] u32);
    Option::<Whole>::deserialize(d).map(|w| Some(w.map(|w| w.0)))
}

/// A vendor detail as given: trimmed, `""` clearing it, at most `max` characters.
fn detail(
    field: &str,
    given: Option<&String>,
    current: &Option<String>,
    max: usize,
) -> Result<Option<String>, ApiError> {
    let Some(given) = given else {
        return Ok(current.clone());
    };
    let text = given.trim();
    if text.chars().count() > max {
        return Err(ApiError::invalid(
            format!("{field} is at most {max} characters"),
            Some(field.to_string()),
        ));
    }
    Ok((!text.is_empty()).then(|| text.to_string()))
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
        if let Some(sign_in) = &input.sign_in {
            update.settings.sign_in = SignInMethods {
                password: sign_in.contains(&Method::Password),
                email_link: sign_in.contains(&Method::EmailLink),
            };
        }
        if let Some(locale) = input.default_locale {
            update.settings.default_locale = locale;
        }
        if let Some(policy) = input.subscription_cancel {
            update.settings.subscription_cancel = policy;
        }
        if let Some(days) = input.autopay_days_after_issue {
            if days.is_some_and(|d| d > 365) {
                return Err(ApiError::invalid(
                    "autopay_days_after_issue is between 0 and 365 (or null: on the due date).",
                    Some("autopay_days_after_issue".into()),
                ));
            }
            update.settings.autopay_days_after_issue = days;
        }
        if let Some(n) = input.autopay_max_failures {
            if !(1..=10).contains(&n) {
                return Err(ApiError::invalid(
                    "autopay_max_failures is between 1 and 10.",
                    Some("autopay_max_failures".into()),
                ));
            }
            update.settings.autopay_max_failures = n;
        }
        let b = &mut update.branding;
        b.address = detail("address", input.address.as_ref(), &b.address, 500)?;
        b.tax_id = detail("tax_id", input.tax_id.as_ref(), &b.tax_id, 64)?;
        b.remit_to = detail("remit_to", input.remit_to.as_ref(), &b.remit_to, 500)?;
        let updated = state.store.update_tenant(tenant.id, &update).await?;
        Ok((StatusCode::OK, SettingsView::of(&updated)))
    };
    reply(run.await)
}
