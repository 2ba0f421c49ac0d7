//! The billing domain: tenants, accounts, users with roles, invoices and payments.
//!
//! Nothing here knows about HTTP or SQL; the store and the web layer translate to and from these types.

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::money::{Currency, Money};

macro_rules! id_type {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub struct $name(pub i64);
    )*};
}
id_type!(TenantId, AccountId, UserId, InvoiceId, PaymentId, CheckoutId);

/// A value refused by the domain's rules, with a message fit to show to whoever supplied it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct Invalid(pub String);

/// A tenant's subdomain label: `[a-z0-9](-?[a-z0-9])*`, at most 63 characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Slug(String);

impl Slug {
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

/// A vendor's customer: the billed company, identified by the vendor's own id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    pub id: AccountId,
    pub external_id: String,
    pub name: String,
    pub currency: Currency,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct User {
    pub id: UserId,
    pub email: Email,
    pub name: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    Viewer,
    Accounting,
    Admin,
}

impl Role {
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Accounting, Role::Admin];

    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Accounting => "accounting",
            Role::Admin => "admin",
        }
    }

    pub fn parse(s: &str) -> Result<Role, Invalid> {
        Role::ALL
            .into_iter()
            .find(|r| r.as_str() == s)
            .ok_or_else(|| {
                Invalid(format!(
                    "{s:?} is not a role (use \"viewer\", \"accounting\" or \"admin\")"
                ))
            })
    }

    fn bit(&self) -> u8 {
        match self {
            Role::Viewer => 1,
            Role::Accounting => 2,
            Role::Admin => 4,
        }
    }
}

/// The set of roles a membership holds. Empty means **Access denied**.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct Roles(u8);

impl Roles {
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Roles {
        Roles(roles.into_iter().fold(0, |acc, r| acc | r.bit()))
    }

    pub fn contains(&self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }

    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    pub fn iter(&self) -> impl Iterator<Item = Role> + '_ {
        Role::ALL.into_iter().filter(|r| self.contains(*r))
    }

    /// May see invoices, history and downloads.
    pub fn can_view(&self) -> bool {
        !self.is_empty()
    }

    /// May pay and manage payment methods.
    pub fn can_pay(&self) -> bool {
        self.contains(Role::Accounting) || self.contains(Role::Admin)
    }

    /// May manage the account's users and their roles.
    pub fn can_administer(&self) -> bool {
        self.contains(Role::Admin)
    }

    /// Space-separated storage form, e.g. `"accounting admin"`.
    pub fn to_storage(&self) -> String {
        self.iter()
            .map(|r| r.as_str())
            .collect::<Vec<_>>()
            .join(" ")
    }

    pub fn from_storage(s: &str) -> Result<Roles, Invalid> {
        s.split_whitespace()
            .map(Role::parse)
            .collect::<Result<Vec<_>, _>>()
            .map(Roles::new)
    }
}

/// One account a user may see, with the roles they hold there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Membership {
    pub user_id: UserId,
    pub account: Account,
    pub roles: Roles,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceLine {
    pub description: String,
    pub quantity: Decimal,
    pub unit_price: Money,
    pub amount: Money,
}

/// The status badge customers see on an invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Badge {
    Paid,
    PastDue,
    Unpaid,
    Void,
}

impl Badge {
    pub fn label(&self) -> &'static str {
        match self {
            Badge::Paid => "Paid",
            Badge::PastDue => "Past Due",
            Badge::Unpaid => "Unpaid",
            Badge::Void => "Void",
        }
    }
}

/// An invoice's header and totals; `lines` is empty when listed, filled when fetched one by one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Invoice {
    pub id: InvoiceId,
    pub account_id: AccountId,
    pub number: String,
    pub issued_on: Date,
    pub due_on: Date,
    pub currency: Currency,
    pub subtotal: Money,
    pub tax: Money,
    pub total: Money,
    /// Sum of succeeded payments allocated to this invoice.
    pub paid: Money,
    /// Held by checkouts in progress and ACH payments not yet settled: not payable again until released.
    pub reserved: Money,
    pub voided: bool,
    pub lines: Vec<InvoiceLine>,
}

