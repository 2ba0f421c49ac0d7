// Hosts a payment gateway's own card / bank fields (Stripe's Payment Element, Authorize.Net's Accept form) and,
// once the gateway has tokenized the details in the browser, sends the customer on to the portal's confirmation
// page with the one-time token. Card and bank numbers never reach the portal.
(function () {
  "use strict";
  var form = document.getElementById("gateway-fields");
  if (!form) { return; }
  var d = form.dataset;
  var errorBox = document.getElementById("gateway-error");
  var button = document.getElementById("gateway-continue");

  function fail(message) {
    // The page's words (in its language) come in data attributes.
    errorBox.textContent = message || d.msgUnreadable;
    errorBox.hidden = false;
    button.disabled = false;
  }

  // Paying: on to the confirmation. Saving: post the token (with the form's CSRF token) to the portal.
  function proceed(token) {
    if (d.mode === "save") {
      document.getElementById("gateway-save-token").value = token;
      document.getElementById("gateway-save").submit();
      return;
    }
    window.location.assign(d.confirmUrl + "?token=" + encodeURIComponent(token));
  }

  // Authorize.Net's AcceptUI calls this (by name, from the button's data-responseHandler) with the nonce.
  window.billfoldAcceptResponse = function (response) {
    if (!response || !response.messages || response.messages.resultCode !== "Ok" || !response.opaqueData) {
      var messages = (response && response.messages && response.messages.message) || [];
      fail(messages.map(function (m) { return m.text; }).join(" "));
      return;
    }
    proceed(d.method + ":" + response.opaqueData.dataDescriptor + ":" + response.opaqueData.dataValue);
  };

  function startStripe() {
    if (typeof window.Stripe !== "function") {
      fail(d.msgUnloaded);
      return;
    }
    var stripe = window.Stripe(d.publicKey, { locale: document.documentElement.lang || "auto" });
    if (d.mode === "authenticate") {
      // 3-D Secure: the bank's step, then back to the portal, which asks Stripe how it went.
      var confirm = function () {
        button.disabled = true;
        stripe.handleNextAction({ clientSecret: d.clientSecret })
          .then(function () { window.location.assign(d.returnUrl); })
          .catch(function (error) { fail(error && error.message); });
      };
      form.addEventListener("submit", function (event) { event.preventDefault(); confirm(); });
      confirm();
      return;
    }
    var options = {
      mode: d.mode === "save" ? "setup" : "payment",
      currency: d.currency,
      paymentMethodCreation: "manual",
      paymentMethodTypes: [d.method === "ach" ? "us_bank_account" : "card"]
    };
    if (d.mode !== "save") { options.amount = Number(d.amountMinor); }
    var elements = stripe.elements(options);
    elements.create("payment").mount("#payment-element");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      button.disabled = true;
      errorBox.hidden = true;
      elements.submit().then(function (submitted) {
        if (submitted && submitted.error) { throw submitted.error; }
        return stripe.createPaymentMethod({ elements: elements });
      }).then(function (result) {
        if (result.error) { throw result.error; }
        proceed(result.paymentMethod.id);
      }).catch(function (error) { fail(error && error.message); });
    });
  }

  if (d.provider === "stripe") {
    // Stripe.js loads after this script.
    if (document.readyState === "complete") { startStripe(); } else { window.addEventListener("load", startStripe); }
  }
})();
