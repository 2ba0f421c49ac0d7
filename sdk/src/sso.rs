//! SSO sign-in tokens: compact JWTs signed with HMAC-SHA256 (`alg` HS256, `kid` header), so a vendor can mint one
//! with any standard JWT library. The HMAC key is the bytes of the tenant's `sso_secret` string as printed.

use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use crate::domain::Slug;
use crate::secrets::{random_token, SecretError};

type HmacSha256 = Hmac<Sha256>;

/// Clock skew tolerated on `iat` and `exp`.
pub const CLOCK_SKEW_SECS: i64 = 60;
/// The longest a token may live (`exp - iat`).
pub const MAX_LIFETIME_SECS: i64 = 3600;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
/// The claims of an SSO token (a JWT signed with HMAC-SHA256).
pub struct SsoClaims {
    /// `billfold:<tenant slug>`.
    pub aud: String,
    /// The user's email.
    pub sub: String,
    /// When it was issued (Unix seconds).
    pub iat: i64,
    /// When it expires (Unix seconds).
    pub exp: i64,
    /// Unique per token; each token signs in once.
    pub jti: String,
    /// The account (vendor's external id) to open.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub acct: Option<String>,
    /// A path inside the portal to land on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// What the session may open (`invoice:<number>`, `pay`, `payment_methods`, `subscriptions`); absent: a full session.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub scope: Option<String>,
}

#[derive(Serialize, Deserialize)]
struct Header {
    alg: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    typ: Option<String>,
    kid: String,
}

/// Why a token was refused. Shown to nobody (the page is uniform); logged for the vendor's operator.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SsoError {
    #[error("the token is not a compact JWS")]
    /// Not a JWT.
    Malformed,
    #[error("the algorithm {0:?} is not HS256")]
    /// Signed with an algorithm other than HS256.
    Algorithm(String),
    #[error("the key id {0:?} is not an active key of this tenant")]
    /// No active key with this id.
    UnknownKey(String),
    #[error("the signature does not match")]
    /// The signature does not match.
    Signature,
    #[error("the audience {0:?} is not this tenant")]
    /// Meant for another tenant.
    Audience(String),
    #[error("the token has expired")]
    /// Expired.
    Expired,
    #[error("the token was issued in the future")]
    /// Issued in the future.
    NotYetValid,
    #[error("the token lives longer than one hour")]
    /// Valid for longer than an hour.
    LifetimeTooLong,
    #[error("the token was issued more than an hour ago")]
    /// Issued too long ago.
    IssuedTooLongAgo,
    #[error("the account id is empty, longer than 255 bytes or holds control characters")]
    /// The account claim is not an account the user belongs to.
    Account,
    #[error("the jti is empty, longer than 128 bytes or not printable ASCII")]
    /// The token id is missing or was used before.
    Jti,
    #[error("the target {0:?} is not a path inside the portal")]
    /// The `to` claim is not a path inside the portal.
    Target(String),
    #[error("the subject {0:?} is not an email address")]
    /// The subject is not an email.
    Subject(String),
}

/// The `aud` a tenant's tokens carry: `billfold:<slug>`.
pub fn audience(slug: &Slug) -> String {
    format!("billfold:{slug}")
}

/// What a vendor asks for when signing a user in.
#[derive(Debug, Clone)]
pub struct SignInRequest<'a> {
    /// The tenant.
    pub tenant: &'a Slug,
    /// The user's email.
    pub email: &'a str,
    /// The account to open (its external id), if not the user's first.
    pub account: Option<&'a str>,
    /// The page to open (a path inside the portal), if not the dashboard.
    pub to: Option<&'a str>,
    /// How long the link works, in seconds (at most 3600).
    pub ttl_secs: i64,
    /// A narrow session (`invoice:<number>`, `pay`, `payment_methods`, `subscriptions`), or a full one.
    pub scope: Option<&'a crate::domain::SessionScope>,
}

/// Mints a token for `request`, valid from `now` (unix seconds). Refuses a ttl above one hour and a `to` outside
/// the portal, so the vendor learns at minting time rather than at sign-in.
pub fn mint(
    key_id: &str,
    secret: &str,
    request: &SignInRequest<'_>,
    now: i64,
) -> Result<String, MintError> {
    if request.ttl_secs <= 0 || request.ttl_secs > MAX_LIFETIME_SECS {
        return Err(MintError::Ttl(request.ttl_secs));
    }
    if let Some(to) = request.to {
        check_target(to).map_err(MintError::Sso)?;
    }
    let claims = SsoClaims {
        aud: audience(request.tenant),
        sub: request.email.to_string(),
        iat: now,
        exp: now + request.ttl_secs,
        jti: random_token::<16>("")?,
        acct: request.account.map(str::to_string),
        to: request.to.map(str::to_string),
        scope: request.scope.map(crate::domain::SessionScope::to_storage),
    };
    let header = Header {
        alg: "HS256".into(),
        typ: Some("JWT".into()),
        kid: key_id.to_string(),
    };
    let encode = |v: &[u8]| URL_SAFE_NO_PAD.encode(v);
    let signing_input = format!(
        "{}.{}",
        encode(&serde_json::to_vec(&header).map_err(|_| MintError::Encode)?),
        encode(&serde_json::to_vec(&claims).map_err(|_| MintError::Encode)?)
    );
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).map_err(|_| MintError::Encode)?;
    mac.update(signing_input.as_bytes());
    Ok(format!(
        "{signing_input}.{}",
        encode(&mac.finalize().into_bytes())
    ))
}

