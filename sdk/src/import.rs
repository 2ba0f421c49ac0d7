//! The import file: accounts, contacts, invoices and offline payments as JSON (format in README.md).
//!
//! Importing is two steps. [`prepare`] parses and validates the whole file against itself and against what the
//! store already holds, naming the JSON path of the first bad field. [`ImportStore::apply_import`](crate::store::ImportStore::apply_import) then writes the batch
//! in one transaction (upserts by the records' ids), re-checking invoice balances inside that transaction.

use std::collections::{BTreeSet, HashMap};

use rust_decimal::Decimal;
use serde::Deserialize;
use time::Date;

use crate::domain::{Email, InvoiceLine, PaymentType, Role, Roles, TenantId};

mod estimates;
mod subscriptions;
use crate::money::{Currency, Money};
use crate::store::{Store, StoreError};

pub use crate::domain::{
    AccountRecord, Batch, ContactRecord, ImportError, ImportErrorKind, ImportSummary,
    InvoiceRecord, PaymentRecord,
};

// --- the file as written ----------------------------------------------------------------------------------------

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFile {
    #[serde(default)]
    accounts: Vec<RawAccount>,
    #[serde(default)]
    contacts: Vec<RawContact>,
    #[serde(default)]
    invoices: Vec<RawInvoice>,
    #[serde(default)]
    payments: Vec<RawPayment>,
    #[serde(default)]
    subscriptions: Vec<subscriptions::RawSubscription>,
    #[serde(default)]
    estimates: Vec<estimates::RawEstimate>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAccount {
    id: String,
    name: String,
    currency: String,
    /// The billing address, lines separated by newlines.
    #[serde(default)]
    address: Option<String>,
    /// The language of the mail its contacts get (`en`, `fr`, `de`, `es`; `""` clears it).
    #[serde(default)]
    locale: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawContact {
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    memberships: Vec<RawMembership>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawMembership {
    account: String,
    roles: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawInvoice {
    number: String,
    account: String,
    issued_on: String,
    /// Absent: the tenant's `past_due_after_days` after the issue date.
    #[serde(default)]
    due_on: Option<String>,
    currency: String,
    #[serde(default)]
    tax: Option<DecimalString>,
    /// The customer's purchase order number.
    #[serde(default)]
    po_number: Option<String>,
    lines: Vec<RawLine>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawLine {
    description: String,
    quantity: DecimalString,
    unit_price: DecimalString,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawPayment {
    #[serde(default)]
    id: Option<String>,
    account: String,
    amount: DecimalString,
    #[serde(rename = "type")]
    kind: String,
    #[serde(default)]
    reference: Option<String>,
    paid_on: String,
    #[serde(default)]
    currency: Option<String>,
    #[serde(default)]
    allocations: Vec<RawAllocation>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAllocation {
    invoice: String,
    amount: DecimalString,
}

/// An amount or quantity written as a JSON string. A JSON number is refused: binary floats cannot hold most
/// decimal amounts exactly, so `12.3` may already have become `12.300000000000001` in the vendor's exporter.
struct DecimalString(String);

impl<'de> Deserialize<'de> for DecimalString {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl serde::de::Visitor<'_> for V {
            type Value = DecimalString;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a decimal string such as \"12.50\"")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<DecimalString, E> {
                Ok(DecimalString(v.to_string()))
            }
            fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<DecimalString, E> {
                Err(E::custom(format!(
                    "{v} is a JSON number; write amounts as decimal strings such as \"12.50\""
                )))
            }
            fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<DecimalString, E> {
                self.visit_f64(v as f64)
            }
            fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<DecimalString, E> {
                self.visit_f64(v as f64)
            }
        }
        d.deserialize_any(V)
    }
}

// --- validation -------------------------------------------------------------------------------------------------

/// Parses and validates an import file for `tenant`, consulting the store for accounts and invoices the file
/// refers to but does not contain. Nothing is written.
pub async fn prepare(
    store: &dyn Store,
    tenant: TenantId,
    json: &[u8],
) -> Result<Batch, StoreError> {
    let raw = parse(json)?;

    let file_accounts: BTreeSet<&str> = raw.accounts.iter().map(|a| a.id.as_str()).collect();
    let mut referenced: BTreeSet<String> = BTreeSet::new();
    referenced.extend(
        raw.contacts
            .iter()
            .flat_map(|c| c.memberships.iter().map(|m| m.account.clone())),
    );
    referenced.extend(raw.invoices.iter().map(|i| i.account.clone()));
    referenced.extend(raw.payments.iter().map(|p| p.account.clone()));
    referenced.extend(raw.subscriptions.iter().map(|s| s.account().to_string()));
    referenced.extend(raw.estimates.iter().map(|e| e.account().to_string()));
    referenced.retain(|a| !file_accounts.contains(a.as_str()));
    let referenced: Vec<String> = referenced.into_iter().collect();
    let stored_accounts = store.accounts_by_external_ids(tenant, &referenced).await?;

    let file_invoices: BTreeSet<&str> = raw.invoices.iter().map(|i| i.number.as_str()).collect();
    let mut invoice_refs: BTreeSet<String> = BTreeSet::new();
    invoice_refs.extend(
        raw.payments
            .iter()
            .flat_map(|p| p.allocations.iter().map(|a| a.invoice.clone())),
    );
    invoice_refs.retain(|n| !file_invoices.contains(n.as_str()));
    let invoice_refs: Vec<String> = invoice_refs.into_iter().collect();
    let stored_invoices = store.invoice_owners(tenant, &invoice_refs).await?;

    let mut known = Known {
        default_due_days: store
            .tenant(tenant)
            .await?
            .map_or(45, |t| i64::from(t.settings.past_due_after_days)),
        ..Known::default()
    };
    for a in &stored_accounts {
        known.accounts.insert(a.external_id.clone(), a.currency);
    }
    for (number, account, total) in stored_invoices {
        known.invoices.insert(number, (account, total));
    }
    Ok(validate(raw, known)?)
}

/// Validates and writes an import file in one transaction. See [`prepare`] and [`ImportStore::apply_import`](crate::store::ImportStore::apply_import).
pub async fn run(
    store: &dyn Store,
    tenant: TenantId,
    json: &[u8],
    progress: &(dyn Fn(u64) + Sync),
) -> Result<ImportSummary, StoreError> {
    let batch = prepare(store, tenant, json).await?;
    store.apply_import(tenant, &batch, progress).await
}

fn parse(json: &[u8]) -> Result<RawFile, ImportError> {
    // Control characters and keys given twice are refused before the file is read.
    crate::text::check_json(json).map_err(|p| ImportError::new(p.field, p.message))?;
    let de = &mut serde_json::Deserializer::from_slice(json);
    serde_path_to_error::deserialize(de).map_err(|e| {
        let path = e.path().to_string();
        let path = if path == "." {
            "file".to_string()
        } else {
            path
        };
        ImportError::new(path, e.into_inner().to_string())
    })
}

/// Facts about records already in the store.
#[derive(Default)]
struct Known {
    /// account external id → currency
    accounts: HashMap<String, Currency>,
    /// invoice number → (account external id, total)
    invoices: HashMap<String, (String, Money)>,
    /// Days after issue an invoice without a due date is due (the tenant's `past_due_after_days`).
    default_due_days: i64,
}

fn validate(raw: RawFile, mut known: Known) -> Result<Batch, ImportError> {
    let mut batch = Batch::default();
    let mut first_seen: HashMap<String, String> = HashMap::new();
    let mut once = |kind: &str, key: &str, path: &str| -> Result<(), ImportError> {
        match first_seen.insert(format!("{kind}\u{0}{key}"), path.to_string()) {
            Some(earlier) => Err(ImportError::new(
                path,
                format!("{key:?} appears more than once in the file (also at {earlier})"),
            )),
            None => Ok(()),
        }
    };

    for (i, a) in raw.accounts.into_iter().enumerate() {
        let p = format!("accounts[{i}]");
        let external_id = required(&a.id, &format!("{p}.id"))?;
        once("account", &external_id, &format!("{p}.id"))?;
        let name = required(&a.name, &format!("{p}.name"))?;
        let currency = currency(&a.currency, &format!("{p}.currency"))?;
        if let Some(stored) = known.accounts.get(&external_id) {
            if *stored != currency {
                return Err(ImportError::conflict(
                    format!("{p}.currency"),
                    format!("account {external_id:?} already bills in {stored}"),
                ));
            }
        }
        known.accounts.insert(external_id.clone(), currency);
        let address = a.address.map(|t| t.trim().to_string());
        if address.as_ref().is_some_and(|t| t.chars().count() > 500) {
            return Err(ImportError::new(
                format!("{p}.address"),
                "an address is at most 500 characters",
            ));
        }
        let locale = match a.locale.as_deref().map(str::trim) {
            None => None,
            Some("") => Some(None),
            Some(code) => Some(Some(
                crate::locale::Locale::ALL
                    .into_iter()
                    .find(|l| l.code() == code)
                    .ok_or_else(|| {
                        ImportError::new(
                            format!("{p}.locale"),
                            format!(
                                "{code:?} is not a language the portal speaks (en, fr, de, es)"
                            ),
                        )
                    })?,
            )),
        };
        batch.accounts.push(AccountRecord {
            external_id,
            name,
            currency,
            address,
            locale,
        });
    }

    for (i, c) in raw.contacts.into_iter().enumerate() {
        let p = format!("contacts[{i}]");
        let email = Email::parse(c.email.trim())
            .map_err(|e| ImportError::new(format!("{p}.email"), e.0))?;
        once("contact", email.as_str(), &format!("{p}.email"))?;
        let mut memberships = Vec::with_capacity(c.memberships.len());
        let mut seen_accounts = BTreeSet::new();
        for (j, m) in c.memberships.into_iter().enumerate() {
            let mp = format!("{p}.memberships[{j}]");
            account_currency(&known, &m.account, &format!("{mp}.account"))?;
            if !seen_accounts.insert(m.account.clone()) {
                return Err(ImportError::new(
                    format!("{mp}.account"),
                    format!("account {:?} is listed twice for this contact", m.account),
                ));
            }
            let roles = m
                .roles
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    Role::parse(r).map_err(|e| ImportError::new(format!("{mp}.roles[{k}]"), e.0))
                })
                .collect::<Result<Vec<_>, _>>()?;
            memberships.push((m.account, Roles::new(roles)));
        }
        batch.contacts.push(ContactRecord {
            email,
            name: c.name.trim().to_string(),
            memberships,
        });
    }

    for (i, inv) in raw.invoices.into_iter().enumerate() {
        let p = format!("invoices[{i}]");
        let number = required(&inv.number, &format!("{p}.number"))?;
        once("invoice", &number, &format!("{p}.number"))?;
        let account_cur = account_currency(&known, &inv.account, &format!("{p}.account"))?;
        let currency = currency(&inv.currency, &format!("{p}.currency"))?;
        if currency != account_cur {
            return Err(ImportError::conflict(
                format!("{p}.currency"),
                format!(
                    "{:?} does not match account {:?}, which bills in {account_cur}",
                    inv.currency, inv.account
                ),
            ));
        }
        let issued_on = date(&inv.issued_on, &format!("{p}.issued_on"))?;
        let due_on = match &inv.due_on {
            Some(due) => date(due, &format!("{p}.due_on"))?,
            None => issued_on + time::Duration::days(known.default_due_days),
        };
        if due_on < issued_on {
            return Err(ImportError::new(
                format!("{p}.due_on"),
                format!(
                    "{:?} is before the issue date {:?}",
                    inv.due_on.as_deref().unwrap_or_default(),
                    inv.issued_on
                ),
            ));
        }
        let (lines, subtotal, tax, total) =
            priced_lines(inv.lines, inv.tax.as_ref(), currency, &p)?;
        known
            .invoices
            .insert(number.clone(), (inv.account.clone(), total));
        let po_number = inv
            .po_number
            .map(|po| po.trim().to_string())
            .filter(|po| !po.is_empty());
        if po_number.as_ref().is_some_and(|po| po.chars().count() > 64) {
            return Err(ImportError::new(
                format!("{p}.po_number"),
                "a purchase order number is at most 64 characters",
            ));
        }
        batch.invoices.push(InvoiceRecord {
            number,
            account: inv.account,
            issued_on,
            due_on,
            po_number,
            currency,
            lines,
            subtotal,
            tax,
            total,
        });
    }

    for (i, pay) in raw.payments.into_iter().enumerate() {
        let p = format!("payments[{i}]");
        let currency = account_currency(&known, &pay.account, &format!("{p}.account"))?;
        if let Some(c) = &pay.currency {
            let given = self::currency(c, &format!("{p}.currency"))?;
            if given != currency {
                return Err(ImportError::conflict(
                    format!("{p}.currency"),
                    format!(
                        "{c:?} does not match account {:?}, which bills in {currency}",
                        pay.account
                    ),
                ));
            }
        }
        let kind = PaymentType::parse(&pay.kind)
            .map_err(|e| ImportError::new(format!("{p}.type"), e.0))?;
        let reference = pay
            .reference
            .as_deref()
            .map(str::trim)
            .filter(|r| !r.is_empty())
            .map(str::to_string);
        let external_id = match (&pay.id, &reference) {
            (Some(id), _) => required(id, &format!("{p}.id"))?,
            (None, Some(reference)) => format!("{}:{reference}", kind.as_str()),
            (None, None) => {
                return Err(ImportError::new(
                    p,
                    "a payment needs an \"id\" or a \"reference\", so that importing the file again updates it \
                     instead of recording it twice",
                ))
            }
        };
        once(
            "payment",
            &format!("{}\u{0}{external_id}", pay.account),
            &format!("{p}.id"),
        )?;
        let amount_paid = amount(&pay.amount.0, currency, &format!("{p}.amount"))?;
        if amount_paid.minor() <= 0 {
            return Err(ImportError::new(
                format!("{p}.amount"),
                "a payment must be more than zero",
            ));
        }
        let paid_on = date(&pay.paid_on, &format!("{p}.paid_on"))?;
        let mut allocations = Vec::with_capacity(pay.allocations.len());
        let mut allocated = Money::zero(currency);
        for (j, a) in pay.allocations.into_iter().enumerate() {
            let ap = format!("{p}.allocations[{j}]");
            let (owner, total) = known.invoices.get(&a.invoice).ok_or_else(|| {
                ImportError::unknown(
                    format!("{ap}.invoice"),
                    format!("unknown invoice {:?}", a.invoice),
                )
            })?;
            if *owner != pay.account {
                return Err(ImportError::new(
                    format!("{ap}.invoice"),
                    format!(
                        "invoice {:?} belongs to another account, not {:?}",
                        a.invoice, pay.account
                    ),
                ));
            }
            if allocations.iter().any(|(n, _)| *n == a.invoice) {
                return Err(ImportError::new(
                    format!("{ap}.invoice"),
                    format!("invoice {:?} is allocated twice in this payment", a.invoice),
                ));
            }
            let share = amount(&a.amount.0, currency, &format!("{ap}.amount"))?;
            if share.minor() <= 0 {
                return Err(ImportError::new(
                    format!("{ap}.amount"),
                    "an allocation must be more than zero",
                ));
            }
            if share.minor() > total.minor() {
                return Err(ImportError::new(
                    format!("{ap}.amount"),
                    format!(
                        "{share} is more than invoice {:?}'s total of {total}",
                        a.invoice
                    ),
                ));
            }
            allocated = allocated
                .checked_add(share)
                .map_err(|e| ImportError::new(format!("{ap}.amount"), e.to_string()))?;
            if allocated.minor() > amount_paid.minor() {
                return Err(ImportError::new(
                    format!("{ap}.amount"),
                    format!("the allocations add up to {allocated}, more than the payment of {amount_paid}"),
                ));
            }
            allocations.push((a.invoice, share));
        }
        batch.payments.push(PaymentRecord {
            external_id,
            account: pay.account,
            amount: amount_paid,
            kind,
            reference,
            paid_on,
            allocations,
        });
    }
    batch.subscriptions = subscriptions::validate(raw.subscriptions, &known)?;
    batch.estimates = estimates::validate(raw.estimates, &known)?;
    Ok(batch)
}

fn account_currency(known: &Known, id: &str, path: &str) -> Result<Currency, ImportError> {
    known
        .accounts
        .get(id)
        .copied()
        .ok_or_else(|| ImportError::unknown(path, format!("unknown account {id:?}")))
}

/// An invoice's or estimate's lines priced in `currency`, with their subtotal, the tax and the total.
fn priced_lines(
    raw: Vec<RawLine>,
    tax: Option<&DecimalString>,
    currency: Currency,
    p: &str,
) -> Result<(Vec<InvoiceLine>, Money, Money, Money), ImportError> {
    if raw.is_empty() {
        return Err(ImportError::new(
            format!("{p}.lines"),
            "at least one line is needed",
        ));
    }
    let mut lines = Vec::with_capacity(raw.len());
    for (j, l) in raw.into_iter().enumerate() {
        let lp = format!("{p}.lines[{j}]");
        let description = required(&l.description, &format!("{lp}.description"))?;
        let quantity = quantity(&l.quantity.0, &format!("{lp}.quantity"))?;
        let unit_price = amount(&l.unit_price.0, currency, &format!("{lp}.unit_price"))?;
        let line_amount = unit_price
            .checked_mul_decimal(quantity)
            .map_err(|e| ImportError::new(format!("{lp}.quantity"), e.to_string()))?;
        lines.push(InvoiceLine {
            description,
            quantity,
            unit_price,
            amount: line_amount,
        });
    }
    let subtotal = Money::checked_sum(currency, lines.iter().map(|l| l.amount))
        .map_err(|e| ImportError::new(format!("{p}.lines"), e.to_string()))?;
    let tax = match tax {
        Some(t) => amount(&t.0, currency, &format!("{p}.tax"))?,
        None => Money::zero(currency),
    };
    if tax.is_negative() {
        return Err(ImportError::new(
            format!("{p}.tax"),
            "tax cannot be negative",
        ));
    }
    let total = subtotal
        .checked_add(tax)
        .map_err(|e| ImportError::new(format!("{p}.tax"), e.to_string()))?;
    if total.is_negative() {
        return Err(ImportError::new(
            format!("{p}.lines"),
            format!("the total {total} is negative"),
        ));
    }
    Ok((lines, subtotal, tax, total))
}

/// A whole number as JSON writes it: `3`, or `3.0` (JSON Schema counts that as an integer too).
pub(crate) fn whole<'de, D: serde::Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    struct V;
    impl serde::de::Visitor<'_> for V {
        type Value = u32;
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a whole number")
        }
        fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| E::custom(format!("{v} is too large")))
        }
        fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<u32, E> {
            u32::try_from(v).map_err(|_| E::custom(format!("{v} is not a positive whole number")))
        }
        fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<u32, E> {
            if v.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(&v) {
                Ok(v as u32)
            } else {
                Err(E::custom(format!("{v} is not a whole number")))
            }
        }
    }
    d.deserialize_any(V)
}