impl Invoice {
    /// What is still owed; never negative because the store refuses over-allocation.
    pub fn balance(&self) -> Money {
        Money::from_minor(
            self.total.minor().saturating_sub(self.paid.minor()).max(0),
            self.currency,
        )
    }

    pub fn badge(&self, today: Date, past_due_after_days: u32) -> Badge {
        if self.voided {
            Badge::Void
        } else if self.balance().is_zero() {
            Badge::Paid
        } else if (today - self.issued_on).whole_days() > i64::from(past_due_after_days) {
            Badge::PastDue
        } else {
            Badge::Unpaid
        }
    }
}

/// Which invoices a list shows.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum InvoiceFilter {
    #[default]
    All,
    /// Balance above zero (Unpaid and Past Due).
    Open,
    Paid,
}

/// What an invoice list asks for: a status filter, an optional number prefix, and a page.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct InvoiceQuery {
    pub filter: InvoiceFilter,
    /// Only invoices whose number starts with this text (exact case).
    pub number_prefix: Option<String>,
    pub offset: i64,
    pub limit: i64,
}

/// The summary cards: **Total Outstanding** and **Unpaid Invoices**.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountSummary {
    pub total_outstanding: Money,
    pub unpaid_invoices: i64,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentType {
    Card,
    Ach,
    Check,
    Wire,
    Cash,
    Other,
}

impl PaymentType {
    pub const ALL: [PaymentType; 6] = [
        PaymentType::Card,
        PaymentType::Ach,
        PaymentType::Check,
        PaymentType::Wire,
        PaymentType::Cash,
        PaymentType::Other,
    ];

    pub fn as_str(&self) -> &'static str {
        match self {
            PaymentType::Card => "card",
            PaymentType::Ach => "ach",
            PaymentType::Check => "check",
            PaymentType::Wire => "wire",
            PaymentType::Cash => "cash",
            PaymentType::Other => "other",
        }
    }

    pub fn parse(s: &str) -> Result<PaymentType, Invalid> {
        PaymentType::ALL
            .into_iter()
            .find(|t| t.as_str() == s)
            .ok_or_else(|| {
                Invalid(format!(
                    "{s:?} is not a payment type (use card, ach, check, wire, cash or other)"
                ))
            })
    }

    /// What Payment History shows in its Type column.
    pub fn label(&self) -> &'static str {
        match self {
            PaymentType::Card => "Credit card",
            PaymentType::Ach => "ACH",
            PaymentType::Check => "Check",
            PaymentType::Wire => "Wire",
            PaymentType::Cash => "Cash",
            PaymentType::Other => "Other",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PaymentStatus {
    Pending,
    Succeeded,
    Failed,
    Refunded,
}

impl PaymentStatus {
    pub fn as_str(&self) -> &'static str {
        match self {
            PaymentStatus::Pending => "pending",
            PaymentStatus::Succeeded => "succeeded",
            PaymentStatus::Failed => "failed",
            PaymentStatus::Refunded => "refunded",
        }
    }

    pub fn parse(s: &str) -> Result<PaymentStatus, Invalid> {
        [
            PaymentStatus::Pending,
            PaymentStatus::Succeeded,
            PaymentStatus::Failed,
            PaymentStatus::Refunded,
        ]
        .into_iter()
        .find(|t| t.as_str() == s)
        .ok_or_else(|| Invalid(format!("{s:?} is not a payment status")))
    }
}

