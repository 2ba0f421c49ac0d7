//! Authorize.Net, over its JSON API. The customer's card or bank details go to Authorize.Net from the browser
//! (Accept.js / Accept Hosted), which hands back an opaque one-time nonce; Billfold charges the nonce with
//! `createTransactionRequest` (`authCaptureTransaction`).
//!
//! The API's quirks are handled here: a UTF-8 BOM before the JSON body; element order checked against the XSD
//! (request structs are declared in schema order, and serde writes fields in declaration order); HTTP 200 for
//! errors, with `messages.resultCode` and `transactionResponse.responseCode` (1 approved, 2 declined, 3 error,
//! 4 held for review) deciding; `errors` arrays. Our idempotency key becomes the order's `invoiceNumber` (a 20-char
//! digest), which the gateway's duplicate window also guards, and by which reconciliation finds the transaction in
//! `getUnsettledTransactionListRequest`. The transaction id is recorded with the payment, so ACH debits are
//! followed with `getTransactionDetailsRequest` until settled or returned.

mod wire;

use async_trait::async_trait;
use hmac::{Hmac, Mac};
use serde::Serialize;
use sha2::{Digest, Sha256, Sha512};
use wire::*;

use super::{
    transport_error, ChargeOutcome, ChargeRequest, Gateway, GatewayError, MethodKind, SaveOutcome,
    TokenInfo, VaultCustomer, VaultedMethod,
};
use crate::domain::TenantId;
use crate::secrets::Redacted;
use crate::store::GatewayRefs;
use std::sync::Arc;

/// One tenant's Authorize.Net account.
pub struct AuthorizeNet {
    http: reqwest::Client,
    /// `https://api.authorize.net/xml/v1/request.api` in production, `https://apitest.authorize.net/…` in the
    /// sandbox, a local peer in tests.
    endpoint: String,
    login_id: String,
    transaction_key: Redacted,
    store: Arc<dyn GatewayRefs>,
    tenant: TenantId,
}

/// The `invoiceNumber` (at most 20 characters) standing for an idempotency key.
pub fn invoice_number_for(idempotency_key: &str) -> String {
    let digest = Sha256::digest(idempotency_key.as_bytes());
    let hex: String = digest.iter().map(|b| format!("{b:02X}")).collect();
    format!("BF{}", &hex[..18])
}

/// A nonce from Accept.js as the portal receives it: `<card|ach>:<dataDescriptor>:<dataValue>`.
fn parse_token(token: &str) -> Result<(MethodKind, &str, &str), GatewayError> {
    let mut parts = token.splitn(3, ':');
    let kind = parts
        .next()
        .and_then(MethodKind::parse)
        .ok_or(GatewayError::BadToken)?;
    let descriptor = parts
        .next()
        .filter(|d| d.starts_with("COMMON."))
        .ok_or(GatewayError::BadToken)?;
    let value = parts
        .next()
        .filter(|v| !v.is_empty())
        .ok_or(GatewayError::BadToken)?;
    Ok((kind, descriptor, value))
}

/// A saved payment profile as Billfold records it: `<card|ach>:<customerPaymentProfileId>`.
fn parse_saved(reference: &str) -> Result<(MethodKind, &str), GatewayError> {
    let (kind, id) = reference.split_once(':').ok_or(GatewayError::BadToken)?;
    let kind = MethodKind::parse(kind).ok_or(GatewayError::BadToken)?;
    if id.is_empty() || !id.chars().all(|c| c.is_ascii_digit()) {
        return Err(GatewayError::BadToken);
    }
    Ok((kind, id))
}

/// The id in "A duplicate record with ID 123 already exists." (E00039).
fn duplicate_id(m: &Messages) -> Option<String> {
    m.message
        .iter()
        .find(|m| m.code == "E00039")
        .and_then(|m| {
            m.text
                .split_whitespace()
                .find(|w| !w.is_empty() && w.chars().all(|c| c.is_ascii_digit()))
        })
        .map(str::to_string)
}

