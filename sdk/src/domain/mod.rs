//! The billing domain: tenants, accounts, users with roles, invoices and payments.
//!
//! Nothing here knows about HTTP or SQL; the store and the web layer translate to and from these types.

mod account;
mod api;
mod audit;
mod autopay;
mod checkout;
mod comment;
mod custom_domain;
mod estimate;
mod events;
mod import_batch;
mod invoice;
mod mail;
mod payment;
mod saved_method;
mod session;
mod statement;
mod subscription;
mod tenant;
mod values;

pub use account::*;
pub use api::*;
pub use audit::*;
pub use autopay::*;
pub use checkout::*;
pub use comment::*;
pub use custom_domain::*;
pub use estimate::*;
pub use events::*;
pub use import_batch::*;
pub use invoice::*;
pub use mail::*;
pub use payment::*;
pub use saved_method::*;
pub use session::*;
pub use statement::*;
pub use subscription::*;
pub use tenant::*;
pub use values::*;

use std::fmt;

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use time::{Date, OffsetDateTime};

use crate::money::{Currency, Money};

macro_rules! id_type {
    ($($name:ident),*) => {$(
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[doc = concat!("A ", stringify!($name), ": the row's id in this store.")]
        pub struct $name(#[doc = "The id."] pub i64);
    )*};
}
id_type!(
    TenantId,
    AccountId,
    UserId,
    InvoiceId,
    PaymentId,
    CheckoutId,
    SubscriptionId
);
