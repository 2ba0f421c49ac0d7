//! Theme files and the tenant's brand stylesheet (a CSS custom property, so the CSP needs no inline styles).

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::header::CONTENT_TYPE;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use axum::Extension;

use crate::web::conditional;
use crate::web::context::Ctx;
use crate::web::error::WebError;
use crate::web::PortalState;

pub(crate) async fn static_file(
    State(state): State<Arc<PortalState>>,
    Path((theme, file)): Path<(String, String)>,
    headers: HeaderMap,
) -> Result<Response, WebError> {
    let asset = state
        .themes
        .get(&theme)
        .assets
        .get(&file)
        .ok_or(WebError::NotFound)?;
    Ok(conditional::respond(
        &headers,
        &asset.etag,
        "public, max-age=3600",
        || ([(CONTENT_TYPE, asset.content_type)], asset.bytes.to_vec()).into_response(),
    ))
}

/// `#rgb` or `#rrggbb` as (r, g, b).
fn parse_hex_color(s: &str) -> Option<(u8, u8, u8)> {
    let hex = s.strip_prefix('#')?;
    if !hex.chars().all(|c| c.is_ascii_hexdigit()) {
        return None;
    }
    let channel = |h: &str| u8::from_str_radix(h, 16).ok();
    match hex.len() {
        3 => {
            let d: Vec<u8> = hex
                .chars()
                .filter_map(|c| channel(&c.to_string()))
                .collect();
            Some((d[0] * 17, d[1] * 17, d[2] * 17))
        }
        6 => Some((
            channel(&hex[0..2])?,
            channel(&hex[2..4])?,
            channel(&hex[4..6])?,
        )),
        _ => None,
    }
}

/// WCAG relative luminance.
fn luminance((r, g, b): (u8, u8, u8)) -> f64 {
    let lin = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// The brand colour and the text colour that reads on it (white or near-black, whichever has more contrast).
pub(crate) fn brand_css_for(primary: Option<&str>) -> String {
    match primary.and_then(parse_hex_color) {
        Some(rgb) => {
            let l = luminance(rgb);
            let on_white = 1.05 / (l + 0.05);
            let on_dark = (l + 0.05) / 0.0625; // #1b1f24
            let ink = if on_white >= on_dark {
                "#ffffff"
            } else {
                "#1b1f24"
            };
            format!(
                ":root {{ --brand: #{:02x}{:02x}{:02x}; --brand-ink: {ink}; }}\n",
                rgb.0, rgb.1, rgb.2
            )
        }
        None => ":root {}\n".to_string(),
    }
}

pub(crate) async fn brand_css(Extension(ctx): Extension<Ctx>, headers: HeaderMap) -> Response {
    let css = brand_css_for(ctx.tenant.branding.primary_color.as_deref());
    let etag = conditional::etag(&[css.as_bytes()]);
    // Revalidated on every use: a tenant's colour change shows at once.
    conditional::respond(&headers, &etag, "no-cache", || {
        ([(CONTENT_TYPE, "text/css; charset=utf-8")], css).into_response()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brand_colour_is_validated_and_gets_a_readable_ink() {
        assert_eq!(
            brand_css_for(Some("#0A5")),
            ":root { --brand: #00aa55; --brand-ink: #1b1f24; }\n"
        );
        assert_eq!(
            brand_css_for(Some("#1d4ed8")),
            ":root { --brand: #1d4ed8; --brand-ink: #ffffff; }\n"
        );
        assert_eq!(
            brand_css_for(Some("red; } body { display:none")),
            ":root {}\n"
        );
        assert_eq!(brand_css_for(None), ":root {}\n");
    }
}
