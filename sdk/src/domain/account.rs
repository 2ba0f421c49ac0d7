//! Customer accounts, their users, and the roles a membership carries.

use super::*;

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

/// The summary cards: **Total Outstanding** and **Unpaid Invoices**.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct AccountSummary {
    pub total_outstanding: Money,
    pub unpaid_invoices: i64,
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
