//! # billfold
//!
//! The Billfold customer billing portal as an embeddable library: the domain (tenants, accounts, invoices,
//! payments), exact [`money`], the [`store`] on SQLite or PostgreSQL, the [`import`] format, tenant provisioning
//! with [`secrets`], and [`sso`] sign-in tokens a vendor mints for its already-logged-in users.
//!
//! Embedding it: open a store, build a [`Portal`], nest its router in your app, run its background work, and send
//! your signed-in user to a single-use sign-in URL.
//!
//! ```no_run
//! use axum::{routing::get, Router};
//! use billfold::{connect, domain::Slug, secrets::MasterKey, web::Background, ConnectOptions, Portal, Tenancy};
//!
//! # async fn embed(master: MasterKey) -> Result<(), Box<dyn std::error::Error>> {
//! let store = connect("sqlite://billing.db", &ConnectOptions::default()).await?;
//! let slug = Slug::parse("vendor")?; // provisioned once with billfold::tenants::provision
//! let portal = Portal::builder(store, master, Tenancy::Single(slug.clone()))
//!     .public_origin("https://app.example.com")
//!     .build()?;
//! let app: Router = Router::new()
//!     .route("/", get(|| async { "the vendor's own page" }))
//!     .nest("/billing", portal.router());
//! let background = portal.clone();
//! tokio::spawn(async move { background.run_background(Background::new("mail-outbox"), std::future::pending()).await });
//! let url = portal.sign_in_url(&slug, "https://app.example.com/billing", "pat@initech.example", None, None).await?;
//! # let _ = (app, url);
//! # Ok(())
//! # }
//! ```

#![recursion_limit = "256"]
#![warn(missing_docs)]

pub mod auth;
pub mod autopay;
pub mod clock;
pub mod domain;
pub mod domains;
pub mod gateway;
pub mod import;
pub mod locale;
pub mod money;
pub mod outbound;
pub mod payments;
pub mod secrets;
pub mod sso;
pub mod store;
pub mod tenants;
pub(crate) mod text;
pub mod web;
pub mod webhooks;

pub use money::{Currency, Money, MoneyError};
pub use store::{connect, ConnectOptions, SharedStore, Store, StoreError};
pub use web::{Portal, PortalBuilder, SessionPolicy, Tenancy, Themes};
