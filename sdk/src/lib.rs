//! # billfold
//!
//! The Billfold customer billing portal as an embeddable library: the domain (tenants, accounts, invoices,
//! payments), exact [`money`], the [`store`] on SQLite or PostgreSQL, the [`import`] format, tenant provisioning
//! with [`secrets`], and [`sso`] sign-in tokens a vendor mints for its already-logged-in users.

pub mod domain;
pub mod gateway;
pub mod import;
pub mod money;
pub mod outbound;
pub mod payments;
pub mod secrets;
pub mod sso;
pub mod store;
pub mod tenants;
pub mod text;
pub mod web;
pub mod webhooks;

pub use money::{Currency, Money, MoneyError};
pub use store::{connect, ConnectOptions, SharedStore, Store, StoreError};
pub use web::{Portal, PortalBuilder, SessionPolicy, Tenancy, Themes};
