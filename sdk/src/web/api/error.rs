//! The API's one error shape: `{"error": {"type", "message", "param"}}`, with the HTTP status that goes with it.

use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use std::sync::Arc;

use serde::Serialize;

use crate::web::error::Cause;

use crate::import::ImportErrorKind;
use crate::store::StoreError;

#[derive(Debug, Clone)]
pub(crate) struct ApiError {
    pub status: StatusCode,
    /// `invalid_request_error`, `authentication_error`, `not_found_error`, `idempotency_error`,
    /// `rate_limit_error` or `api_error`.
    pub kind: &'static str,
    pub message: String,
    /// The field at fault, as a path into the request body (`lines[0].unit_price`).
    pub param: Option<String>,
    retry_after: Option<u64>,
    /// What broke, for a 5xx: logged once by the trace layer, never shown.
    cause: Option<Cause>,
}

impl ApiError {
    fn new(status: StatusCode, kind: &'static str, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            kind,
            message: message.into(),
            param: None,
            retry_after: None,
            cause: None,
        }
    }

    pub fn invalid(message: impl Into<String>, param: Option<String>) -> ApiError {
        ApiError {
            param,
            ..ApiError::new(StatusCode::BAD_REQUEST, "invalid_request_error", message)
        }
    }

    /// Well formed and schema-valid, but refused by a rule the schema can't express (a redirect target outside
    /// the portal, a webhook URL on a private network).
    pub fn unprocessable(message: impl Into<String>, param: &str) -> ApiError {
        ApiError {
            param: Some(param.to_string()),
            ..ApiError::new(
                StatusCode::UNPROCESSABLE_ENTITY,
                "invalid_request_error",
                message,
            )
        }
    }

    /// A refusal by status alone (method, size, media type, deadline), in the one error shape.
    pub fn status(status: StatusCode, message: impl Into<String>) -> ApiError {
        let kind = if status.is_server_error() {
            "api_error"
        } else if status == StatusCode::NOT_FOUND {
            "not_found_error"
        } else {
            "invalid_request_error"
        };
        ApiError::new(status, kind, message)
    }

    pub fn unauthenticated(message: &str) -> ApiError {
        ApiError::new(StatusCode::UNAUTHORIZED, "authentication_error", message)
    }

    pub fn not_found(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::NOT_FOUND, "not_found_error", message)
    }

    /// The key was used for another request, or its first request is still running.
    pub fn idempotency(message: &str) -> ApiError {
        ApiError::new(StatusCode::CONFLICT, "idempotency_error", message)
    }

    /// The request contradicts what is stored.
    pub fn conflict_with(message: &str, param: &str) -> ApiError {
        ApiError {
            param: Some(param.to_string()),
            ..ApiError::new(StatusCode::CONFLICT, "invalid_request_error", message)
        }
    }

    pub fn rate_limited(retry_after: u64) -> ApiError {
        ApiError {
            retry_after: Some(retry_after),
            ..ApiError::new(
                StatusCode::TOO_MANY_REQUESTS,
                "rate_limit_error",
                "Too many requests with this API key. Retry after the number of seconds in Retry-After.",
            )
        }
    }

    pub fn internal() -> ApiError {
        ApiError::new(
            StatusCode::INTERNAL_SERVER_ERROR,
            "api_error",
            "Something went wrong on our side. Retry the request; with the same Idempotency-Key it runs once.",
        )
    }

    /// The same error, blamed on `param`.
    pub fn with_param(self, param: &str) -> ApiError {
        ApiError {
            param: Some(param.to_string()),
            ..self
        }
    }

    /// The same error, with what broke (for the log).
    pub fn caused_by(self, cause: impl std::fmt::Display) -> ApiError {
        ApiError {
            cause: Some(Cause(Arc::from(cause.to_string()))),
            ..self
        }
    }

    fn body(&self) -> ErrorBody<'_> {
        ErrorBody {
            error: ErrorDetail {
                kind: self.kind,
                message: &self.message,
                param: self.param.as_deref(),
            },
        }
    }
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> Self {
        match e {
            StoreError::Import(e) => {
                // `invoices[0].lines[1].unit_price` → `lines[1].unit_price`: the path inside the request body.
                let param = match e.path.split_once('.') {
                    Some((head, rest)) if head.ends_with("[0]") => rest.to_string(),
                    _ if e.path.ends_with("[0]") || e.path == "file" => String::new(),
                    _ => e.path.clone(),
                };
                let param = (!param.is_empty()).then_some(param);
                match e.kind {
                    ImportErrorKind::Invalid => ApiError::invalid(e.message, param),
                    ImportErrorKind::UnknownReference => ApiError {
                        param,
                        ..ApiError::not_found(e.message)
                    },
                    ImportErrorKind::Conflict => ApiError {
                        param,
                        ..ApiError::new(StatusCode::CONFLICT, "invalid_request_error", e.message)
                    },
                }
            }
            other => ApiError::internal().caused_by(format_args!("store: {other}")),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = (
            self.status,
            [("content-type", "application/json")],
            serde_json::to_string(&self.body()).unwrap_or_default(),
        )
            .into_response();
        if let Some(cause) = self.cause {
            response.extensions_mut().insert(cause);
        }
        if let Some(wait) = self.retry_after {
            if let Ok(v) = HeaderValue::from_str(&wait.to_string()) {
                response.headers_mut().insert("retry-after", v);
            }
        }
        response
    }
}

/// The error shape on the wire.
#[derive(Serialize)]
struct ErrorBody<'a> {
    error: ErrorDetail<'a>,
}

#[derive(Serialize)]
struct ErrorDetail<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    message: &'a str,
    param: Option<&'a str>,
}
