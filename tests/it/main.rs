//! Billfold's integration tests, one module per capability, linked into one test binary (one link of sqlx, axum and
//! reqwest instead of twelve). Store tests run on SQLite and on PostgreSQL (`store_suite!`); browser tests drive
//! Debian's Chromium over WebDriver. `cargo test -p billfold-tests -- payments::` runs one module.

mod api;
mod autopay;
mod browser;
mod comments;
mod custom_domains;
mod estimates;
mod hosts;
mod import;
mod invoice_links;
mod languages;
mod leaving_a_payment;
mod money;
mod payments;
mod portal;
mod portal_accounts;
mod portal_gateways;
mod portal_payments;
mod sign_in;
mod smtp;
mod sso_interop;
mod statements;
mod store_conformance;
mod subscriptions;
mod webhooks;