impl AuthorizeNet {
    /// A client for Authorize.Net's XML API at `endpoint` for one tenant, recording transaction ids in `store`.
    pub fn new(
        endpoint: &str,
        login_id: &str,
        transaction_key: Redacted,
        store: Arc<dyn GatewayRefs>,
        tenant: TenantId,
        http: reqwest::Client,
    ) -> AuthorizeNet {
        AuthorizeNet {
            http,
            endpoint: endpoint.to_string(),
            login_id: login_id.to_string(),
            transaction_key,
            store,
            tenant,
        }
    }

    fn auth(&self) -> MerchantAuthentication<'_> {
        MerchantAuthentication {
            name: &self.login_id,
            transaction_key: self.transaction_key.expose(),
        }
    }

    async fn post<T: Serialize, R: serde::de::DeserializeOwned>(
        &self,
        body: &T,
    ) -> Result<R, GatewayError> {
        let response = self
            .http
            .post(&self.endpoint)
            .json(body)
            .send()
            .await
            .map_err(transport_error)?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(transport_error)?;
        if !status.is_success() {
            return Err(GatewayError::Unavailable(format!("HTTP {status}")));
        }
        // The API puts a UTF-8 byte-order mark before its JSON.
        let json = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes);
        serde_json::from_slice(json).map_err(|e| GatewayError::Malformed(e.to_string()))
    }

    /// Maps a transaction's status (from the list or details calls) to an outcome.
    fn status_outcome(status: &str, trans_id: String, bank: bool) -> Option<ChargeOutcome> {
        match status {
            "settledSuccessfully" => Some(ChargeOutcome::Succeeded {
                transaction_id: trans_id,
            }),
            "capturedPendingSettlement" | "authorizedPendingCapture" if !bank => {
                Some(ChargeOutcome::Succeeded {
                    transaction_id: trans_id,
                })
            }
            "capturedPendingSettlement"
            | "FDSPendingReview"
            | "FDSAuthorizedPendingReview"
            | "underReview" => Some(ChargeOutcome::Pending {
                transaction_id: trans_id,
            }),
            "returnedItem" | "chargeback" => Some(ChargeOutcome::Returned {
                transaction_id: trans_id,
            }),
            "declined" | "voided" | "expired" | "generalError" | "failedReview"
            | "settlementError" => Some(ChargeOutcome::Declined {
                message: "The payment was not completed.".into(),
            }),
            _ => None,
        }
    }
}

fn api_error(m: &Messages) -> GatewayError {
    let first = m.message.first();
    GatewayError::Malformed(format!(
        "{} {}",
        first.map_or("", |m| m.code.as_str()),
        first.map_or("", |m| m.text.as_str())
    ))
}

