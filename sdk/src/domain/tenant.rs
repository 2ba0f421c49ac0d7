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
    /// The vendor's postal address (several lines), on invoices, receipts and statements.
    #[serde(default)]
    pub address: Option<String>,
    /// The vendor's tax id (VAT / EIN / GST number), on invoices, receipts and statements.
    #[serde(default)]
    pub tax_id: Option<String>,
    /// Where and how to pay other than in the portal (remit-to address, bank details), on invoices and statements.
    #[serde(default)]
    pub remit_to: Option<String>,
}

/// A tenant's billing policies.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TenantSettings {
    /// The currency of accounts created without one.
    pub default_currency: Currency,
    /// Days after issue an invoice is due when it comes without a due date (import, API); an invoice with a balance
    /// is **Past Due** once its due date has passed.
    pub past_due_after_days: u32,
    /// Whether customers may pay part of an invoice (otherwise only the full balance).
    pub partial_payments: bool,
    /// Whether customers may pay by bank account (ACH).
    pub ach_enabled: bool,
    /// Origins allowed to frame the portal (CSP `frame-ancestors`), e.g. `https://app.vendor.example`; `None`
    /// forbids framing.
    #[serde(default)]
    pub frame_ancestors: Option<FrameAncestors>,
    /// How customers may sign in without the vendor's SSO link (which always works).
    #[serde(default)]
    pub sign_in: SignInMethods,
    /// Whether and how customers may cancel subscriptions in the portal.
    #[serde(default)]
    pub subscription_cancel: CancelPolicy,
    /// When AutoPay pays an invoice: `None` on its due date, else this many days after it was issued.
    #[serde(default)]
    pub autopay_days_after_issue: Option<u32>,
    /// After how many failed AutoPay attempts in a row it stops (and tells the customer to update the method).
    #[serde(default = "default_autopay_failures")]
    pub autopay_max_failures: u32,
    /// The language pages and mail use when neither the user's choice nor the browser says.
    #[serde(default)]
    pub default_locale: crate::locale::Locale,
}

fn default_autopay_failures() -> u32 {
    3
}

/// The ways a tenant's customers may sign in on the portal's own sign-in page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignInMethods {
    /// Email and password, with Forgot Password.
    pub password: bool,
    /// "Email me a sign-in link".
    pub email_link: bool,
}

impl Default for SignInMethods {
    fn default() -> Self {
        SignInMethods {
            password: true,
            email_link: true,
        }
    }
}

impl SignInMethods {
    /// Reads a list like `password,email-link` (or `email_link`); `none` turns both off.
    pub fn parse(s: &str) -> Result<SignInMethods, Invalid> {
        let mut methods = SignInMethods {
            password: false,
            email_link: false,
        };
        for part in s.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            match part {
                "password" => methods.password = true,
                "email-link" | "email_link" => methods.email_link = true,
                "none" => {}
                other => {
                    return Err(Invalid(format!(
                        "unknown sign-in method {other:?}: use password, email-link or none"
                    )))
                }
            }
        }
        Ok(methods)
    }

    /// The stored form: `password,email_link`, `password`, `email_link` or `none`.
    pub fn to_storage(&self) -> String {
        let mut parts = Vec::new();
        if self.password {
            parts.push("password");
        }
        if self.email_link {
            parts.push("email_link");
        }
        if parts.is_empty() {
            "none".to_string()
        } else {
            parts.join(",")
        }
    }
}

impl Default for TenantSettings {
    fn default() -> Self {
        TenantSettings {
            default_currency: Currency::from_code("USD").expect("USD is in the currency table"),
            past_due_after_days: 45,
            partial_payments: true,
            ach_enabled: true,
            frame_ancestors: None,
            sign_in: SignInMethods::default(),
            subscription_cancel: CancelPolicy::default(),
            autopay_days_after_issue: None,
            autopay_max_failures: default_autopay_failures(),
            default_locale: crate::locale::Locale::En,
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
    /// The verified custom domain links and emails are built on (`billing.acme.example`), if it has one.
    pub custom_domain: Option<String>,
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
