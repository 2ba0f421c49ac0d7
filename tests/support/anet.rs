//! A local Authorize.Net peer for tests, speaking the JSON API as strictly as the real one: it answers with a UTF-8
//! BOM before the JSON, checks the merchant credentials, and refuses any object whose elements are out of the
//! schema's order or unknown (`E00003`), like the real API's XSD validation. Transactions are kept in memory.
//!
//! The payment nonce (`opaqueData.dataValue`) decides the outcome, standing in for Accept.js in the browser:
//! `card-approve`, `card-decline`, `card-error`, `card-review`, `ach-settle`, `ach-return`.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::routing::post;
use axum::Router;
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};
use serde::Deserialize;
use serde_json::{json, Value};

pub const LOGIN: &str = "login";
pub const TRANSACTION_KEY: &str = "key123";

/// A JSON value that remembers the order of object keys.
#[derive(Debug, Clone)]
enum Ordered {
    Object(Vec<(String, Ordered)>),
    Array(Vec<Ordered>),
    Scalar(Value),
}

impl<'de> Deserialize<'de> for Ordered {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl<'de> Visitor<'de> for V {
            type Value = Ordered;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("JSON")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut m: A) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some((k, v)) = m.next_entry::<String, Ordered>()? {
                    out.push((k, v));
                }
                Ok(Ordered::Object(out))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut s: A) -> Result<Ordered, A::Error> {
                let mut out = Vec::new();
                while let Some(v) = s.next_element::<Ordered>()? {
                    out.push(v);
                }
                Ok(Ordered::Array(out))
            }
            fn visit_str<E>(self, v: &str) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(Value::String(v.into())))
            }
            fn visit_bool<E>(self, v: bool) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(Value::Bool(v)))
            }
            fn visit_i64<E>(self, v: i64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_u64<E>(self, v: u64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_f64<E>(self, v: f64) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(json!(v)))
            }
            fn visit_unit<E>(self) -> Result<Ordered, E> {
                Ok(Ordered::Scalar(Value::Null))
            }
        }
        d.deserialize_any(V)
    }
}

