//! Authorize.Net's wire types, declared in AnetApiSchema.xsd order: serde writes fields in declaration order, and
//! the API refuses elements out of schema order.

use serde::{Deserialize, Serialize};

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MerchantAuthentication<'a> {
    pub(super) name: &'a str,
    pub(super) transaction_key: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreateTransactionEnvelope<'a> {
    pub(super) create_transaction_request: CreateTransaction<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreateTransaction<'a> {
    pub(super) merchant_authentication: MerchantAuthentication<'a>,
    pub(super) ref_id: &'a str,
    pub(super) transaction_request: TransactionRequest<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct TransactionRequest<'a> {
    pub(super) transaction_type: &'a str,
    pub(super) amount: String,
    pub(super) currency_code: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) payment: Option<PaymentPart<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) profile: Option<ProfilePart<'a>>,
    pub(super) order: Order<'a>,
}

/// A charge of a saved method: the customer profile and its payment profile (CIM).
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct ProfilePart<'a> {
    pub(super) customer_profile_id: &'a str,
    pub(super) payment_profile: PaymentProfileRef<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PaymentProfileRef<'a> {
    pub(super) payment_profile_id: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreateProfileEnvelope<'a> {
    pub(super) create_customer_profile_request: CreateProfile<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreateProfile<'a> {
    pub(super) merchant_authentication: MerchantAuthentication<'a>,
    pub(super) profile: NewProfile<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct NewProfile<'a> {
    pub(super) merchant_customer_id: &'a str,
    pub(super) description: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreatePaymentProfileEnvelope<'a> {
    pub(super) create_customer_payment_profile_request: CreatePaymentProfile<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreatePaymentProfile<'a> {
    pub(super) merchant_authentication: MerchantAuthentication<'a>,
    pub(super) customer_profile_id: &'a str,
    pub(super) payment_profile: NewPaymentProfile<'a>,
    pub(super) validation_mode: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct NewPaymentProfile<'a> {
    pub(super) customer_type: &'a str,
    pub(super) payment: PaymentPart<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PaymentProfileEnvelope<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) get_customer_payment_profile_request: Option<PaymentProfileIds<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) delete_customer_payment_profile_request: Option<PaymentProfileIds<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PaymentProfileIds<'a> {
    pub(super) merchant_authentication: MerchantAuthentication<'a>,
    pub(super) customer_profile_id: &'a str,
    pub(super) customer_payment_profile_id: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub(super) unmask_expiration_date: Option<bool>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreateProfileResponse {
    #[serde(default)]
    pub(super) customer_profile_id: Option<String>,
    pub(super) messages: Messages,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreatePaymentProfileResponse {
    #[serde(default)]
    pub(super) customer_payment_profile_id: Option<String>,
    pub(super) messages: Messages,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct GetPaymentProfileResponse {
    #[serde(default)]
    pub(super) payment_profile: Option<StoredPaymentProfile>,
    pub(super) messages: Messages,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct StoredPaymentProfile {
    pub(super) payment: StoredPayment,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct StoredPayment {
    #[serde(default)]
    pub(super) credit_card: Option<MaskedCard>,
    #[serde(default)]
    pub(super) bank_account: Option<MaskedBank>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MaskedCard {
    pub(super) card_number: String,
    #[serde(default)]
    pub(super) expiration_date: String,
    #[serde(default)]
    pub(super) card_type: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MaskedBank {
    pub(super) account_number: String,
    #[serde(default)]
    pub(super) bank_name: Option<String>,
}

#[derive(Deserialize)]
pub(super) struct MessagesOnly {
    pub(super) messages: Messages,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct PaymentPart<'a> {
    pub(super) opaque_data: OpaqueData<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct OpaqueData<'a> {
    pub(super) data_descriptor: &'a str,
    pub(super) data_value: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Order<'a> {
    pub(super) invoice_number: &'a str,
    pub(super) description: &'a str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct UnsettledListEnvelope<'a> {
    pub(super) get_unsettled_transaction_list_request: MerchantOnly<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct MerchantOnly<'a> {
    pub(super) merchant_authentication: MerchantAuthentication<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DetailsEnvelope<'a> {
    pub(super) get_transaction_details_request: Details<'a>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Details<'a> {
    pub(super) merchant_authentication: MerchantAuthentication<'a>,
    pub(super) trans_id: &'a str,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct Messages {
    pub(super) result_code: String,
    #[serde(default)]
    pub(super) message: Vec<ApiMessage>,
}

#[derive(Deserialize)]
pub(super) struct ApiMessage {
    pub(super) code: String,
    #[serde(default)]
    pub(super) text: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct TransactionResponse {
    #[serde(default)]
    pub(super) response_code: String,
    #[serde(default)]
    pub(super) trans_id: String,
    #[serde(default)]
    pub(super) errors: Vec<TransactionError>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct TransactionError {
    pub(super) error_code: String,
    #[serde(default)]
    pub(super) error_text: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct CreateTransactionResponse {
    #[serde(default)]
    pub(super) transaction_response: Option<TransactionResponse>,
    pub(super) messages: Messages,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct UnsettledListResponse {
    #[serde(default)]
    pub(super) transactions: Vec<TransactionSummary>,
    pub(super) messages: Messages,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct TransactionSummary {
    pub(super) trans_id: String,
    #[serde(default)]
    pub(super) invoice_number: Option<String>,
    pub(super) transaction_status: String,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
pub(super) struct DetailsResponse {
    #[serde(default)]
    pub(super) transaction: Option<TransactionSummary>,
    pub(super) messages: Messages,
}