fn required(value: &str, path: &str) -> Result<String, ImportError> {
    let v = value.trim();
    if v.is_empty() {
        Err(ImportError::new(path, "must not be empty"))
    } else {
        Ok(v.to_string())
    }
}

fn currency(code: &str, path: &str) -> Result<Currency, ImportError> {
    Currency::from_code(code).map_err(|e| ImportError::new(path, e.to_string()))
}

fn amount(s: &str, currency: Currency, path: &str) -> Result<Money, ImportError> {
    Money::parse(s, currency).map_err(|e| ImportError::new(path, e.to_string()))
}

fn date(s: &str, path: &str) -> Result<Date, ImportError> {
    let format = time::macros::format_description!("[year]-[month]-[day]");
    Date::parse(s, &format)
        .map_err(|_| ImportError::new(path, format!("{s:?} is not a date (YYYY-MM-DD)")))
}

/// A positive decimal quantity such as `"2"` or `"1.5"` (digits and one point only; at most 6 decimals).
fn quantity(s: &str, path: &str) -> Result<Decimal, ImportError> {
    let not_quantity = || ImportError::new(path, format!("{s:?} is not a decimal quantity"));
    let (whole, frac) = s.split_once('.').unwrap_or((s, ""));
    let digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || !digits(whole) || !digits(frac) || (s.contains('.') && frac.is_empty()) {
        return Err(not_quantity());
    }
    if frac.len() > 6 {
        return Err(ImportError::new(
            path,
            format!("{s:?} has more than 6 decimals"),
        ));
    }
    let q: Decimal = s.parse().map_err(|_| not_quantity())?;
    if q <= Decimal::ZERO {
        return Err(ImportError::new(
            path,
            "the quantity must be more than zero",
        ));
    }
    Ok(q)
}
