//! Conditional GETs: a strong `ETag` named after what a response is made from, and `304 Not Modified` when the
//! client already holds that version — so a PDF is not generated again, nor a theme file sent again, when nothing
//! has changed.

use axum::http::header::{CACHE_CONTROL, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use sha2::{Digest, Sha256};

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// A strong ETag (`"…"`) for a response made from `parts`: equal parts, equal tag; any change, another.
pub(crate) fn etag(parts: &[&[u8]]) -> String {
    let mut hash = Sha256::new();
    for part in parts {
        // Each part's length first, so no two different lists of parts hash alike.
        hash.update((part.len() as u64).to_le_bytes());
        hash.update(part);
    }
    format!("\"{}\"", hex(&hash.finalize()[..16]))
}

/// Whether the request's `If-None-Match` names `etag` (or is `*`). A weak form (`W/"…"`) of the tag matches too, as
/// RFC 9110 asks of GET.
fn client_has(headers: &HeaderMap, etag: &str) -> bool {
    headers
        .get_all(IF_NONE_MATCH)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

/// `304 Not Modified` when the client holds `etag`, else what `respond` makes; either way with the tag and
/// `cache_control` (which must let the client keep the body, e.g. `private, no-cache`).
pub(crate) fn respond(
    headers: &HeaderMap,
    etag: &str,
    cache_control: &'static str,
    respond: impl FnOnce() -> Response,
) -> Response {
    let mut response = if client_has(headers, etag) {
        StatusCode::NOT_MODIFIED.into_response()
    } else {
        respond()
    };
    let h = response.headers_mut();
    if let Ok(tag) = HeaderValue::from_str(etag) {
        h.insert(ETAG, tag);
    }
    h.insert(CACHE_CONTROL, HeaderValue::from_static(cache_control));
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_follow_the_parts_and_if_none_match_finds_them() {
        let a = etag(&[b"invoice", b"v1"]);
        assert_eq!(a, etag(&[b"invoice", b"v1"]));
        assert_ne!(a, etag(&[b"invoice", b"v2"]));
        assert_ne!(
            etag(&[b"ab", b"c"]),
            etag(&[b"a", b"bc"]),
            "part boundaries count"
        );
        let mut headers = HeaderMap::new();
        assert!(!client_has(&headers, &a));
        headers.insert(
            IF_NONE_MATCH,
            HeaderValue::from_str(&format!("\"x\", W/{a}")).unwrap(),
        );
        assert!(client_has(&headers, &a));
        headers.insert(IF_NONE_MATCH, HeaderValue::from_static("\"other\""));
        assert!(!client_has(&headers, &a));
        headers.insert(IF_NONE_MATCH, HeaderValue::from_static("*"));
        assert!(client_has(&headers, &a));
    }
}
