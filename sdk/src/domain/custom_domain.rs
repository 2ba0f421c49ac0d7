//! A vendor's own domain for its portal (`billing.acme.example`), proved by a token Billfold serves once the domain
//! points at it (like ACME's HTTP challenge), then served with the tenant's sessions, links and theme.

use super::*;

/// A host name a tenant may serve its portal at: lower-case DNS labels (letters, digits, inner hyphens), at least two
/// of them, at most 253 characters, not an IP address; a trailing dot and a port are dropped.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct DomainName(String);

impl DomainName {
    /// Reads a host name as a vendor types it (`Billing.Acme.example.`).
    pub fn parse(s: &str) -> Result<DomainName, Invalid> {
        let name = s.trim().trim_end_matches('.').to_ascii_lowercase();
        let labels: Vec<&str> = name.split('.').collect();
        let label_ok = |l: &str| {
            let b = l.as_bytes();
            !b.is_empty()
                && b.len() <= 63
                && b[0].is_ascii_alphanumeric()
                && b[b.len() - 1].is_ascii_alphanumeric()
                && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
        };
        let numeric = labels.iter().all(|l| l.bytes().all(|c| c.is_ascii_digit()));
        if name.len() > 253 || labels.len() < 2 || numeric || !labels.iter().all(|l| label_ok(l)) {
            return Err(Invalid(format!(
                "{s:?} is not a host name like billing.example.com (letters, digits and hyphens, dot-separated)"
            )));
        }
        Ok(DomainName(name))
    }

    /// The name.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for DomainName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// A tenant's custom domain and where its verification stands.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CustomDomain {
    /// The host name.
    pub hostname: String,
    /// What Billfold serves at `/.well-known/billfold-domain/{token}` on the host, and looks for when verifying.
    pub token: String,
    /// When it was added (Unix seconds).
    pub created_at: i64,
    /// When it was verified (Unix seconds); `None`: pending.
    pub verified_at: Option<i64>,
    /// Links, emails and the API document are built on it.
    pub preferred: bool,
}
