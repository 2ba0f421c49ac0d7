//! A stand-in for Stripe.js, for the browser tests. localstripe's own script predates the Payment Element and has no
//! `handleNextAction`, so this one offers the calls the portal's page makes — `Stripe(pk)`, `elements(options)`,
//! `create("payment").mount(selector)`, `elements.submit()`, `createPaymentMethod({elements})` and
//! `handleNextAction({clientSecret})` — and does what Stripe.js does, against `localstripe`: the card details go
//! from the browser to "Stripe" (this server, which makes the PaymentMethod at localstripe, as Stripe's API does for
//! a publishable key) and never through the portal; the bank's 3-D Secure step is a dialog whose buttons complete or
//! fail the authentication at localstripe, straight from the browser.

use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Form, Json, Router};
use serde_json::{json, Value};

const STRIPE_JS: &str = r#"(function () {
  var origin = new URL(document.currentScript.src).origin;
  var api = "__LOCALSTRIPE__";
  function post(url, fields) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams(fields).toString()
    }).then(function (r) { return r.json(); });
  }
  function field(host, id, text, autocomplete) {
    var label = document.createElement("label");
    label.textContent = text + " ";
    var input = document.createElement("input");
    input.id = id;
    input.setAttribute("autocomplete", autocomplete);
    label.appendChild(input);
    label.style.display = "block";
    host.appendChild(label);
  }
  window.Stripe = function (publishableKey) {
    return {
      elements: function () {
        return {
          create: function () {
            return {
              mount: function (selector) {
                var host = document.querySelector(selector);
                field(host, "stripe-number", "Card number", "cc-number");
                field(host, "stripe-expiry", "Expiry (MM / YY)", "cc-exp");
                field(host, "stripe-cvc", "CVC", "cc-csc");
              }
            };
          },
          submit: function () { return Promise.resolve({}); }
        };
      },
      createPaymentMethod: function () {
        var expiry = document.getElementById("stripe-expiry").value.split("/");
        return post(origin + "/v1/payment_methods", {
          key: publishableKey,
          number: document.getElementById("stripe-number").value.replace(/\s/g, ""),
          exp_month: (expiry[0] || "").trim(),
          exp_year: "20" + (expiry[1] || "").trim(),
          cvc: document.getElementById("stripe-cvc").value
        }).then(function (body) {
          return body.error ? { error: body.error } : { paymentMethod: body };
        });
      },
      handleNextAction: function (options) {
        var secret = options.clientSecret;
        var id = secret.split("_secret_")[0];
        return new Promise(function (resolve) {
          var box = document.createElement("div");
          box.id = "stripe-3ds";
          box.setAttribute("role", "dialog");
          box.setAttribute("aria-label", "3D Secure");
          box.style.cssText = "position:fixed;inset:20% 25%;background:#fff;border:1px solid #888;padding:1rem;z-index:10";
          var text = document.createElement("p");
          text.textContent = "3D Secure test page: complete or fail the authentication.";
          box.appendChild(text);
          [["stripe-3ds-complete", "Complete authentication", true],
           ["stripe-3ds-fail", "Fail authentication", false]].forEach(function (b) {
            var button = document.createElement("button");
            button.type = "button";
            button.id = b[0];
            button.textContent = b[1];
            button.addEventListener("click", function () {
              var fields = { key: publishableKey, client_secret: secret };
              var url;
              if (id.indexOf("pi_") === 0) {
                fields.success = b[2] ? "true" : "false";
                url = api + "/v1/payment_intents/" + id + "/_authenticate";
              } else {
                url = api + "/v1/setup_intents/" + id + (b[2] ? "/confirm" : "/cancel");
              }
              post(url, fields).then(function () { box.remove(); resolve({}); });
            });
            box.appendChild(button);
          });
          document.body.appendChild(box);
        });
      }
    };
  };
})();
"#;

#[derive(Clone)]
struct Peer {
    localstripe: String,
}

async fn script(State(peer): State<Peer>) -> impl IntoResponse {
    (
        [("content-type", "text/javascript; charset=utf-8")],
        STRIPE_JS.replace("__LOCALSTRIPE__", &peer.localstripe),
    )
}

#[derive(serde::Deserialize)]
struct CardForm {
    number: String,
    exp_month: String,
    exp_year: String,
    cvc: String,
}

/// `POST /v1/payment_methods` with a publishable key, as Stripe.js calls it; made at localstripe with the secret key.
async fn payment_method(State(peer): State<Peer>, Form(card): Form<CardForm>) -> impl IntoResponse {
    let made: Value = match reqwest::Client::new()
        .post(format!("{}/v1/payment_methods", peer.localstripe))
        .basic_auth("sk_test_billfold", Some(""))
        .form(&[
            ("type", "card"),
            ("card[number]", card.number.as_str()),
            ("card[exp_month]", card.exp_month.as_str()),
            ("card[exp_year]", card.exp_year.as_str()),
            ("card[cvc]", card.cvc.as_str()),
        ])
        .send()
        .await
    {
        Ok(r) => r.json().await.unwrap_or(Value::Null),
        Err(e) => json!({"error": {"message": e.to_string()}}),
    };
    (
        [("access-control-allow-origin", "*")],
        Json(match made.get("id") {
            Some(_) => made,
            None => json!({"error": {"message": "Your card number is incorrect."}}),
        }),
    )
}

/// Starts the stand-in beside `localstripe` (its URL); returns the script's URL (`…/v3/`).
pub async fn start(localstripe: &str) -> String {
    let app = Router::new()
        .route("/v3/", get(script))
        .route("/v1/payment_methods", post(payment_method))
        .with_state(Peer {
            localstripe: localstripe.trim_end_matches('/').to_string(),
        });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let url = format!("http://{}/v3/", listener.local_addr().expect("addr"));
    tokio::spawn(async move { axum::serve(listener, app).await });
    url
}