/// One row of Payment History: a payment's allocation to one invoice (a payment split over several invoices
/// shows once per invoice; an unallocated payment shows once with no invoice).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PaymentHistoryRow {
    pub payment_id: PaymentId,
    /// The payment's key (its external id), which names its receipt.
    pub payment_key: String,
    pub paid_on: Date,
    pub invoice_number: Option<String>,
    pub amount: Money,
    pub kind: PaymentType,
    /// How a portal payment was made (`Visa •••• 4242`); `None` for payments the vendor recorded.
    pub method_label: Option<String>,
    pub reference: Option<String>,
    pub status: PaymentStatus,
}

/// A payment as stored, with its allocations.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Payment {
    pub id: PaymentId,
    pub account_id: AccountId,
    pub external_id: String,
    pub amount: Money,
    pub kind: PaymentType,
    pub reference: Option<String>,
    pub paid_on: Date,
    pub status: PaymentStatus,
    pub allocations: Vec<Allocation>,
    pub created_at: OffsetDateTime,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Allocation {
    pub invoice_number: String,
    pub amount: Money,
}

/// A signed-in portal session as stored (the cookie's token is stored only as its SHA-256).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SessionRecord {
    pub tenant_id: TenantId,
    pub user_id: UserId,
    /// The account the session is looking at (switchable among the user's memberships).
    pub account_id: AccountId,
    /// The synchroniser token every form of this session must carry.
    pub csrf_token: String,
    /// Unix seconds.
    pub created_at: i64,
    pub last_seen_at: i64,
}

/// Where a checkout is: `Open` (amount reserved, waiting for the customer), `Charging` (a gateway call is in flight
/// or unconfirmed), `Settling` (ACH accepted, not settled), `Paid`, or `Released` (the reservation was given back).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckoutState {
    Open,
    Charging,
    Settling,
    Paid,
    Released,
}

impl CheckoutState {
    pub fn as_str(&self) -> &'static str {
        match self {
            CheckoutState::Open => "open",
            CheckoutState::Charging => "charging",
            CheckoutState::Settling => "settling",
            CheckoutState::Paid => "paid",
            CheckoutState::Released => "released",
        }
    }

    pub fn parse(s: &str) -> Result<CheckoutState, Invalid> {
        [
            CheckoutState::Open,
            CheckoutState::Charging,
            CheckoutState::Settling,
            CheckoutState::Paid,
            CheckoutState::Released,
        ]
        .into_iter()
        .find(|c| c.as_str() == s)
        .ok_or_else(|| Invalid(format!("unknown checkout state {s:?}")))
    }
}

/// A payment being made in the portal: the amount, reserved against invoices' balances until paid or released.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Checkout {
    pub id: CheckoutId,
    /// Unguessable id used in URLs.
    pub public_id: String,
    pub tenant_id: TenantId,
    pub account_id: AccountId,
    pub user_id: UserId,
    pub amount: Money,
    /// `card` or `ach`.
    pub method: String,
    pub state: CheckoutState,
    pub attempts: i64,
    pub created_at: i64,
    pub expires_at: i64,
    /// (invoice, its number, amount reserved on it), oldest invoice first.
    pub allocations: Vec<(InvoiceId, String, Money)>,
}

/// A checkout to create. Allocations are reserved in invoice-id order (a fixed lock order).
#[derive(Debug, Clone)]
pub struct NewCheckout {
    pub public_id: String,
    pub tenant_id: TenantId,
    pub account_id: AccountId,
    pub user_id: UserId,
    pub amount: Money,
    pub method: String,
    pub allocations: Vec<(InvoiceId, Money)>,
    pub created_at: i64,
    pub expires_at: i64,
}

/// The payment row a charge attempt starts with (status `pending`).
#[derive(Debug, Clone)]
pub struct NewPortalPayment {
    pub kind: PaymentType,
    pub gateway: String,
    pub method_label: String,
    pub paid_on: Date,
    pub now: i64,
}

/// How a charge attempt ended, as recorded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChargeResult {
    Succeeded {
        reference: String,
    },
    /// Accepted (ACH); stays pending until settled or returned.
    Accepted {
        reference: String,
    },
    /// Nothing was charged; the checkout is open for another try.
    Failed {
        message: String,
    },
    /// An accepted ACH debit came back: the reservation is released and the balance reopens.
    Returned {
        reference: String,
    },
}

