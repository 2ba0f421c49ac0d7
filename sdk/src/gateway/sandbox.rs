//! The built-in sandbox gateway: a stand-in for a real gateway, with a TEST MODE hosted page (served by the portal)
//! that takes test cards and bank accounts and hands back a token. Its ledger lives in its own tables.
//!
//! Test numbers: card `4242 4242 4242 4242` approves; `4000 0000 0000 0002` declines; `4000 0000 0000 9995`
//! declines for insufficient funds; `4000 0000 0000 0119` fails with a processing error; `4000 0000 0000 0341` can be
//! saved, but every charge on it is declined (AutoPay's failures). Bank routing `110000000`
//! settles (ACH), `110000002` is returned. Any future expiry and any CVC.

use std::sync::Arc;
use std::time::Duration;

use async_trait::async_trait;

use super::{
    split_label, ChargeOutcome, ChargeRequest, Gateway, GatewayError, MethodKind, SaveOutcome,
    TokenInfo, VaultCustomer, VaultedMethod,
};
use crate::domain::TenantId;
use crate::secrets::random_token;
use crate::store::SandboxLedger;

/// What a test card or bank account does when charged.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SandboxOutcome {
    /// Charged.
    Approve,
    /// Declined.
    Decline,
    /// Declined for insufficient funds.
    InsufficientFunds,
    /// The gateway fails to answer (a charge left unconfirmed).
    ProcessingError,
    /// An ACH debit that settles.
    AchSettles,
    /// An ACH debit the bank returns.
    AchReturned,
    /// A card that can be saved but whose every charge is declined (Stripe's `4000 0000 0000 0341`).
    DeclineAfterSave,
}

impl SandboxOutcome {
    /// The outcome's name in the sandbox's ledger.
    pub fn as_str(&self) -> &'static str {
        match self {
            SandboxOutcome::Approve => "approve",
            SandboxOutcome::Decline => "decline",
            SandboxOutcome::InsufficientFunds => "insufficient_funds",
            SandboxOutcome::ProcessingError => "processing_error",
            SandboxOutcome::AchSettles => "ach_settles",
            SandboxOutcome::AchReturned => "ach_returned",
            SandboxOutcome::DeclineAfterSave => "decline_after_save",
        }
    }

    /// Reads an outcome's name.
    pub fn parse(s: &str) -> Option<SandboxOutcome> {
        [
            SandboxOutcome::Approve,
            SandboxOutcome::Decline,
            SandboxOutcome::InsufficientFunds,
            SandboxOutcome::ProcessingError,
            SandboxOutcome::AchSettles,
            SandboxOutcome::AchReturned,
            SandboxOutcome::DeclineAfterSave,
        ]
        .into_iter()
        .find(|o| o.as_str() == s)
    }
}

/// A test card as typed on the hosted page, checked and reduced to display facts and an outcome.
pub fn read_card(
    number: &str,
    expiry: &str,
    cvc: &str,
    today: time::Date,
) -> Result<(String, SandboxOutcome), String> {
    let digits: String = number
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if digits.len() < 12 || digits.len() > 19 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err("Enter the card number shown on your card.".into());
    }
    if !luhn(&digits) {
        return Err("That card number is not valid. Check it and try again.".into());
    }
    let (month, year) = read_expiry(expiry).ok_or("Enter the expiry as MM/YY.")?;
    if (i32::from(year), month) < (today.year(), u8::from(today.month())) {
        return Err("That card has expired.".into());
    }
    let cvc = cvc.trim();
    if !(3..=4).contains(&cvc.len()) || !cvc.chars().all(|c| c.is_ascii_digit()) {
        return Err("Enter the 3 or 4 digit security code (CVC).".into());
    }
    let outcome = match digits.as_str() {
        "4000000000000002" => SandboxOutcome::Decline,
        "4000000000009995" => SandboxOutcome::InsufficientFunds,
        "4000000000000119" => SandboxOutcome::ProcessingError,
        "4000000000000341" => SandboxOutcome::DeclineAfterSave,
        _ => SandboxOutcome::Approve,
    };
    let brand = match digits.as_bytes()[0] {
        b'4' => "Visa",
        b'5' | b'2' => "Mastercard",
        b'3' => "American Express",
        b'6' => "Discover",
        _ => "Card",
    };
    Ok((
        format!("{brand} •••• {}", &digits[digits.len() - 4..]),
        outcome,
    ))
}

/// An expiry typed as `MM/YY` or `MM/YYYY`: `(month, four-digit year)`.
pub fn read_expiry(expiry: &str) -> Option<(u8, u16)> {
    let (month, year) = expiry
        .split_once('/')
        .and_then(|(m, y)| Some((m.trim().parse::<u8>().ok()?, y.trim().parse::<u16>().ok()?)))
        .filter(|(m, _)| (1..=12).contains(m))?;
    Some((month, if year < 100 { 2000 + year } else { year }))
}

