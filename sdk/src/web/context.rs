//! What a page knows about where it is: the tenant and the mount prefix, and the tera context every page shares.

use std::sync::Arc;

use serde::Serialize;

use crate::domain::Tenant;

/// The tenant a request is for and the prefix the portal is mounted at (`""` at the root, `/billing` when nested).
#[derive(Clone)]
pub(crate) struct Ctx {
    pub tenant: Arc<Tenant>,
    pub base: String,
    /// The language the request is answered in: the signed-in user's choice, else the browser's
    /// (`Accept-Language`), else the tenant's default.
    pub locale: crate::locale::Locale,
}

impl Ctx {
    /// A link inside the portal: `path` starts with `/`. The portal's root is the mount prefix itself
    /// (`/billing`, not `/billing/`, which a router nested at `/billing` does not match).
    pub fn link(&self, path: &str) -> String {
        match path.strip_prefix('/') {
            Some(rest) if rest.is_empty() || rest.starts_with('?') => {
                format!("{}{rest}", self.home())
            }
            _ => format!("{}{path}", self.base),
        }
    }

    /// The portal's root page.
    pub fn home(&self) -> &str {
        if self.base.is_empty() {
            "/"
        } else {
            &self.base
        }
    }
}

/// The tenant's face: name, logo and the "Need Help?" contact block. Every string is vendor-supplied and is escaped
/// by the templates.
#[derive(Serialize)]
pub(crate) struct TenantView<'a> {
    pub name: &'a str,
    pub slug: &'a str,
    pub logo_url: Option<&'a str>,
    pub support_phone: Option<&'a str>,
    pub support_email: Option<&'a str>,
    pub support_hours: Option<&'a str>,
    pub has_help: bool,
    /// The vendor's address, a line per entry.
    pub address: Vec<&'a str>,
    pub tax_id: Option<&'a str>,
    /// Remit-to / bank details, a line per entry.
    pub remit_to: Vec<&'a str>,
}

impl<'a> TenantView<'a> {
    pub fn of(t: &'a Tenant) -> TenantView<'a> {
        let b = &t.branding;
        TenantView {
            name: &t.name,
            slug: t.slug.as_str(),
            logo_url: b.logo_url.as_deref().filter(|u| u.starts_with("https://")),
            support_phone: b.support_phone.as_deref(),
            support_email: b.support_email.as_deref(),
            support_hours: b.support_hours.as_deref(),
            has_help: b.support_phone.is_some() || b.support_email.is_some(),
            address: crate::text::lines(b.address.as_deref()),
            tax_id: b.tax_id.as_deref().filter(|t| !t.trim().is_empty()),
            remit_to: crate::text::lines(b.remit_to.as_deref()),
        }
    }
}