/// A portal payment with the gateway call not yet confirmed (for reconciliation).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnconfirmedPayment {
    pub tenant_id: TenantId,
    pub payment_id: PaymentId,
    pub idempotency_key: String,
    pub checkout_state: CheckoutState,
    /// The gateway the attempt was sent to (`sandbox`, `stripe`, `authorize_net`).
    pub gateway: String,
    /// When the attempt was sent to the gateway.
    pub charged_at: Option<i64>,
}

/// A message in the outbox (today: payment receipts).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueuedMail {
    pub id: i64,
    pub tenant_id: TenantId,
    pub kind: String,
    pub user_id: UserId,
    pub account_id: AccountId,
    pub payment_key: String,
    pub created_at: i64,
}

/// A page of results without a total: whether more follow is known by reading one row past the page, so its cost
/// does not grow with the number of rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Slice<T> {
    pub items: Vec<T>,
    pub offset: i64,
    pub limit: i64,
    pub has_more: bool,
}

/// A page of results with the position to continue from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Page<T> {
    pub items: Vec<T>,
    pub total: i64,
    pub offset: i64,
    pub limit: i64,
}

/// A payment method saved at the gateway for an account. Billfold holds only the gateway's references and display
/// facts, never the number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedMethod {
    pub id: i64,
    /// The id in the portal's URLs and forms (`spm_…`).
    pub public_id: String,
    pub account_id: AccountId,
    /// The gateway that holds it (`sandbox`, `stripe`, `authorize_net`).
    pub gateway: String,
    /// The gateway's customer (Stripe customer, Authorize.Net customer profile), if it has one.
    pub customer_ref: Option<String>,
    /// The gateway's id for the method (Stripe PaymentMethod, Authorize.Net payment profile, sandbox token).
    pub reference: String,
    /// `card` or `ach`.
    pub kind: String,
    /// Card brand (`Visa`) or bank name.
    pub brand: String,
    pub last4: String,
    pub exp_month: Option<u8>,
    pub exp_year: Option<u16>,
    pub is_default: bool,
    pub created_at: i64,
}

/// How soon a card's expiry is, for the flag next to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expiry {
    Valid,
    /// Expires this month or next.
    Soon,
    Expired,
}

impl SavedMethod {
    /// `Visa •••• 4242`, `Chase •••• 6789`.
    pub fn label(&self) -> String {
        format!("{} •••• {}", self.brand, self.last4)
    }

    pub fn expiry(&self, today: Date) -> Expiry {
        let (Some(month), Some(year)) = (self.exp_month, self.exp_year) else {
            return Expiry::Valid;
        };
        let now = today.year() * 12 + i32::from(u8::from(today.month())) - 1;
        let expires = i32::from(year) * 12 + i32::from(month) - 1;
        if expires < now {
            Expiry::Expired
        } else if expires <= now + 1 {
            Expiry::Soon
        } else {
            Expiry::Valid
        }
    }
}

/// A method to save.
#[derive(Debug, Clone)]
pub struct NewSavedMethod {
    pub public_id: String,
    pub tenant_id: TenantId,
    pub account_id: AccountId,
    pub gateway: String,
    pub customer_ref: Option<String>,
    pub reference: String,
    pub kind: String,
    pub brand: String,
    pub last4: String,
    pub exp_month: Option<u8>,
    pub exp_year: Option<u16>,
    pub created_by: Option<UserId>,
    pub now: i64,
}

/// Who did something, for the audit log: a portal user in a session, or the vendor (CLI, SDK).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub user: Option<UserId>,
    /// The user's email, or `vendor` / `vendor (cli)`.
    pub name: String,
    /// A short, non-secret id of the session it came from.
    pub session: Option<String>,
}

impl Actor {
    pub fn vendor(via: &str) -> Actor {
        Actor {
            user: None,
            name: format!("vendor ({via})"),
            session: None,
        }
    }
}

