//! Customer accounts, their users, and the roles a membership carries.

use super::*;

/// A vendor's customer: the billed company, identified by the vendor's own id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Account {
    /// The account's id in this store.
    pub id: AccountId,
    /// The vendor's id for the account (`C-100`), unique per tenant.
    pub external_id: String,
    /// The customer's name, as the portal shows it.
    pub name: String,
    /// The currency the account is billed in.
    pub currency: Currency,
    /// The customer's billing address (lines separated by newlines), if the vendor gave one.
    pub address: Option<String>,
    /// How many subscriptions the vendor pushed for it (the portal shows Subscriptions when there are any).
    pub subscription_count: i64,
    /// How many estimates the vendor pushed for it (the portal shows Estimates when there are any).
    pub estimate_count: i64,
    /// The language of the mail its contacts get when they haven't chosen one (set by the vendor).
    pub locale: Option<crate::locale::Locale>,
    /// Its totals (kept on the account row by every write that changes them), as of reading the account.
    #[serde(skip)]
    pub summary: AccountSummary,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
/// A person who signs in: one per email per tenant, a member of one or more accounts.
pub struct User {
    /// The user's id in this store.
    pub id: UserId,
    /// The address they sign in with, unique per tenant.
    pub email: Email,
    /// Their name, as the vendor gave it (may be empty).
    pub name: String,
    /// The language they chose in the portal, if they chose one.
    pub locale: Option<crate::locale::Locale>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
/// What a user may do on an account.
pub enum Role {
    /// Sees invoices, payments and receipts.
    Viewer,
    /// Also pays invoices and manages payment methods.
    Accounting,
    /// Also manages the account's users.
    Admin,
}

impl Role {
    /// Every role, least to most.
    pub const ALL: [Role; 3] = [Role::Viewer, Role::Accounting, Role::Admin];

    /// The role's name in storage, the import file and the API (`viewer`, `accounting`, `admin`).
    pub fn as_str(&self) -> &'static str {
        match self {
            Role::Viewer => "viewer",
            Role::Accounting => "accounting",
            Role::Admin => "admin",
        }
    }

    /// Reads a role's name.
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
    /// These roles.
    pub fn new(roles: impl IntoIterator<Item = Role>) -> Roles {
        Roles(roles.into_iter().fold(0, |acc, r| acc | r.bit()))
    }

    /// Whether `role` is among them.
    pub fn contains(&self, role: Role) -> bool {
        self.0 & role.bit() != 0
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0 == 0
    }

    /// The roles, least to most.
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

    /// Reads the stored form (names separated by commas).
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
    /// The user.
    pub user_id: UserId,
    /// The account they belong to.
    pub account: Account,
    /// What they may do on it.
    pub roles: Roles,
}

/// The summary cards (**Total Outstanding** and **Unpaid Invoices**) and how many invoices each list filter holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountSummary {
    /// What is still owed on open invoices.
    pub total_outstanding: Money,
    /// How many invoices are open.
    pub unpaid_invoices: i64,
    /// How many invoices it has in all (void ones included).
    pub invoices: i64,
    /// How many of them are void.
    pub void_invoices: i64,
}

impl AccountSummary {
    /// How many invoices a list with `filter` holds.
    pub fn count(&self, filter: InvoiceFilter) -> i64 {
        match filter {
            InvoiceFilter::All => self.invoices,
            InvoiceFilter::Open => self.unpaid_invoices,
            InvoiceFilter::Paid => self.invoices - self.unpaid_invoices - self.void_invoices,
        }
    }
}

/// A user of an account, with their roles there.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountMember {
    /// The member.
    pub user: User,
    /// Their roles on the account.
    pub roles: Roles,
    /// When they were invited to the account in the portal (`None`: added by the vendor).
    pub invited_at: Option<i64>,
    /// When they last signed in (`None`: never — an invitation still pending).
    pub last_signed_in_at: Option<i64>,
}

/// Why a membership change was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MembershipError {
    #[error("An account must keep at least one admin: make someone else an admin first.")]
    /// The change would leave the account without an admin.
    LastAdmin,
    #[error("{0} already has access to this account.")]
    /// The email already has access to the account.
    AlreadyMember(String),
    #[error("That user has no access to this account.")]
    /// The user has no access to the account.
    NotMember,
}
