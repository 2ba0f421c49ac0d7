//! Validated values: slugs, email addresses, frame ancestors, and the error for a value refused.

use super::*;

/// A value refused by the domain's rules, with a message fit to show to whoever supplied it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

/// A tenant's subdomain label: `[a-z0-9](-?[a-z0-9])*`, at most 63 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Slug(String);

impl Slug {
    /// Reads a slug: lowercase letters, digits and inner hyphens, 1 to 63 characters.
    pub fn parse(s: &str) -> Result<Slug, Invalid> {
        let b = s.as_bytes();
        let alnum = |c: u8| c.is_ascii_lowercase() || c.is_ascii_digit();
        let ok = !b.is_empty()
            && b.len() <= 63
            && alnum(b[0])
            && alnum(b[b.len() - 1])
            && b.iter().all(|&c| alnum(c) || c == b'-')
            && !s.contains("--");
        if ok {
            Ok(Slug(s.to_string()))
        } else {
            Err(Invalid(format!(
                "{s:?} is not a valid tenant slug: use lower-case letters, digits and single hyphens \
                 (not at either end), at most 63 characters"
            )))
        }
    }

    /// The slug as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Slug {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// An email address, normalised to lower case (users are identified case-insensitively within a tenant).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
pub struct Email(String);

impl Email {
    /// Accepts `local@domain.tld` with no spaces or control characters; deliberately not a full RFC 5322 parser.
    pub fn parse(s: &str) -> Result<Email, Invalid> {
        let invalid = || Invalid(format!("{s:?} is not a valid email address"));
        let (local, domain) = s.rsplit_once('@').ok_or_else(invalid)?;
        let bad_char =
            |c: char| c.is_whitespace() || c.is_control() || c == '@' || c == '<' || c == '>';
        let domain_ok = domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..")
            && domain
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '.');
        if local.is_empty() || local.chars().any(bad_char) || !domain_ok || s.len() > 254 {
            return Err(invalid());
        }
        Ok(Email(s.to_lowercase()))
    }

    /// The address as text (lowercased).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A space-separated list of origins (`https://host[:port]`, `http://…` or `'self'`) allowed to frame the portal,
/// checked so it can go into a `Content-Security-Policy` header unchanged.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct FrameAncestors(String);

impl FrameAncestors {
    /// Reads a `frame-ancestors` list: `'none'`, `'self'` or https origins separated by spaces.
    pub fn parse(s: &str) -> Result<FrameAncestors, Invalid> {
        let sources: Vec<&str> = s.split_ascii_whitespace().collect();
        if sources.is_empty() {
            return Err(Invalid(
                "frame ancestors must list at least one origin".into(),
            ));
        }
        for source in &sources {
            let origin_ok = |rest: &str| {
                !rest.is_empty()
                    && rest
                        .chars()
                        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | ':' | '*'))
            };
            let ok = *source == "'self'"
                || source.strip_prefix("https://").is_some_and(origin_ok)
                || source.strip_prefix("http://").is_some_and(origin_ok);
            if !ok {
                return Err(Invalid(format!(
                    "{source:?} is not an origin like https://app.example.com"
                )));
            }
        }
        Ok(FrameAncestors(sources.join(" ")))
    }

    /// The list as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for FrameAncestors {
    type Error = Invalid;
    fn try_from(s: String) -> Result<Self, Invalid> {
        FrameAncestors::parse(&s)
    }
}

impl From<FrameAncestors> for String {
    fn from(f: FrameAncestors) -> String {
        f.0
    }
}