impl Ordered {
    fn get(&self, key: &str) -> Option<&Ordered> {
        match self {
            Ordered::Object(kv) => kv.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
    fn str(&self, key: &str) -> Option<&str> {
        match self.get(key) {
            Some(Ordered::Scalar(Value::String(s))) => Some(s),
            _ => None,
        }
    }
}

/// The schema's element order for the objects this peer understands (from AnetApiSchema.xsd).
fn schema(element: &str) -> Option<&'static [&'static str]> {
    Some(match element {
        "createTransactionRequest" => &[
            "merchantAuthentication",
            "clientId",
            "refId",
            "transactionRequest",
        ],
        "getUnsettledTransactionListRequest" => &[
            "merchantAuthentication",
            "clientId",
            "refId",
            "status",
            "sorting",
            "paging",
        ],
        "getTransactionDetailsRequest" => {
            &["merchantAuthentication", "clientId", "refId", "transId"]
        }
        "createCustomerProfileRequest" => &[
            "merchantAuthentication",
            "clientId",
            "refId",
            "profile",
            "validationMode",
        ],
        "profile" => &[
            // customerProfileType (create) and customerProfilePaymentType (a transaction's profile) share the name.
            "merchantCustomerId",
            "description",
            "email",
            "paymentProfiles",
            "shipToList",
            "profileType",
            "createProfile",
            "customerProfileId",
            "paymentProfile",
            "shippingProfileId",
        ],
        "createCustomerPaymentProfileRequest" => &[
            "merchantAuthentication",
            "clientId",
            "refId",
            "customerProfileId",
            "paymentProfile",
            "validationMode",
        ],
        "paymentProfile" => &[
            "customerType",
            "billTo",
            "payment",
            "driversLicense",
            "taxId",
            "defaultPaymentProfile",
            "paymentProfileId",
            "cardCode",
        ],
        "getCustomerPaymentProfileRequest" => &[
            "merchantAuthentication",
            "clientId",
            "refId",
            "customerProfileId",
            "customerPaymentProfileId",
            "unmaskExpirationDate",
            "includeIssuerInfo",
        ],
        "deleteCustomerPaymentProfileRequest" => &[
            "merchantAuthentication",
            "clientId",
            "refId",
            "customerProfileId",
            "customerPaymentProfileId",
        ],
        "merchantAuthentication" => &["name", "transactionKey"],
        "transactionRequest" => &[
            "transactionType",
            "amount",
            "currencyCode",
            "payment",
            "profile",
            "solution",
            "callId",
            "terminalNumber",
            "authCode",
            "refTransId",
            "splitTenderId",
            "order",
            "lineItems",
            "tax",
            "duty",
            "shipping",
            "taxExempt",
            "poNumber",
            "customer",
            "billTo",
            "shipTo",
            "customerIP",
            "cardholderAuthentication",
            "retail",
            "employeeId",
            "transactionSettings",
            "userFields",
            "surcharge",
            "merchantDescriptor",
            "subMerchant",
            "tip",
            "processingOptions",
            "subsequentAuthInformation",
            "otherTax",
            "shipFrom",
            "authorizationIndicatorType",
        ],
        "payment" => &[
            "creditCard",
            "bankAccount",
            "trackData",
            "encryptedTrackData",
            "payPal",
            "opaqueData",
        ],
        "opaqueData" => &["dataDescriptor", "dataValue", "dataKey"],
        "order" => &[
            "invoiceNumber",
            "description",
            "discountAmount",
            "taxIsAfterDiscount",
            "totalTaxTypeCode",
        ],
        _ => return None,
    })
}

/// `Err(message)` naming the first element out of order or unknown, as the real API's E00003 does.
fn check_order(name: &str, value: &Ordered) -> Result<(), String> {
    let kv = match value {
        Ordered::Object(kv) => kv,
        // Repeated elements: each item is checked as the element.
        Ordered::Array(items) => return items.iter().try_for_each(|item| check_order(name, item)),
        Ordered::Scalar(_) => return Ok(()),
    };
    if let Some(order) = schema(name) {
        let mut at = 0;
        for (key, _) in kv {
            match order[at..].iter().position(|k| k == key) {
                Some(p) => at += p + 1,
                None => {
                    let expected: Vec<&str> = order[at.min(order.len())..].to_vec();
                    return Err(format!(
                        "The element '{name}' has invalid child element '{key}'. List of possible elements expected: '{}'.",
                        expected.join(", ")
                    ));
                }
            }
        }
    }
    for (key, child) in kv {
        check_order(key, child)?;
    }
    Ok(())
}

#[derive(Debug, Clone)]
pub struct Transaction {
    pub trans_id: String,
    pub invoice_number: String,
    pub amount: String,
    pub nonce: String,
    pub status: String,
    pub at: std::time::Instant,
}

/// A customer profile (CIM) and its payment profiles: `(id, nonce it was made from, deleted)`.
#[derive(Debug, Clone)]
pub struct Profile {
    pub id: String,
    pub merchant_customer_id: String,
    pub payment_profiles: Vec<(String, String, bool)>,
}

#[derive(Default)]
pub struct Ledger {
    pub transactions: Vec<Transaction>,
    pub profiles: Vec<Profile>,
    next_id: u64,
    /// While set, every request fails with HTTP 500 (a gateway outage).
    pub down: bool,
}

const OK: &str = r#"{"resultCode": "Ok", "message": [{"code": "I00001", "text": "Successful."}]}"#;

fn ok_messages() -> Value {
    serde_json::from_str(OK).unwrap_or_default()
}

fn cim(ledger: &SharedLedger, name: &str, request: &Ordered) -> Option<Value> {
    let mut l = ledger.lock().expect("ledger");
    let profile_id = request.str("customerProfileId").unwrap_or("").to_string();
    Some(match name {
        "createCustomerProfileRequest" => {
            let merchant_id = request
                .get("profile")
                .and_then(|p| p.str("merchantCustomerId"))
                .unwrap_or("")
                .to_string();
            if let Some(p) = l
                .profiles
                .iter()
                .find(|p| p.merchant_customer_id == merchant_id)
            {
                return Some(error(
                    "E00039",
                    &format!("A duplicate record with ID {} already exists.", p.id),
                ));
            }
            l.next_id += 1;
            let id = format!("{}", 500_000_000 + l.next_id);
            l.profiles.push(Profile {
                id: id.clone(),
                merchant_customer_id: merchant_id,
                payment_profiles: Vec::new(),
            });
            json!({"customerProfileId": id, "customerPaymentProfileIdList": [], "messages": ok_messages()})
        }
        "createCustomerPaymentProfileRequest" => {
            let nonce = request
                .get("paymentProfile")
                .and_then(|p| p.get("payment"))
                .and_then(|p| p.get("opaqueData"))
                .and_then(|o| o.str("dataValue"))
                .map(outcome_of)
                .unwrap_or("")
                .to_string();
            if !matches!(
                nonce.as_str(),
                "card-approve" | "card-decline" | "ach-settle" | "ach-return"
            ) {
                return Some(error("E00114", "Invalid OTS Token."));
            }
            if nonce == "card-decline" {
                return Some(
                    json!({"validationDirectResponse": "2,2,2,This transaction has been declined.",
                    "messages": {"resultCode": "Error", "message": [{"code": "E00027", "text": "The transaction was unsuccessful."}]}}),
                );
            }
            l.next_id += 1;
            let id = format!("{}", 700_000_000 + l.next_id);
            let Some(p) = l.profiles.iter_mut().find(|p| p.id == profile_id) else {
                return Some(error("E00040", "The record cannot be found."));
            };
            p.payment_profiles.push((id.clone(), nonce, false));
            json!({"customerProfileId": profile_id, "customerPaymentProfileId": id, "messages": ok_messages()})
        }
        "getCustomerPaymentProfileRequest" | "deleteCustomerPaymentProfileRequest" => {
            let wanted = request.str("customerPaymentProfileId").unwrap_or("");
            let Some(entry) = l
                .profiles
                .iter_mut()
                .find(|p| p.id == profile_id)
                .and_then(|p| {
                    p.payment_profiles
                        .iter_mut()
                        .find(|(id, _, deleted)| id == wanted && !deleted)
                })
            else {
                return Some(error("E00040", "The record cannot be found."));
            };
            if name == "deleteCustomerPaymentProfileRequest" {
                entry.2 = true;
                return Some(json!({"messages": ok_messages()}));
            }
            let payment = if entry.1.starts_with("ach") {
                json!({"bankAccount": {"accountType": "businessChecking", "routingNumber": "XXXX0000",
                                       "accountNumber": "XXXX6789", "nameOnAccount": "Initech", "echeckType": "CCD",
                                       "bankName": "First Test Bank"}})
            } else {
                json!({"creditCard": {"cardNumber": "XXXX1111", "expirationDate": "2030-12", "cardType": "Visa"}})
            };
            json!({"paymentProfile": {"customerProfileId": profile_id, "customerPaymentProfileId": wanted,
                                      "customerType": "business", "payment": payment},
                   "messages": ok_messages()})
        }
        _ => return None,
    })
}

/// The nonce a saved payment profile was made from, if it exists.
fn saved_nonce(ledger: &SharedLedger, profile: &Ordered) -> Option<String> {
    let profile_id = profile.str("customerProfileId")?;
    let payment_profile_id = profile.get("paymentProfile")?.str("paymentProfileId")?;
    ledger
        .lock()
        .expect("ledger")
        .profiles
        .iter()
        .find(|p| p.id == profile_id)?
        .payment_profiles
        .iter()
        .find(|(id, _, deleted)| id == payment_profile_id && !deleted)
        .map(|(_, nonce, _)| nonce.clone())
}

pub type SharedLedger = Arc<Mutex<Ledger>>;

fn bom_json(v: Value) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    out.extend(serde_json::to_vec(&v).unwrap_or_default());
    out
}

