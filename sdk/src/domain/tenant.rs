//! A tenant (a vendor): its branding and settings.

use super::*;

/// How a tenant presents itself to its customers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branding {
    /// A logo shown in the header (an https URL).
    pub logo_url: Option<String>,
    /// The accent colour (`#1a73e8`).
    pub primary_color: Option<String>,
    /// The help block's phone number.
    pub support_phone: Option<String>,
    /// The help block's email address (also the From of the tenant's mail).
    pub support_email: Option<String>,
    /// The help block's hours.
    pub support_hours: Option<String>,
}

/// A tenant's billing policies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantSettings {
    /// The currency of accounts created without one.
    pub default_currency: Currency,
    /// An unpaid invoice issued more than this many days ago is **Past Due**.
    pub past_due_after_days: u32,
    /// Whether customers may pay part of an invoice (otherwise only the full balance).
    pub partial_payments: bool,
    /// Whether customers may pay by bank account (ACH).
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
/// A vendor with its own portal: subdomain, theme, branding and settings.
pub struct Tenant {
    /// The tenant's id in this store.
    pub id: TenantId,
    /// Its subdomain and URL name (`acme`).
    pub slug: Slug,
    /// The vendor's name, as customers see it.
    pub name: String,
    /// The theme its pages use.
    pub theme: String,
    /// Logo, colour and help contact.
    pub branding: Branding,
    /// Payment and security settings.
    pub settings: TenantSettings,
}

#[derive(Debug, Clone)]
/// A tenant to create or update.
pub struct NewTenant {
    /// Its subdomain and URL name.
    pub slug: Slug,
    /// The vendor's name.
    pub name: String,
    /// The theme its pages use.
    pub theme: String,
    /// Logo, colour and help contact.
    pub branding: Branding,
    /// Payment and security settings.
    pub settings: TenantSettings,
}
