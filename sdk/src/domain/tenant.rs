//! A tenant (a vendor): its branding and settings.

use super::*;

/// How a tenant presents itself to its customers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branding {
    pub logo_url: Option<String>,
    pub primary_color: Option<String>,
    pub support_phone: Option<String>,
    pub support_email: Option<String>,
    pub support_hours: Option<String>,
}

/// A tenant's billing policies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantSettings {
    pub default_currency: Currency,
    /// An unpaid invoice issued more than this many days ago is **Past Due**.
    pub past_due_after_days: u32,
    /// Whether customers may pay part of an invoice (otherwise only the full balance).
    pub partial_payments: bool,
    pub ach_enabled: bool,
    /// Origins allowed to frame the portal (CSP `frame-ancestors`), e.g. `https://app.vendor.example`; `None`
    /// forbids framing.
    #[serde(default)]
    pub frame_ancestors: Option<FrameAncestors>,
}

impl Default for TenantSettings {
    fn default() -> Self {
        TenantSettings {
            default_currency: Currency::from_code("USD").expect("USD is in the currency table"),
            past_due_after_days: 45,
            partial_payments: true,
            ach_enabled: true,
            frame_ancestors: None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Tenant {
    pub id: TenantId,
    pub slug: Slug,
    pub name: String,
    pub theme: String,
    pub branding: Branding,
    pub settings: TenantSettings,
}

#[derive(Debug, Clone)]
pub struct NewTenant {
    pub slug: Slug,
    pub name: String,
    pub theme: String,
    pub branding: Branding,
    pub settings: TenantSettings,
}