fn error(code: &str, text: &str) -> Value {
    json!({"messages": {"resultCode": "Error", "message": [{"code": code, "text": text}]}})
}

async fn api(State(ledger): State<SharedLedger>, body: Bytes) -> axum::response::Response {
    use axum::response::IntoResponse;
    if ledger.lock().expect("ledger").down {
        return (axum::http::StatusCode::INTERNAL_SERVER_ERROR, "down").into_response();
    }
    answer(&ledger, &body).into_response()
}

fn answer(ledger: &SharedLedger, body: &[u8]) -> ([(&'static str, &'static str); 1], Vec<u8>) {
    let headers = [("content-type", "application/json; charset=utf-8")];
    let body = body.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(body);
    let Ok(root) = serde_json::from_slice::<Ordered>(body) else {
        return (
            headers,
            bom_json(error(
                "E00002",
                "The content-type specified is not supported.",
            )),
        );
    };
    let Ordered::Object(kv) = &root else {
        return (headers, bom_json(error("E00003", "Root element missing.")));
    };
    let Some((name, request)) = kv.first() else {
        return (headers, bom_json(error("E00003", "Root element missing.")));
    };
    if let Err(message) = check_order(name, request) {
        return (headers, bom_json(error("E00003", &message)));
    }
    let auth = request.get("merchantAuthentication");
    if auth.and_then(|a| a.str("name")) != Some(LOGIN)
        || auth.and_then(|a| a.str("transactionKey")) != Some(TRANSACTION_KEY)
    {
        return (
            headers,
            bom_json(error(
                "E00007",
                "User authentication failed due to invalid authentication values.",
            )),
        );
    }
    if let Some(reply) = cim(ledger, name, request) {
        return (headers, bom_json(reply));
    }
    let reply = match name.as_str() {
        "createTransactionRequest" => create_transaction(ledger, request),
        "getUnsettledTransactionListRequest" => {
            let l = ledger.lock().expect("ledger");
            let list: Vec<Value> = l
                .transactions
                .iter()
                .filter(|t| !matches!(t.status.as_str(), "settledSuccessfully" | "returnedItem"))
                .map(|t| json!({"transId": t.trans_id, "invoiceNumber": t.invoice_number, "transactionStatus": t.status,
                                "settleAmount": t.amount}))
                .collect();
            json!({"transactions": list, "messages": {"resultCode": "Ok", "message": [{"code": "I00001", "text": "Successful."}]}})
        }
        "getTransactionDetailsRequest" => {
            let l = ledger.lock().expect("ledger");
            match l
                .transactions
                .iter()
                .find(|t| Some(t.trans_id.as_str()) == request.str("transId"))
            {
                Some(t) => {
                    json!({"transaction": {"transId": t.trans_id, "transactionStatus": t.status,
                                                  "order": {"invoiceNumber": t.invoice_number}},
                                  "messages": {"resultCode": "Ok", "message": [{"code": "I00001", "text": "Successful."}]}})
                }
                None => error("E00040", "The record cannot be found."),
            }
        }
        other => error(
            "E00003",
            &format!("The element '{other}' is not supported here."),
        ),
    };
    (headers, bom_json(reply))
}

