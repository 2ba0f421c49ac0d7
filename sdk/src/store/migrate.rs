//! Applies the embedded migrations in order, once each, recording a checksum so an edited migration is noticed.

use sha2::{Digest, Sha256};

/// One embedded migration file.
#[derive(Debug, Clone, Copy)]
pub struct Migration {
    /// Its number (`0001` is 1).
    pub version: i64,
    /// Its name (`foundation`).
    pub name: &'static str,
    /// Its SQL.
    pub sql: &'static str,
}

impl Migration {
    /// SHA-256 of the SQL, recorded when it is applied.
    pub fn checksum(&self) -> Vec<u8> {
        Sha256::digest(self.sql.as_bytes()).to_vec()
    }
}

/// Embeds `migrations/<dialect>/NNNN_name.sql` through `sdk/migrations` (a symlink to the workspace's `migrations/`,
/// which `cargo package` follows, so the published crate carries its migrations; paths are relative to this file).
macro_rules! migrations {
    ($dialect:literal: $($version:literal $name:literal),* $(,)?) => {
        &[$(Migration {
            version: $version,
            name: $name,
            sql: include_str!(concat!("../../migrations/", $dialect, "/", stringify!($version), "_", $name, ".sql")),
        }),*]
    };
}

/// The migrations compiled into this crate. A test checks these lists against the files in `migrations/`.
// The zero-padded version literals spell the file names (`0001_…`); their value is the decimal version.
#[allow(clippy::zero_prefixed_literal)]
pub mod embedded {
    use super::Migration;

    /// The SQLite migrations.
    pub const SQLITE: &[Migration] = migrations!("sqlite": 0001 "foundation", 0002 "account_totals", 0003 "portal_sessions", 0004 "online_payments", 0005 "mail_outbox", 0006 "gateway_refs", 0007 "tenant_gateways", 0008 "methods_members_audit", 0009 "api_requests", 0010 "webhooks", 0011 "retention", 0012 "api_rate_windows", 0013 "paid_within_total", 0014 "one_mail_queue", 0015 "sign_in", 0016 "mail_retries", 0017 "scoped_sessions", 0018 "receipt_numbers", 0019 "invoice_comments", 0020 "subscriptions", 0021 "estimates", 0022 "autopay", 0023 "custom_domains", 0024 "locales");
    /// The PostgreSQL migrations.
    pub const POSTGRES: &[Migration] = migrations!("postgres": 0001 "foundation", 0002 "account_totals", 0003 "portal_sessions", 0004 "online_payments", 0005 "mail_outbox", 0006 "gateway_refs", 0007 "tenant_gateways", 0008 "methods_members_audit", 0009 "api_requests", 0010 "webhooks", 0011 "retention", 0012 "api_rate_windows", 0013 "paid_within_total", 0014 "one_mail_queue", 0015 "sign_in", 0016 "mail_retries", 0017 "scoped_sessions", 0018 "receipt_numbers", 0019 "invoice_comments", 0020 "subscriptions", 0021 "estimates", 0022 "autopay", 0023 "custom_domains", 0024 "locales");
}