/// A test bank account as typed on the hosted page.
pub fn read_bank_account(routing: &str, account: &str) -> Result<(String, SandboxOutcome), String> {
    let routing = routing.trim();
    let account: String = account.chars().filter(|c| !c.is_whitespace()).collect();
    if routing.len() != 9 || !routing.chars().all(|c| c.is_ascii_digit()) {
        return Err("Enter the 9-digit routing number.".into());
    }
    if account.len() < 4 || account.len() > 17 || !account.chars().all(|c| c.is_ascii_digit()) {
        return Err("Enter the account number (4 to 17 digits).".into());
    }
    let outcome = match routing {
        "110000000" => SandboxOutcome::AchSettles,
        "110000002" => SandboxOutcome::AchReturned,
        _ => {
            return Err(
                "In test mode, use routing number 110000000 (settles) or 110000002 (returned)."
                    .into(),
            )
        }
    };
    Ok((
        format!("Bank account •••• {}", &account[account.len() - 4..]),
        outcome,
    ))
}

fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let d2 = d * 2;
                if d2 > 9 {
                    d2 - 9
                } else {
                    d2
                }
            } else {
                d
            }
        })
        .sum();
    sum % 10 == 0
}

/// The sandbox gateway for one tenant. It sees only its own ledger (its tokens and charges), not the whole store.
pub struct Sandbox {
    store: Arc<dyn SandboxLedger>,
    tenant: TenantId,
    /// Simulated network latency of every gateway call (benchmarks).
    latency: Duration,
}

impl Sandbox {
    /// A sandbox keeping its records in `ledger` (pass the store: a `SharedStore` is one).
    pub fn new(ledger: Arc<dyn SandboxLedger>, tenant: TenantId, latency: Duration) -> Sandbox {
        Sandbox {
            store: ledger,
            tenant,
            latency,
        }
    }

    /// Stores a token for what the hosted page read; returns the token.
    /// A token for a test card or bank account; `expiry` is a card's `(month, year)`.
    pub async fn tokenize(
        &self,
        kind: MethodKind,
        label: &str,
        outcome: SandboxOutcome,
        expiry: Option<(u8, u16)>,
    ) -> Result<String, GatewayError> {
        let token = random_token::<16>("tok_sandbox_")
            .map_err(|e| GatewayError::Unavailable(e.to_string()))?;
        let expiry = expiry.map(|(m, y)| format!("{m:02}/{y}"));
        self.store
            .sandbox_store_token(
                self.tenant,
                &token,
                kind.as_str(),
                label,
                outcome.as_str(),
                expiry.as_deref(),
            )
            .await
            .map_err(|e| GatewayError::Unavailable(e.to_string()))?;
        Ok(token)
    }

    async fn wait(&self) {
        if !self.latency.is_zero() {
            tokio::time::sleep(self.latency).await;
        }
    }
}

fn unavailable(e: crate::StoreError) -> GatewayError {
    GatewayError::Unavailable(e.to_string())
}

fn outcome_of(stored: &str, transaction_id: String) -> ChargeOutcome {
    match SandboxOutcome::parse(stored) {
        Some(SandboxOutcome::Approve) => ChargeOutcome::Succeeded { transaction_id },
        Some(SandboxOutcome::AchSettles) => ChargeOutcome::Pending { transaction_id },
        Some(SandboxOutcome::AchReturned) => ChargeOutcome::Pending { transaction_id },
        Some(SandboxOutcome::InsufficientFunds) => ChargeOutcome::Declined {
            message: "Your card was declined for insufficient funds.".into(),
        },
        Some(SandboxOutcome::ProcessingError) => ChargeOutcome::Declined {
            message: "An error occurred while processing your card. Try again in a little bit."
                .into(),
        },
        _ => ChargeOutcome::Declined {
            message: "Your card was declined.".into(),
        },
    }
}

