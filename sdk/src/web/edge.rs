//! What every tenant request passes before a handler sees it: its body read in full within a deadline and under a
//! size limit, and its text checked (see [`crate::text`]) — the URL path, every query parameter, every form field,
//! and for the API every JSON string, with no key given twice. A refusal names the field: a themed page in the
//! portal, the one JSON error shape under `/api/`.

use std::sync::Arc;
use std::time::Duration;

use axum::body::{Body, Bytes};
use axum::extract::{Request, State};
use axum::http::header::{CONTENT_LENGTH, CONTENT_TYPE};
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::LengthLimitError;
use percent_encoding::percent_decode;

use super::api::ApiError;
use super::{PortalState, WebError};
use crate::text::{check, check_json, ProblemKind, TextProblem};

/// How long a client may take to send a request body, and how large it may be.
#[derive(Debug, Clone, Copy)]
pub struct BodyLimits {
    /// How long a body may take to arrive.
    pub timeout: Duration,
    /// How large a body may be.
    pub max_bytes: usize,
}

impl Default for BodyLimits {
    fn default() -> Self {
        BodyLimits {
            timeout: Duration::from_secs(30),
            max_bytes: 2 << 20,
        }
    }
}

/// Why a request was refused at the edge.
enum Refusal {
    Text(TextProblem),
    TooLarge(usize),
    TooSlow,
    Unreadable,
}

impl Refusal {
    fn into_response(self, api: bool) -> Response {
        match (self, api) {
            // Control characters break no schema, so like other rules a schema can't state they answer 422.
            (Refusal::Text(p), true) if p.kind == ProblemKind::ControlCharacter => {
                ApiError::unprocessable(p.message, &p.field).into_response()
            }
            (Refusal::Text(p), true) => ApiError::invalid(p.message, Some(p.field)).into_response(),
            (Refusal::Text(p), false) => WebError::BadRequest(p.message).into_response(),
            (Refusal::TooLarge(max), true) => ApiError::status(
                StatusCode::PAYLOAD_TOO_LARGE,
                format!("The request body is larger than {max} bytes."),
            )
            .into_response(),
            (Refusal::TooSlow, true) => ApiError::status(
                StatusCode::REQUEST_TIMEOUT,
                "The request body took too long to arrive.",
            )
            .into_response(),
            (Refusal::Unreadable, true) => {
                ApiError::invalid("The request body could not be read.", None).into_response()
            }
            (Refusal::TooLarge(_), false) => WebError::Rejected {
                status: StatusCode::PAYLOAD_TOO_LARGE,
                message: "refuse-too-large".into(),
            }
            .into_response(),
            (Refusal::TooSlow, false) => WebError::Rejected {
                status: StatusCode::REQUEST_TIMEOUT,
                message: "refuse-too-slow".into(),
            }
            .into_response(),
            (Refusal::Unreadable, false) => {
                WebError::BadRequest("refuse-unreadable-request".into()).into_response()
            }
        }
    }
}

/// Whether `path` (inside the portal) is the API's, whose errors are JSON.
pub(crate) fn is_api(path: &str) -> bool {
    path == "/api/v1" || path.starts_with("/api/")
}

pub(crate) async fn check_request(
    State(state): State<Arc<PortalState>>,
    request: Request,
    next: Next,
) -> Response {
    let api = is_api(request.uri().path());
    match checked(request, state.body_limits).await {
        Ok(request) => next.run(request).await,
        Err(refusal) => {
            if let Refusal::TooSlow = refusal {
                tracing::warn!("request body timed out");
            }
            refusal.into_response(api)
        }
    }
}