/// One audit log entry to write.
#[derive(Debug, Clone)]
pub struct NewAuditEntry<'a> {
    pub tenant_id: TenantId,
    pub account_id: Option<AccountId>,
    pub actor: &'a Actor,
    /// e.g. `payment_method.added`, `member.roles_changed`.
    pub action: &'a str,
    /// What changed, in words (`Visa •••• 4242`, `pat@x.example: viewer → accounting`).
    pub detail: String,
    pub now: i64,
}

/// One audit log entry as read back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct AuditEntry {
    pub id: i64,
    pub account: Option<String>,
    pub actor: String,
    pub session: Option<String>,
    pub action: String,
    pub detail: String,
    pub created_at: i64,
}

/// A user of an account, with their roles there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountMember {
    pub user: User,
    pub roles: Roles,
}

/// Why a membership change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MembershipError {
    #[error("An account must keep at least one admin: make someone else an admin first.")]
    LastAdmin,
    #[error("{0} already has access to this account.")]
    AlreadyMember(String),
    #[error("That user has no access to this account.")]
    NotMember,
}

/// A single-use sign-in link to store (only its token's hash).
#[derive(Debug, Clone)]
pub struct NewSignInLink {
    pub tenant_id: TenantId,
    pub user_id: UserId,
    pub account_id: AccountId,
    pub token_hash: [u8; 32],
    pub expires_at: i64,
    pub now: i64,
}

/// A rendered message to queue.
#[derive(Debug, Clone)]
pub struct NewMailMessage {
    pub tenant_id: TenantId,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub now: i64,
}

/// A queued message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MailMessage {
    pub id: i64,
    pub tenant_id: TenantId,
    pub kind: String,
    pub recipient: String,
    pub subject: String,
    pub body_text: String,
    pub created_at: i64,
}

/// Which invoices an API listing wants.
#[derive(Debug, Clone, Default)]
pub struct ApiInvoiceFilter {
    pub account: Option<AccountId>,
    /// `open`, `paid` or `void`.
    pub status: Option<String>,
    /// Changed at or after this time (Unix seconds).
    pub updated_since: Option<i64>,
}

/// What an idempotency key says about a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IdempotentRequest {
    /// First use: go ahead, then record the response.
    New,
    /// Already answered: send this again.
    Replay { status: u16, body: String },
    /// The key was used for a different request.
    Mismatch,
    /// The first request with this key is still running.
    InProgress,
}

/// A vendor's webhook endpoint.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WebhookEndpoint {
    pub id: i64,
    pub public_id: String,
    pub url: String,
    /// Event types it receives, or `*`.
    pub events: Vec<String>,
    pub sealed_secret: Vec<u8>,
    pub created_at: i64,
    pub disabled_at: Option<i64>,
    pub disabled_reason: Option<String>,
}

/// An event as the API lists it: id `evt_<n>`, type, JSON payload.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    pub id: i64,
    pub kind: String,
    pub payload: String,
    pub created_at: i64,
}

impl Event {
    pub fn public_id(&self) -> String {
        format!("evt_{}", self.id)
    }
}

/// A delivery due now, claimed by one worker for a while.
#[derive(Debug, Clone)]
pub struct DueDelivery {
    pub id: i64,
    pub tenant_id: TenantId,
    pub attempts: i64,
    pub event: Event,
    pub endpoint: WebhookEndpoint,
}

/// How a delivery attempt ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryResult {
    Delivered,
    /// Try again at this time.
    Retry {
        at: i64,
    },
    /// Out of attempts.
    GaveUp,
    /// The endpoint answered 410 Gone: it is disabled and its deliveries stop.
    Gone,
}

/// One delivery attempt in an endpoint's log.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DeliveryAttempt {
    pub event_id: i64,
    pub attempt: i64,
    pub status_code: Option<i64>,
    pub error: Option<String>,
    pub at: i64,
}