#[async_trait]
impl Gateway for AuthorizeNet {
    fn name(&self) -> &'static str {
        "authorize_net"
    }

    async fn token_info(&self, token: &str) -> Result<TokenInfo, GatewayError> {
        let (kind, _, _) = parse_token(token)?;
        Ok(TokenInfo {
            kind,
            label: match kind {
                MethodKind::Card => "Card".into(),
                MethodKind::BankAccount => "Bank account (eCheck)".into(),
            },
        })
    }

    async fn charge(&self, request: &ChargeRequest<'_>) -> Result<ChargeOutcome, GatewayError> {
        // A one-time nonce, or (with a customer profile) a saved payment profile `<card|ach>:<id>`.
        let (kind, payment, profile) = match request.customer {
            None => {
                let (kind, descriptor, value) = parse_token(request.token)?;
                let payment = PaymentPart {
                    opaque_data: OpaqueData {
                        data_descriptor: descriptor,
                        data_value: value,
                    },
                };
                (kind, Some(payment), None)
            }
            Some(customer_profile_id) => {
                let (kind, payment_profile_id) = parse_saved(request.token)?;
                let profile = ProfilePart {
                    customer_profile_id,
                    payment_profile: PaymentProfileRef { payment_profile_id },
                };
                (kind, None, Some(profile))
            }
        };
        let invoice_number = invoice_number_for(request.idempotency_key);
        let body = CreateTransactionEnvelope {
            create_transaction_request: CreateTransaction {
                merchant_authentication: self.auth(),
                ref_id: &invoice_number,
                transaction_request: TransactionRequest {
                    transaction_type: "authCaptureTransaction",
                    amount: request.amount.to_decimal_string(),
                    currency_code: request.amount.currency().code(),
                    payment,
                    profile,
                    order: Order {
                        invoice_number: &invoice_number,
                        description: request.description,
                    },
                },
            },
        };
        let reply: CreateTransactionResponse = self.post(&body).await?;
        let Some(tr) = reply.transaction_response else {
            return Err(api_error(&reply.messages));
        };
        if !tr.trans_id.is_empty() && tr.trans_id != "0" {
            self.store
                .set_gateway_ref(self.tenant, request.idempotency_key, &tr.trans_id)
                .await
                .map_err(|e| GatewayError::Unavailable(e.to_string()))?;
        }
        let error_text = || {
            tr.errors
                .first()
                .map(|e| e.error_text.clone())
                .filter(|t| !t.is_empty())
                .unwrap_or_else(|| "This transaction has been declined.".into())
        };
        match tr.response_code.as_str() {
            "1" if kind == MethodKind::BankAccount => Ok(ChargeOutcome::Pending {
                transaction_id: tr.trans_id,
            }),
            "1" => Ok(ChargeOutcome::Succeeded {
                transaction_id: tr.trans_id,
            }),
            "4" => Ok(ChargeOutcome::Pending {
                transaction_id: tr.trans_id,
            }),
            "2" => Ok(ChargeOutcome::Declined {
                message: error_text(),
            }),
            // Reason 11: a duplicate of a transaction already submitted with this invoice number; its outcome
            // is the gateway's record, so ask for it.
            "3" if tr.errors.iter().any(|e| e.error_code == "11") => {
                self.lookup(request.idempotency_key).await?.ok_or_else(|| {
                    GatewayError::Malformed("duplicate of an unknown transaction".into())
                })
            }
            "3" => Ok(ChargeOutcome::Declined {
                message: error_text(),
            }),
            other => Err(GatewayError::Malformed(format!("responseCode {other:?}"))),
        }
    }

    async fn lookup(&self, idempotency_key: &str) -> Result<Option<ChargeOutcome>, GatewayError> {
        let bank = self
            .store
            .gateway_ref(self.tenant, idempotency_key)
            .await
            .map_err(|e| GatewayError::Unavailable(e.to_string()))?;
        // A known transaction (e.g. an ACH debit) is followed by its details.
        if let Some(trans_id) = bank {
            let reply: DetailsResponse = self
                .post(&DetailsEnvelope {
                    get_transaction_details_request: Details {
                        merchant_authentication: self.auth(),
                        trans_id: &trans_id,
                    },
                })
                .await?;
            let t = reply
                .transaction
                .ok_or_else(|| api_error(&reply.messages))?;
            let is_bank = self
                .store
                .payment_kind_by_key(self.tenant, idempotency_key)
                .await
                .ok()
                .flatten()
                == Some(crate::domain::PaymentType::Ach);
            return Ok(AuthorizeNet::status_outcome(
                &t.transaction_status,
                t.trans_id,
                is_bank,
            ));
        }
        // Otherwise (a crash before we heard back) it is found by its invoice number among unsettled transactions.
        let wanted = invoice_number_for(idempotency_key);
        let reply: UnsettledListResponse = self
            .post(&UnsettledListEnvelope {
                get_unsettled_transaction_list_request: MerchantOnly {
                    merchant_authentication: self.auth(),
                },
            })
            .await?;
        if reply.messages.result_code != "Ok" {
            return Err(api_error(&reply.messages));
        }
        let is_bank = self
            .store
            .payment_kind_by_key(self.tenant, idempotency_key)
            .await
            .ok()
            .flatten()
            == Some(crate::domain::PaymentType::Ach);
        Ok(reply
            .transactions
            .into_iter()
            .find(|t| t.invoice_number.as_deref() == Some(wanted.as_str()))
            .and_then(|t| AuthorizeNet::status_outcome(&t.transaction_status, t.trans_id, is_bank)))
    }

    /// A customer profile for the account (created once; a duplicate is reused) and a payment profile made from
    /// the Accept nonce, validated by the gateway (`liveMode`); the masked number and expiry are read back.
    async fn save_method(
        &self,
        customer: &VaultCustomer<'_>,
        token: &str,
    ) -> Result<SaveOutcome, GatewayError> {
        let (kind, descriptor, value) = parse_token(token)?;
        let profile_id = match customer.existing {
            Some(id) => id.to_string(),
            None => {
                let merchant_customer_id = invoice_number_for(&format!(
                    "customer:{}:{}",
                    self.tenant.0, customer.account_external_id
                ));
                let description: String = customer.account_name.chars().take(255).collect();
                let reply: CreateProfileResponse = self
                    .post(&CreateProfileEnvelope {
                        create_customer_profile_request: CreateProfile {
                            merchant_authentication: self.auth(),
                            profile: NewProfile {
                                merchant_customer_id: &merchant_customer_id,
                                description: &description,
                            },
                        },
                    })
                    .await?;
                match (reply.customer_profile_id, duplicate_id(&reply.messages)) {
                    (Some(id), _) if reply.messages.result_code == "Ok" => id,
                    (_, Some(id)) => id,
                    _ => return Err(api_error(&reply.messages)),
                }
            }
        };
        let reply: CreatePaymentProfileResponse = self
            .post(&CreatePaymentProfileEnvelope {
                create_customer_payment_profile_request: CreatePaymentProfile {
                    merchant_authentication: self.auth(),
                    customer_profile_id: &profile_id,
                    payment_profile: NewPaymentProfile {
                        customer_type: "business",
                        payment: PaymentPart {
                            opaque_data: OpaqueData {
                                data_descriptor: descriptor,
                                data_value: value,
                            },
                        },
                    },
                    validation_mode: "liveMode",
                },
            })
            .await?;
        let payment_profile_id = match reply.customer_payment_profile_id {
            Some(id) if reply.messages.result_code == "Ok" => id,
            _ if reply.messages.message.iter().any(|m| m.code == "E00027") => {
                return Ok(SaveOutcome::Declined {
                    message: "Your card was declined when we checked it.".into(),
                })
            }
            _ => return Err(api_error(&reply.messages)),
        };
        let ids = PaymentProfileIds {
            merchant_authentication: self.auth(),
            customer_profile_id: &profile_id,
            customer_payment_profile_id: &payment_profile_id,
            unmask_expiration_date: Some(true),
        };
        let stored: GetPaymentProfileResponse = self
            .post(&PaymentProfileEnvelope {
                get_customer_payment_profile_request: Some(ids),
                delete_customer_payment_profile_request: None,
            })
            .await?;
        let payment = stored
            .payment_profile
            .ok_or_else(|| api_error(&stored.messages))?
            .payment;
        let last4 = |masked: &str| {
            masked
                .chars()
                .rev()
                .take(4)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<String>()
        };
        let (brand, last4, exp_month, exp_year) = match (payment.credit_card, payment.bank_account)
        {
            (Some(card), _) => {
                // `2030-12` when unmasked.
                let (year, month) = card
                    .expiration_date
                    .split_once('-')
                    .map_or((None, None), |(y, m)| (y.parse().ok(), m.parse().ok()));
                let brand = if card.card_type.is_empty() {
                    "Card".to_string()
                } else {
                    card.card_type
                };
                (brand, last4(&card.card_number), month, year)
            }
            (None, Some(bank)) => (
                bank.bank_name
                    .filter(|b| !b.is_empty())
                    .unwrap_or_else(|| "Bank account".into()),
                last4(&bank.account_number),
                None,
                None,
            ),
            (None, None) => {
                return Err(GatewayError::Malformed(
                    "payment profile without payment".into(),
                ))
            }
        };
        Ok(SaveOutcome::Saved(VaultedMethod {
            customer_ref: Some(profile_id),
            reference: format!("{}:{payment_profile_id}", kind.as_str()),
            kind,
            brand,
            last4,
            exp_month,
            exp_year,
        }))
    }

    async fn remove_method(
        &self,
        customer_ref: Option<&str>,
        reference: &str,
    ) -> Result<(), GatewayError> {
        let (_, payment_profile_id) = parse_saved(reference)?;
        let customer_profile_id = customer_ref.ok_or(GatewayError::BadToken)?;
        let reply: MessagesOnly = self
            .post(&PaymentProfileEnvelope {
                get_customer_payment_profile_request: None,
                delete_customer_payment_profile_request: Some(PaymentProfileIds {
                    merchant_authentication: self.auth(),
                    customer_profile_id,
                    customer_payment_profile_id: payment_profile_id,
                    unmask_expiration_date: None,
                }),
            })
            .await?;
        // Already gone at the gateway (E00040) is as good as removed.
        if reply.messages.result_code == "Ok"
            || reply.messages.message.iter().any(|m| m.code == "E00040")
        {
            Ok(())
        } else {
            Err(api_error(&reply.messages))
        }
    }
}