async fn checked(request: Request, limits: BodyLimits) -> Result<Request, Refusal> {
    check_path(request.uri().path())?;
    if let Some(query) = request.uri().query() {
        check_pairs(query.as_bytes(), true)?;
    }
    let api = is_api(request.uri().path());
    let declared = request
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared == Some(0) {
        return Ok(request);
    }
    if declared.is_some_and(|n| n > limits.max_bytes as u64) {
        return Err(Refusal::TooLarge(limits.max_bytes));
    }
    let form = request
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    let (parts, body) = request.into_parts();
    let bytes = read_body(body, limits).await?;
    if form {
        check_pairs(&bytes, false)?;
    } else if api && !bytes.is_empty() {
        // The API takes only JSON: its text is checked whatever the content type says.
        check_json(&bytes).map_err(Refusal::Text)?;
    }
    Ok(Request::from_parts(parts, Body::from(bytes)))
}

/// The whole body, or why not: larger than the limit, slower than the deadline, or broken off.
async fn read_body(body: Body, limits: BodyLimits) -> Result<Bytes, Refusal> {
    match tokio::time::timeout(limits.timeout, axum::body::to_bytes(body, limits.max_bytes)).await {
        Err(_) => Err(Refusal::TooSlow),
        Ok(Ok(bytes)) => Ok(bytes),
        Ok(Err(e)) => {
            let mut source: Option<&(dyn std::error::Error + 'static)> = Some(&e);
            while let Some(err) = source {
                if err.is::<LengthLimitError>() {
                    return Err(Refusal::TooLarge(limits.max_bytes));
                }
                source = err.source();
            }
            Err(Refusal::Unreadable)
        }
    }
}

fn check_path(path: &str) -> Result<(), Refusal> {
    let decoded = percent_decode(path.as_bytes()).decode_utf8().map_err(|_| {
        Refusal::Text(TextProblem {
            kind: ProblemKind::NotUtf8,
            field: "path".into(),
            message: "The address is not valid UTF-8 text.".into(),
        })
    })?;
    check("path", &decoded, true).map_err(|_| {
        Refusal::Text(TextProblem {
            kind: ProblemKind::ControlCharacter,
            field: "path".into(),
            message: "The address contains a character that isn't allowed (a control character such as NUL)."
                .into(),
        })
    })
}

/// Checks `name=value&…` pairs (a query string or a form body), decoding `+` and percent escapes.
fn check_pairs(encoded: &[u8], single_line: bool) -> Result<(), Refusal> {
    for pair in encoded.split(|b| *b == b'&').filter(|p| !p.is_empty()) {
        let (name, value) = match pair.iter().position(|b| *b == b'=') {
            Some(i) => (&pair[..i], &pair[i + 1..]),
            None => (pair, &b""[..]),
        };
        let name = decode_component(name).map_err(|()| not_utf8("a parameter name"))?;
        let value = decode_component(value).map_err(|()| not_utf8(&name))?;
        check(&name, &name, true).map_err(Refusal::Text)?;
        check(&name, &value, single_line).map_err(Refusal::Text)?;
    }
    Ok(())
}

fn not_utf8(field: &str) -> Refusal {
    Refusal::Text(TextProblem {
        kind: ProblemKind::NotUtf8,
        field: field.to_string(),
        message: format!("{field} is not valid UTF-8 text."),
    })
}

fn decode_component(raw: &[u8]) -> Result<String, ()> {
    let plus_as_space: Vec<u8> = raw
        .iter()
        .map(|b| if *b == b'+' { b' ' } else { *b })
        .collect();
    percent_decode(&plus_as_space)
        .decode_utf8()
        .map(|s| s.into_owned())
        .map_err(|_| ())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_are_decoded_before_checking() {
        assert!(check_pairs(b"q=INV-1&page=2", true).is_ok());
        assert!(check_pairs(b"q=a+b%20c", true).is_ok());
        let Err(Refusal::Text(p)) = check_pairs(b"q=INV%00", true) else {
            panic!("refused")
        };
        assert_eq!(p.field, "q");
        assert!(check_pairs(b"note=a%0Ab", false).is_ok());
        assert!(check_pairs(b"note=a%0Ab", true).is_err());
        assert!(check_pairs(b"q=%FF", true).is_err());
        assert!(check_path("/invoices/INV%00X").is_err());
        assert!(check_path("/invoices/INV%FFX").is_err());
        assert!(check_path("/invoices/INV-1%20A").is_ok());
    }
}