fn create_transaction(ledger: &SharedLedger, request: &Ordered) -> Value {
    let Some(tr) = request.get("transactionRequest") else {
        return error("E00003", "transactionRequest is required.");
    };
    let saved = tr.get("profile").map(|p| saved_nonce(ledger, p));
    if let Some(None) = saved {
        return error("E00040", "The record cannot be found.");
    }
    let saved = saved.flatten().unwrap_or_default();
    let nonce = tr
        .get("payment")
        .and_then(|p| p.get("opaqueData"))
        .and_then(|o| o.str("dataValue"))
        .map(outcome_of)
        .unwrap_or(&saved);
    let invoice = tr
        .get("order")
        .and_then(|o| o.str("invoiceNumber"))
        .unwrap_or("")
        .to_string();
    let amount = tr.str("amount").unwrap_or("").to_string();
    let mut l = ledger.lock().expect("ledger");
    // The duplicate window (120 s by default): same invoice number and amount.
    if !invoice.is_empty()
        && l.transactions.iter().any(|t| {
            t.invoice_number == invoice && t.amount == amount && t.at.elapsed().as_secs() < 120
        })
    {
        return json!({"transactionResponse": {"responseCode": "3", "transId": "0",
            "errors": [{"errorCode": "11", "errorText": "A duplicate transaction has been submitted."}]},
            "messages": {"resultCode": "Error", "message": [{"code": "E00027", "text": "The transaction was unsuccessful."}]}});
    }
    let (code, status, err) = match nonce {
        "card-approve" | "ach-settle" | "ach-return" => ("1", "capturedPendingSettlement", None),
        "card-decline" => (
            "2",
            "declined",
            Some(("2", "This transaction has been declined.")),
        ),
        "card-error" => (
            "3",
            "generalError",
            Some((
                "19",
                "An error occurred during processing. Please try again in 5 minutes.",
            )),
        ),
        "card-review" => ("4", "FDSPendingReview", None),
        _ => return error("E00114", "Invalid OTS Token."),
    };
    l.next_id += 1;
    let trans_id = format!("{}", 60_000_000_000u64 + l.next_id);
    l.transactions.push(Transaction {
        trans_id: trans_id.clone(),
        invoice_number: invoice,
        amount,
        nonce: nonce.to_string(),
        status: status.to_string(),
        at: std::time::Instant::now(),
    });
    let ok = err.is_none() || code == "4";
    let mut response = json!({"responseCode": code, "authCode": if ok { "HW617E" } else { "" }, "transId": trans_id,
        "accountNumber": "XXXX1111", "accountType": "Visa",
        "messages": [{"code": "1", "description": "This transaction has been approved."}]});
    if let Some((c, text)) = err {
        response["errors"] = json!([{"errorCode": c, "errorText": text}]);
    }
    json!({"transactionResponse": response, "refId": request.str("refId").unwrap_or(""),
           "messages": if ok { json!({"resultCode": "Ok", "message": [{"code": "I00001", "text": "Successful."}]}) }
                       else { json!({"resultCode": "Error", "message": [{"code": "E00027", "text": "The transaction was unsuccessful."}]}) }})
}