#[async_trait]
impl Gateway for Sandbox {
    fn name(&self) -> &'static str {
        "sandbox"
    }

    async fn token_info(&self, token: &str) -> Result<TokenInfo, GatewayError> {
        let (kind, label, _) = self
            .store
            .sandbox_token(self.tenant, token)
            .await
            .map_err(unavailable)?
            .ok_or(GatewayError::BadToken)?;
        Ok(TokenInfo {
            kind: MethodKind::parse(&kind).ok_or_else(|| GatewayError::Malformed(kind.clone()))?,
            label,
        })
    }

    async fn charge(&self, request: &ChargeRequest<'_>) -> Result<ChargeOutcome, GatewayError> {
        self.wait().await;
        let (_, _, outcome) = self
            .store
            .sandbox_token(self.tenant, request.token)
            .await
            .map_err(unavailable)?
            .ok_or(GatewayError::BadToken)?;
        let transaction_id =
            random_token::<8>("sbx_").map_err(|e| GatewayError::Unavailable(e.to_string()))?;
        // Recorded once per idempotency key; a repeat returns the first record.
        let (transaction_id, outcome) = self
            .store
            .sandbox_record_charge(
                self.tenant,
                request.idempotency_key,
                &transaction_id,
                request.token,
                request.amount,
                &outcome,
            )
            .await
            .map_err(unavailable)?;
        Ok(outcome_of(&outcome, transaction_id))
    }

    async fn lookup(&self, idempotency_key: &str) -> Result<Option<ChargeOutcome>, GatewayError> {
        self.wait().await;
        let found = self
            .store
            .sandbox_charge(self.tenant, idempotency_key)
            .await
            .map_err(unavailable)?;
        Ok(found.map(
            |(transaction_id, outcome)| match SandboxOutcome::parse(&outcome) {
                // By the time anyone asks again, test ACH debits have settled or come back.
                Some(SandboxOutcome::AchSettles) => ChargeOutcome::Succeeded { transaction_id },
                Some(SandboxOutcome::AchReturned) => ChargeOutcome::Returned { transaction_id },
                _ => outcome_of(&outcome, transaction_id),
            },
        ))
    }

    /// Sandbox tokens can be charged again, so a saved method is its token.
    async fn save_method(
        &self,
        _customer: &VaultCustomer<'_>,
        token: &str,
    ) -> Result<SaveOutcome, GatewayError> {
        self.wait().await;
        let (kind, label, outcome) = self
            .store
            .sandbox_token(self.tenant, token)
            .await
            .map_err(unavailable)?
            .ok_or(GatewayError::BadToken)?;
        // Like a real gateway verifying a card before keeping it.
        if let Some(o @ (SandboxOutcome::Decline | SandboxOutcome::InsufficientFunds)) =
            SandboxOutcome::parse(&outcome)
        {
            let ChargeOutcome::Declined { message } = outcome_of(o.as_str(), String::new()) else {
                return Err(GatewayError::Malformed("sandbox outcome".into()));
            };
            return Ok(SaveOutcome::Declined { message });
        }
        let expiry = self
            .store
            .sandbox_token_expiry(self.tenant, token)
            .await
            .map_err(unavailable)?
            .and_then(|e| read_expiry(&e));
        let (brand, last4) = split_label(&label);
        Ok(SaveOutcome::Saved(VaultedMethod {
            customer_ref: None,
            reference: token.to_string(),
            kind: MethodKind::parse(&kind).ok_or_else(|| GatewayError::Malformed(kind.clone()))?,
            brand,
            last4,
            exp_month: expiry.map(|(m, _)| m),
            exp_year: expiry.map(|(_, y)| y),
        }))
    }

    async fn remove_method(
        &self,
        _customer_ref: Option<&str>,
        reference: &str,
    ) -> Result<(), GatewayError> {
        self.wait().await;
        self.store
            .sandbox_remove_token(self.tenant, reference)
            .await
            .map_err(unavailable)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> time::Date {
        time::macros::date!(2026 - 11 - 21)
    }

    #[test]
    fn test_cards_map_to_outcomes_and_keep_only_the_last_four() {
        let (label, o) = read_card("4242 4242 4242 4242", "12/30", "123", today()).unwrap();
        assert_eq!(
            (label.as_str(), o),
            ("Visa •••• 4242", SandboxOutcome::Approve)
        );
        assert_eq!(
            read_card("4000000000000002", "01/27", "999", today())
                .unwrap()
                .1,
            SandboxOutcome::Decline
        );
        assert_eq!(
            read_card("4000000000009995", "01/27", "999", today())
                .unwrap()
                .1,
            SandboxOutcome::InsufficientFunds
        );
        assert_eq!(
            read_card("4000000000000119", "01/27", "999", today())
                .unwrap()
                .1,
            SandboxOutcome::ProcessingError
        );
        assert!(
            read_card("4242424242424241", "12/30", "123", today()).is_err(),
            "Luhn"
        );
        assert!(
            read_card("4242424242424242", "10/26", "123", today()).is_err(),
            "expired"
        );
        assert!(
            read_card("4242424242424242", "13/30", "123", today()).is_err(),
            "month"
        );
        assert!(
            read_card("4242424242424242", "12/30", "12", today()).is_err(),
            "cvc"
        );
        assert_eq!(
            read_bank_account("110000000", "000123456789").unwrap().1,
            SandboxOutcome::AchSettles
        );
        assert_eq!(
            read_bank_account("110000002", "6789").unwrap(),
            ("Bank account •••• 6789".into(), SandboxOutcome::AchReturned)
        );
        assert!(read_bank_account("12345", "6789").is_err());
    }
}
