//! One error type for every page. A handler returns `Err(WebError)`; the response carries the error, and the tenancy
//! layer renders it as a themed page with the tenant's help contact. Internal details are logged, never shown.

use std::sync::Arc;

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};

use crate::store::StoreError;

/// An account the signed-in user may switch to (offered on the Access denied page).
#[derive(Debug, Clone, serde::Serialize)]
pub struct SwitchChoice {
    pub external_id: String,
    pub name: String,
}

#[derive(Debug, Clone)]
/// Why a page request failed; rendered as a themed page with the right status.
pub enum WebError {
    /// No such page, invoice or tenant.
    NotFound,
    /// No session (or it timed out): the user must come back through their vendor's sign-in link.
    SignInRequired {
        /// Whether a session timed out (rather than never existed).
        expired: bool,
    },
    /// An SSO link that signs nobody in. The real reason is logged; the page is the same for every reason.
    InvalidSignInLink {
        /// 400 for a malformed link, 401 for one that signs nobody in.
        status: StatusCode,
    },
    /// The membership has no role. Offers the user's other accounts, if any.
    AccessDenied {
        /// The user's other accounts.
        choices: Vec<SwitchChoice>,
        /// The CSRF token for switching.
        csrf: String,
    },
    /// A request the user may not make (forged account id, missing or wrong CSRF token, role too low).
    /// The message key (in the theme's catalogue) that says why.
    Forbidden(&'static str),
    /// A request the portal can't read; what to fix — a message key, or words already in the reader's language.
    BadRequest(String),
    /// A request refused before it was read (too large, too slow), with its status.
    Rejected {
        /// 408, 413, …
        status: StatusCode,
        /// What to fix.
        message: String,
    },
    /// Something broke on our side: what broke is logged once, in the request's span, never shown.
    Internal(Cause),
}

/// What broke, for the log: it travels with the response (as an extension) to the trace layer, which logs it once
/// with the request's id, route and tenant.
#[derive(Debug, Clone)]
pub struct Cause(pub Arc<str>);

impl WebError {
    /// A failure on our side, with what broke (for the log).
    pub fn internal(cause: impl std::fmt::Display) -> WebError {
        WebError::Internal(Cause(Arc::from(cause.to_string())))
    }
}

impl WebError {
    /// The HTTP status the error answers with.
    pub fn status(&self) -> StatusCode {
        match self {
            WebError::NotFound => StatusCode::NOT_FOUND,
            WebError::SignInRequired { .. } => StatusCode::UNAUTHORIZED,
            WebError::InvalidSignInLink { status } => *status,
            WebError::AccessDenied { .. } | WebError::Forbidden(_) => StatusCode::FORBIDDEN,
            WebError::BadRequest(_) => StatusCode::BAD_REQUEST,
            WebError::Rejected { status, .. } => *status,
            WebError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }
}

impl IntoResponse for WebError {
    fn into_response(self) -> Response {
        // The body is replaced by the themed page in `tenancy::resolve`; this text is the fallback.
        let mut response = (
            self.status(),
            self.status().canonical_reason().unwrap_or("error"),
        )
            .into_response();
        if let WebError::Internal(cause) = &self {
            response.extensions_mut().insert(cause.clone());
        }
        response.extensions_mut().insert(Arc::new(self));
        response
    }
}

impl From<StoreError> for WebError {
    fn from(e: StoreError) -> Self {
        WebError::internal(format_args!("store: {e}"))
    }
}

impl From<crate::tenants::TenantError> for WebError {
    fn from(e: crate::tenants::TenantError) -> Self {
        WebError::internal(format_args!("tenant: {e}"))
    }
}