/// The outcome a nonce asks for: its text before `~` (tests make each nonce unique with a `~suffix`, as Accept.js's
/// are, since a nonce pays one checkout).
fn outcome_of(nonce: &str) -> &str {
    nonce.split('~').next().unwrap_or(nonce)
}

/// Moves ACH debits on: `ach-settle` to settledSuccessfully, `ach-return` to returnedItem.
pub fn settle_batch(ledger: &SharedLedger) {
    for t in ledger.lock().expect("ledger").transactions.iter_mut() {
        match t.nonce.as_str() {
            "ach-settle" => t.status = "settledSuccessfully".into(),
            "ach-return" => t.status = "returnedItem".into(),
            _ => {}
        }
    }
}

/// A stand-in for Authorize.Net's AcceptUI.js, served by the peer: a button with class `AcceptUI` opens the hosted
/// form (here an overlay on the page), and the response handler named by `data-responseHandler` receives an
/// `opaqueData` nonce this peer understands, in Accept's response shape. Card `4111 1111 1111 1111` gives
/// `card-approve`, `4000 0000 0000 0002` `card-decline`; a bank account gives `ach-settle`.
const ACCEPT_UI_JS: &str = r#"(function () {
  function respond(button, nonce) {
    var handler = window[button.getAttribute("data-responseHandler")];
    handler({ opaqueData: { dataDescriptor: "COMMON.ACCEPT.INAPP.PAYMENT", dataValue: nonce },
              messages: { resultCode: "Ok", message: [{ code: "I_WC_01", text: "Successful." }] } });
  }
  function open(button) {
    var options = JSON.parse(button.getAttribute("data-paymentOptions") || "{}");
    var box = document.createElement("div");
    box.id = "AcceptUIContainer";
    box.setAttribute("role", "dialog");
    box.style.cssText = "position:fixed;inset:10% 20%;background:#fff;border:1px solid #888;padding:1rem;z-index:10";
    var label = document.createElement("label");
    label.textContent = options.showBankAccount ? "Routing number" : "Card number";
    var input = document.createElement("input");
    input.id = "accept-number";
    label.appendChild(input);
    var submit = document.createElement("button");
    submit.type = "button";
    submit.id = "accept-submit";
    submit.textContent = button.getAttribute("data-acceptUIFormBtnTxt") || "Pay";
    submit.addEventListener("click", function () {
      var digits = input.value.replace(/\s/g, "");
      var nonce = (options.showBankAccount ? "ach-settle" : (digits === "4000000000000002" ? "card-decline" : "card-approve"))
        + "~" + Math.random().toString(36).slice(2);
      box.remove();
      respond(button, nonce);
    });
    box.appendChild(label);
    box.appendChild(submit);
    document.body.appendChild(box);
  }
  document.querySelectorAll(".AcceptUI").forEach(function (button) {
    button.addEventListener("click", function () { open(button); });
  });
})();
"#;

async fn accept_ui_js() -> impl axum::response::IntoResponse {
    (
        [("content-type", "text/javascript; charset=utf-8")],
        ACCEPT_UI_JS,
    )
}

/// Starts the peer on a free port; returns its endpoint URL and ledger.
pub async fn start() -> (String, SharedLedger) {
    let ledger = SharedLedger::default();
    let app = Router::new()
        .route("/xml/v1/request.api", post(api))
        .route("/v3/AcceptUI.js", axum::routing::get(accept_ui_js))
        .with_state(ledger.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!(
        "http://{}/xml/v1/request.api",
        listener.local_addr().expect("addr")
    );
    tokio::spawn(async move { axum::serve(listener, app).await });
    (url, ledger)
}