/// Verifies `X-ANET-Signature: sha512=<HEX>`: HMAC-SHA512 of the raw body keyed with the Signature Key as its
/// literal text, compared case-insensitively in constant time.
pub fn verify_webhook(header: &str, body: &[u8], signature_key: &str) -> bool {
    let Some(hex) = header
        .trim()
        .strip_prefix("sha512=")
        .or_else(|| header.trim().strip_prefix("SHA512="))
    else {
        return false;
    };
    let Some(expected) = (0..hex.len())
        .step_by(2)
        .map(|i| {
            hex.get(i..i + 2)
                .and_then(|h| u8::from_str_radix(h, 16).ok())
        })
        .collect::<Option<Vec<u8>>>()
    else {
        return false;
    };
    let Ok(mut mac) = Hmac::<Sha512>::new_from_slice(signature_key.as_bytes()) else {
        return false;
    };
    mac.update(body);
    mac.verify_slice(&expected).is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invoice_numbers_fit_the_schema_and_are_stable() {
        let a = invoice_number_for("co_abcdefghijklmnopqrstuv.1");
        assert_eq!(a.len(), 20);
        assert_eq!(a, invoice_number_for("co_abcdefghijklmnopqrstuv.1"));
        assert_ne!(a, invoice_number_for("co_abcdefghijklmnopqrstuv.2"));
    }

    #[test]
    fn webhook_signature_is_hmac_sha512_of_the_raw_body() {
        let body =
            br#"{"notificationId":"n1","eventType":"net.authorize.payment.authcapture.created"}"#;
        let key = "A1B2C3";
        let mut mac = Hmac::<Sha512>::new_from_slice(key.as_bytes()).unwrap();
        mac.update(body);
        let hex: String = mac
            .finalize()
            .into_bytes()
            .iter()
            .map(|b| format!("{b:02X}"))
            .collect();
        assert!(verify_webhook(&format!("sha512={hex}"), body, key));
        assert!(
            verify_webhook(&format!("sha512={}", hex.to_lowercase()), body, key),
            "case-insensitive"
        );
        assert!(
            !verify_webhook(&format!("sha512={hex}"), b"{}", key),
            "body changed"
        );
        assert!(
            !verify_webhook(&format!("sha512={hex}"), body, "other"),
            "other key"
        );
        assert!(!verify_webhook(&hex, body, key), "missing scheme");
        assert!(!verify_webhook("sha512=zz", body, key));
    }

    #[test]
    fn requests_serialize_in_schema_order() {
        let body = CreateTransactionEnvelope {
            create_transaction_request: CreateTransaction {
                merchant_authentication: MerchantAuthentication {
                    name: "login",
                    transaction_key: "key",
                },
                ref_id: "r",
                transaction_request: TransactionRequest {
                    transaction_type: "authCaptureTransaction",
                    amount: "1.00".into(),
                    currency_code: "USD",
                    payment: Some(PaymentPart {
                        opaque_data: OpaqueData {
                            data_descriptor: "d",
                            data_value: "v",
                        },
                    }),
                    profile: None,
                    order: Order {
                        invoice_number: "i",
                        description: "x",
                    },
                },
            },
        };
        let json = serde_json::to_string(&body).unwrap();
        let pos = |k: &str| json.find(&format!("\"{k}\"")).unwrap();
        assert!(
            pos("merchantAuthentication") < pos("refId")
                && pos("refId") < pos("transactionRequest")
        );
        assert!(pos("transactionType") < pos("amount") && pos("amount") < pos("currencyCode"));
        assert!(pos("currencyCode") < pos("payment") && pos("payment") < pos("order"));
    }
}