#[derive(Debug, thiserror::Error)]
/// Why a token could not be minted.
pub enum MintError {
    #[error("ttl must be between 1 and 3600 seconds, not {0}")]
    /// The lifetime is out of range.
    Ttl(i64),
    #[error(transparent)]
    /// The claims would not verify.
    Sso(SsoError),
    #[error(transparent)]
    /// No random bytes.
    Secret(#[from] SecretError),
    #[error("the token could not be encoded")]
    /// The token could not be encoded.
    Encode,
}

/// The sign-in URL: `<portal base>/sso?token=<JWT>` (the JWT alphabet needs no escaping).
pub fn sign_in_url(portal_base: &str, token: &str) -> String {
    format!("{}/sso?token={token}", portal_base.trim_end_matches('/'))
}

/// A `to` target must be an absolute path inside the portal: no scheme, no host, no `//`, no backslash tricks.
pub fn check_target(to: &str) -> Result<(), SsoError> {
    let ok = to.starts_with('/')
        && !to.starts_with("//")
        && !to.contains('\\')
        && !to.chars().any(char::is_control)
        && !to.split(['?', '#']).next().unwrap_or("").contains("/../");
    if ok {
        Ok(())
    } else {
        Err(SsoError::Target(to.to_string()))
    }
}

/// Checks `iat` and `exp` against `now` without any arithmetic that can wrap: a token is valid from `iat` (with
/// the skew) until `exp`, lives at most an hour, and was issued no longer than an hour (plus the skew) ago.
fn check_times(iat: i64, exp: i64, now: i64) -> Result<(), SsoError> {
    let earliest_iat = now.saturating_sub(MAX_LIFETIME_SECS + CLOCK_SKEW_SECS);
    let latest_iat = now.saturating_add(CLOCK_SKEW_SECS);
    if iat > latest_iat {
        return Err(SsoError::NotYetValid);
    }
    if iat < earliest_iat {
        return Err(SsoError::IssuedTooLongAgo);
    }
    if exp.saturating_add(CLOCK_SKEW_SECS) < now {
        return Err(SsoError::Expired);
    }
    // `iat` is within two hours of `now` here, so the difference cannot overflow; checked all the same.
    match exp.checked_sub(iat) {
        Some(lifetime) if lifetime <= MAX_LIFETIME_SECS => Ok(()),
        _ => Err(SsoError::LifetimeTooLong),
    }
}

/// A `jti` is stored to make the token single use: short, printable ASCII, nothing a database could refuse.
fn check_jti(jti: &str) -> Result<(), SsoError> {
    if jti.is_empty() || jti.len() > 128 || !jti.bytes().all(|b| b.is_ascii_graphic()) {
        return Err(SsoError::Jti);
    }
    Ok(())
}

/// Verifies a token for one tenant. `keys` are that tenant's active `(key id, secret)` pairs; `now` is unix seconds.
/// Single use (`jti`) is enforced by the caller against the store after this succeeds.
pub fn verify(
    token: &str,
    tenant: &Slug,
    keys: &[(String, String)],
    now: i64,
) -> Result<SsoClaims, SsoError> {
    let mut parts = token.split('.');
    let (Some(h), Some(c), Some(s), None) =
        (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(SsoError::Malformed);
    };
    let decode = |p: &str| URL_SAFE_NO_PAD.decode(p).map_err(|_| SsoError::Malformed);
    let header: Header = serde_json::from_slice(&decode(h)?).map_err(|_| SsoError::Malformed)?;
    if header.alg != "HS256" {
        return Err(SsoError::Algorithm(header.alg));
    }
    let secret = keys
        .iter()
        .find(|(kid, _)| *kid == header.kid)
        .map(|(_, secret)| secret)
        .ok_or_else(|| SsoError::UnknownKey(header.kid.clone()))?;
    let mut mac = HmacSha256::new_from_slice(secret.as_bytes()).map_err(|_| SsoError::Signature)?;
    mac.update(h.as_bytes());
    mac.update(b".");
    mac.update(c.as_bytes());
    mac.verify_slice(&decode(s)?)
        .map_err(|_| SsoError::Signature)?;
    let claims: SsoClaims = serde_json::from_slice(&decode(c)?).map_err(|_| SsoError::Malformed)?;
    if claims.aud != audience(tenant) {
        return Err(SsoError::Audience(claims.aud));
    }
    check_times(claims.iat, claims.exp, now)?;
    check_jti(&claims.jti)?;
    if let Some(acct) = &claims.acct {
        if acct.is_empty() || acct.len() > 255 || acct.chars().any(char::is_control) {
            return Err(SsoError::Account);
        }
    }
    if let Some(to) = &claims.to {
        check_target(to)?;
    }
    crate::domain::Email::parse(&claims.sub).map_err(|_| SsoError::Subject(claims.sub.clone()))?;
    Ok(claims)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn slug(s: &str) -> Slug {
        Slug::parse(s).unwrap()
    }

    fn request<'a>(tenant: &'a Slug, to: Option<&'a str>) -> SignInRequest<'a> {
        SignInRequest {
            tenant,
            email: "pat@initech.example",
            account: Some("C-100"),
            to,
            ttl_secs: 300,
            scope: None,
        }
    }

    #[test]
    fn minted_token_verifies_and_carries_claims() {
        let acme = slug("acme");
        let keys = vec![
            ("kid_old".to_string(), "bfs_old".to_string()),
            ("kid_new".to_string(), "bfs_new".to_string()),
        ];
        let token = mint(
            "kid_new",
            "bfs_new",
            &request(&acme, Some("/invoices/INV-1")),
            1_000,
        )
        .unwrap();
        let claims = verify(&token, &acme, &keys, 1_010).unwrap();
        assert_eq!(claims.sub, "pat@initech.example");
        assert_eq!(claims.acct.as_deref(), Some("C-100"));
        assert_eq!(claims.exp, 1_300);
        assert_eq!(
            verify(&token, &slug("globex"), &keys, 1_010),
            Err(SsoError::Audience("billfold:acme".into()))
        );
        assert_eq!(
            verify(&token, &acme, &keys[..1], 1_010),
            Err(SsoError::UnknownKey("kid_new".into()))
        );
        assert_eq!(verify(&token, &acme, &keys, 1_361), Err(SsoError::Expired));
        assert!(verify(&token, &acme, &keys, 1_359).is_ok());
        let mut tampered = token.clone();
        tampered.pop();
        tampered.push(if token.ends_with('A') { 'B' } else { 'A' });
        assert!(verify(&tampered, &acme, &keys, 1_010).is_err());
    }

    #[test]
    fn targets_outside_the_portal_are_refused() {
        let acme = slug("acme");
        for to in [
            "https://evil.example",
            "//evil.example",
            "/\\evil.example",
            "invoices",
            "/a/../../x",
        ] {
            assert!(
                mint("k", "s", &request(&acme, Some(to)), 0).is_err(),
                "{to}"
            );
        }
        assert!(mint(
            "k",
            "s",
            &SignInRequest {
                ttl_secs: 3601,
                scope: None,
                ..request(&acme, None)
            },
            0
        )
        .is_err());
    }

    /// Signs arbitrary claims with key `k` / secret `s`, as a vendor's own JWT library would.
    fn signed(claims: &serde_json::Value) -> String {
        let encode = |v: &serde_json::Value| URL_SAFE_NO_PAD.encode(serde_json::to_vec(v).unwrap());
        let input = format!(
            "{}.{}",
            encode(&serde_json::json!({"alg": "HS256", "typ": "JWT", "kid": "k"})),
            encode(claims)
        );
        let mut mac = HmacSha256::new_from_slice(b"s").unwrap();
        mac.update(input.as_bytes());
        format!(
            "{input}.{}",
            URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
        )
    }

    #[test]
    fn lifetimes_cannot_overflow_or_reach_back() {
        let acme = slug("acme");
        let keys = vec![("k".to_string(), "s".to_string())];
        let now = 1_800_000_000_i64;
        let token = |iat: i64, exp: i64, jti: &str| {
            signed(
                &serde_json::json!({"aud": "billfold:acme", "sub": "pat@initech.example",
                                       "iat": iat, "exp": exp, "jti": jti}),
            )
        };
        assert!(verify(&token(now, now + 300, "j1"), &acme, &keys, now).is_ok());
        // `exp - iat` would wrap to a small number in a release build.
        assert_eq!(
            verify(
                &token(i64::MIN, 9_223_372_036_854_775_747, "j"),
                &acme,
                &keys,
                now
            ),
            Err(SsoError::IssuedTooLongAgo)
        );
        assert_eq!(
            verify(&token(i64::MIN, now + 300, "j"), &acme, &keys, now),
            Err(SsoError::IssuedTooLongAgo)
        );
        assert_eq!(
            verify(&token(now, i64::MAX, "j"), &acme, &keys, now),
            Err(SsoError::LifetimeTooLong)
        );
        assert_eq!(
            verify(&token(i64::MAX, i64::MAX, "j"), &acme, &keys, now),
            Err(SsoError::NotYetValid)
        );
        assert_eq!(
            verify(&token(now - 7200, now + 60, "j"), &acme, &keys, now),
            Err(SsoError::IssuedTooLongAgo)
        );
        assert_eq!(
            verify(&token(now, now + 300, "a\u{0}b"), &acme, &keys, now),
            Err(SsoError::Jti)
        );
        assert_eq!(
            verify(&token(now, now + 300, ""), &acme, &keys, now),
            Err(SsoError::Jti)
        );
    }
}
