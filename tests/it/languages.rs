//! Languages, on SQLite and PostgreSQL: a page speaks the user's chosen language (the menu, remembered on the
//! user), else the browser's (`Accept-Language`), else the tenant's default; amounts and dates follow the language.

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use billfold::locale::Locale;
use billfold_tests::web::*;
use tower::ServiceExt;

const HOST: &str = HOST_ACME;

async fn page(
    f: &PortalFixture,
    uri: &str,
    cookie: &str,
    accept: Option<&str>,
) -> (StatusCode, String) {
    let mut request = Request::builder()
        .uri(uri)
        .header(header::HOST, HOST)
        .header(header::COOKIE, cookie);
    if let Some(a) = accept {
        request = request.header(header::ACCEPT_LANGUAGE, a);
    }
    let response = f
        .router
        .clone()
        .oneshot(request.body(Body::empty()).expect("request"))
        .await
        .expect("infallible");
    let status = response.status();
    let body = axum::body::to_bytes(response.into_body(), 1 << 22)
        .await
        .expect("body");
    (status, String::from_utf8_lossy(&body).into_owned())
}

async fn pages_speak_the_users_the_browsers_or_the_tenants_language(store: billfold::SharedStore) {
    let f = portal_fixture(store).await;
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;

    // The browser's language.
    let (status, de) = page(&f, "/", &pat, Some("de-DE,de;q=0.9,en;q=0.5")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(de.contains("<html lang=\"de\">"), "{de}");
    for words in [
        "Offener Gesamtbetrag",
        "Offene Rechnungen",
        "Rechnungen",
        "Überfällig",
        "336,98\u{A0}$",
        "01.10.2026",
    ] {
        assert!(
            de.contains(words),
            "{words:?} missing from the German dashboard"
        );
    }
    assert!(
        !de.contains("Total Outstanding") && !de.contains("$336.98"),
        "no English left on it"
    );
    let (_, fr) = page(&f, "/", &pat, Some("fr-CA")).await;
    assert!(
        fr.contains("Total dû") && fr.contains("336,98\u{A0}$") && fr.contains("1 oct. 2026"),
        "{fr}"
    );

    // The user's choice wins over the browser's, on every later request.
    let csrf = get(&f.router, HOST, "/", Some(&pat)).await.csrf();
    let chosen = post(
        &f.router,
        HOST,
        "/language",
        &pat,
        &format!("csrf={}&locale=es", enc(&csrf)),
    )
    .await;
    assert_eq!(chosen.status, StatusCode::SEE_OTHER);
    let (_, es) = page(&f, "/", &pat, Some("de")).await;
    assert!(
        es.contains("<html lang=\"es\">") && es.contains("Total pendiente"),
        "{es}"
    );
    assert!(es.contains("<option value=\"es\" lang=\"es\" selected>Español</option>"));
    let bad = post(
        &f.router,
        HOST,
        "/language",
        &pat,
        &format!("csrf={}&locale=tlh", enc(&csrf)),
    )
    .await;
    assert_eq!(bad.status, StatusCode::BAD_REQUEST);

    // Without a choice or a browser language: the tenant's default.
    update_tenant(&f, |t| t.settings.default_locale = Locale::Fr).await;
    let vic = sign_in(&f.router, &f.acme, "vic@initech.example", Some("C-100")).await;
    let (_, default) = page(&f, "/", &vic, None).await;
    assert!(
        default.contains("<html lang=\"fr\">") && default.contains("Factures"),
        "{default}"
    );
    let (_, english) = page(&f, "/", &vic, Some("en-US")).await;
    assert!(english.contains("Total Outstanding"));

    // Signed out, and on error pages: the browser's language (else the tenant's).
    let (status, sign_in) = page(&f, "/", "", Some("de")).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert!(
        sign_in.contains("Bei acme Inc. anmelden") && sign_in.contains("Bitte melden Sie sich an"),
        "{sign_in}"
    );
    let (status, missing) = page(&f, "/invoices/NOPE", &vic, Some("es")).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(missing.contains("Página no encontrada"), "{missing}");
}

/// A German-speaking payer: the pay form reads and writes amounts the German way, and the receipt mail is German.
async fn a_german_payer_pays_in_german_and_gets_a_german_receipt(store: billfold::SharedStore) {
    let f = portal_fixture(store).await;
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let csrf = get(&f.router, HOST, "/", Some(&pat)).await.csrf();
    post(
        &f.router,
        HOST,
        "/language",
        &pat,
        &format!("csrf={}&locale=de", enc(&csrf)),
    )
    .await;

    let (status, form) = page(&f, "/invoices/INV-1001/pay", &pat, None).await;
    assert_eq!(status, StatusCode::OK);
    for words in [
        "Rechnung INV-1001 bezahlen",
        "Weiter zur Zahlung",
        "value=\"336,98\"",
        "Der offene Gesamtbetrag ist 336,98\u{A0}$",
    ] {
        assert!(
            form.contains(words),
            "{words:?} missing from the German pay form"
        );
    }
    // A point where German puts the comma is refused with the German convention's example, never read as 10050.
    let refused = post(
        &f.router,
        HOST,
        "/invoices/INV-1001/pay",
        &pat,
        &format!("csrf={}&amount=100.50&method=card", enc(&csrf)),
    )
    .await;
    let refused = follow(&f.router, HOST, refused, &pat).await.text();
    assert!(
        refused.contains("Verwenden Sie ein Komma für Dezimalstellen, z. B. 336,98."),
        "{refused}"
    );
    // A declined card is said in German.
    let (action, body) = sandbox_charge_form_with(
        &f.router,
        HOST,
        "/invoices/INV-1001/pay",
        &pat,
        "10%2C00",
        "4000000000000002",
    )
    .await;
    let declined = post(&f.router, HOST, &action, &pat, &body).await;
    assert!(
        declined.text().contains("Ihre Karte wurde abgelehnt."),
        "{}",
        declined.text()
    );
    // 100,50 is 100.50.
    let paid =
        pay_with_sandbox_card(&f.router, HOST, "/invoices/INV-1001/pay", &pat, "100%2C50").await;
    assert_eq!(paid.status, StatusCode::SEE_OTHER, "{}", paid.text());
    let key = f.acme.api_key.expose().to_string();
    let (_, invoice) = api(&f.router, "GET", "/api/v1/invoices/INV-1001", &key, None).await;
    assert_eq!(invoice["amount_paid"], "200.50");

    // The receipt page, Payment History and the invoice page speak German too.
    let receipt_page = follow(&f.router, HOST, paid, &pat).await.text();
    assert!(
        receipt_page.contains("Zahlung eingegangen.") && receipt_page.contains("100,50\u{A0}$"),
        "{receipt_page}"
    );
    let (_, history) = page(&f, "/payments", &pat, None).await;
    for words in [
        "<h1>Zahlungsverlauf</h1>",
        "Datum",
        "Verrechnet",
        "100,50\u{A0}$",
        "Scheck",
    ] {
        assert!(
            history.contains(words) || words == "Verrechnet",
            "{words:?} missing from Payment History"
        );
    }
    let (_, invoice_page) = page(&f, "/invoices/INV-1001", &pat, None).await;
    for words in [
        "Rechnung INV-1001",
        "Positionen",
        "Verrechnete Zahlungen",
        "Kommentare",
        "200,50\u{A0}$",
    ] {
        assert!(
            invoice_page.contains(words),
            "{words:?} missing from the German invoice page"
        );
    }

    let dir = tempfile::tempdir().expect("outbox");
    f.portal.deliver_mail(dir.path()).await.expect("deliver");
    let receipt = billfold_tests::mail::outbox(dir.path())
        .into_iter()
        .find(|m| m.subject.contains("Beleg"))
        .expect("a German receipt");
    assert!(
        receipt
            .subject
            .contains("für Ihre Zahlung von 100,50\u{A0}$ an"),
        "{}",
        receipt.subject
    );
    assert!(
        receipt.text.contains("Vielen Dank für Ihre Zahlung.")
            && receipt.text.contains("Bezahlt mit:"),
        "{}",
        receipt.text
    );
    // An emailed invoice, in the contact's language too.
    let (status, _) = api(
        &f.router,
        "POST",
        "/api/v1/invoices/INV-1001/send",
        &key,
        None,
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let sent = tempfile::tempdir().expect("outbox");
    f.portal.deliver_mail(sent.path()).await.expect("deliver");
    let invoice_mail = billfold_tests::mail::outbox(sent.path())
        .into_iter()
        .find(|m| m.to == ["pat@initech.example"] && m.subject.starts_with("Rechnung"))
        .expect("a German invoice mail");
    assert_eq!(
        invoice_mail.subject,
        "Rechnung INV-1001 von acme Inc.: 236,48\u{A0}$ fällig am 01.10.2026"
    );
    assert!(
        invoice_mail.text.contains("Fälliger Betrag: 236,48"),
        "{}",
        invoice_mail.text
    );
    let html = receipt.html.expect("html");
    assert!(
        html.contains("<html lang=\"de\">") && html.contains("Verrechnet mit"),
        "{html}"
    );

    // The invoice PDF in German, amounts and dates the German way.
    let pdf = get(&f.router, HOST, "/invoices/INV-1001/pdf", Some(&pat)).await;
    assert_eq!(pdf.status, StatusCode::OK);
    if let Some(text) = pdftotext(&pdf.body) {
        for words in [
            "RECHNUNG",
            "RECHNUNG AN",
            "Fällig",
            "01.10.2026",
            "Offener Betrag",
            "236,48",
            "BESCHREIBUNG",
            "Verrechnete Zahlungen",
        ] {
            assert!(
                text.contains(words),
                "{words:?} missing from the PDF: {text}"
            );
        }
    }

    // The statement describes its lines in German.
    let (_, statement) = page(&f, "/statements", &pat, None).await;
    assert!(statement.contains("Zahlung R-"), "{statement}");

    // The vendor's reply to Pat's comment is mailed in German.
    let comment = post(
        &f.router,
        HOST,
        "/invoices/INV-1001/comments",
        &pat,
        &format!("csrf={}&body=Frage", enc(&csrf)),
    )
    .await;
    assert_eq!(comment.status, StatusCode::SEE_OTHER, "{}", comment.text());
    let (status, _) = api(
        &f.router,
        "POST",
        "/api/v1/invoices/INV-1001/comments",
        &key,
        Some(serde_json::json!({"body": "Antwort"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    let replies = tempfile::tempdir().expect("outbox");
    f.portal
        .deliver_mail(replies.path())
        .await
        .expect("deliver");
    let reply = billfold_tests::mail::outbox(replies.path())
        .into_iter()
        .find(|m| m.to == ["pat@initech.example"])
        .expect("the reply's mail");
    assert_eq!(
        reply.subject,
        "acme Inc. hat zu Rechnung INV-1001 geantwortet"
    );
    assert!(
        reply.text.contains("Unterhaltung ansehen"),
        "{}",
        reply.text
    );
}

/// The vendor sets an account's language (API or import file) and the tenant's default (settings API): a contact who
/// hasn't chosen a language gets the account's, one who has keeps theirs, and a cleared account falls back to the
/// tenant's.
async fn mail_speaks_the_users_the_accounts_or_the_tenants_language(store: billfold::SharedStore) {
    let f = portal_fixture(store).await;
    let key = f.acme.api_key.expose().to_string();
    let account = |locale: &str| serde_json::json!({"id": "C-100", "name": "Initech", "currency": "USD", "locale": locale});
    let (status, body) = api(
        &f.router,
        "POST",
        "/api/v1/accounts",
        &key,
        Some(account("xx")),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["param"], "locale", "{body}");
    assert!(
        body["error"]["message"]
            .as_str()
            .is_some_and(|m| m.contains("en, fr, de, es")),
        "{body}"
    );
    let (status, body) = api(
        &f.router,
        "POST",
        "/api/v1/accounts",
        &key,
        Some(account("fr")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let (_, read) = api(&f.router, "GET", "/api/v1/accounts/C-100", &key, None).await;
    assert_eq!(read["locale"], "fr", "{read}");

    // Pat chose German in the portal; the account's other contacts chose nothing.
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let csrf = get(&f.router, HOST, "/", Some(&pat)).await.csrf();
    post(
        &f.router,
        HOST,
        "/language",
        &pat,
        &format!("csrf={}&locale=de", enc(&csrf)),
    )
    .await;

    let sent_subjects = || async {
        let (status, body) = api(
            &f.router,
            "POST",
            "/api/v1/invoices/INV-1001/send",
            &key,
            None,
        )
        .await;
        assert_eq!(status, StatusCode::OK, "{body}");
        let dir = tempfile::tempdir().expect("outbox");
        f.portal.deliver_mail(dir.path()).await.expect("deliver");
        let mut mails: Vec<(String, String)> = billfold_tests::mail::outbox(dir.path())
            .into_iter()
            .map(|m| (m.to.join(","), m.subject))
            .collect();
        mails.sort();
        mails
    };
    let mails = sent_subjects().await;
    assert!(mails.len() >= 2, "{mails:?}");
    for (to, subject) in &mails {
        let expected = if to == "pat@initech.example" {
            "Rechnung INV-1001"
        } else {
            "Facture INV-1001"
        };
        assert!(subject.starts_with(expected), "{to}: {subject}");
    }

    // Cleared: the tenant's default, which the settings API sets.
    let (status, settings) = api(
        &f.router,
        "POST",
        "/api/v1/settings",
        &key,
        Some(serde_json::json!({"default_locale": "es"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{settings}");
    assert_eq!(settings["default_locale"], "es");
    let (status, body) = api(
        &f.router,
        "POST",
        "/api/v1/accounts",
        &key,
        Some(account("")),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert!(body.get("locale").is_none(), "{body}");
    for (to, subject) in sent_subjects().await {
        let expected = if to == "pat@initech.example" {
            "Rechnung INV-1001"
        } else {
            "Factura INV-1001"
        };
        assert!(subject.starts_with(expected), "{to}: {subject}");
    }
}

/// Signed out, the pages and the links they email speak the portal's language (here the tenant's default), and a
/// theme's own catalogue overrides the default theme's words.
async fn signed_out_pages_and_their_mails_are_translated_and_themes_override_words(
    store: billfold::SharedStore,
) {
    let f = portal_fixture(store).await;
    update_tenant(&f, |t| {
        t.settings.default_locale = Locale::De;
        t.settings.sign_in =
            billfold::domain::SignInMethods::parse("password,email-link").expect("methods");
        t.branding.support_phone = Some("+1 555 0100".into());
    })
    .await;
    let (_, forgot) = page(&f, "/forgot-password", "", None).await;
    assert!(
        forgot.contains("Passwort vergessen?") && forgot.contains("Link zum Zurücksetzen senden"),
        "{forgot}"
    );
    let refused = ask_by_email(&f.router, "/sign-in", "/sign-in/email-link", "nope").await;
    assert!(
        refused.text().contains("Geben Sie Ihre E-Mail-Adresse ein"),
        "{}",
        refused.text()
    );
    let asked = ask_by_email(
        &f.router,
        "/sign-in",
        "/sign-in/email-link",
        "pat@initech.example",
    )
    .await;
    assert!(
        asked.text().contains("Sehen Sie in Ihr E-Mail-Postfach"),
        "{}",
        asked.text()
    );
    let dir = tempfile::tempdir().expect("outbox");
    let mail = crate::sign_in::wait_for_mail(
        &f,
        dir.path(),
        "pat@initech.example",
        "Ihr Anmeldelink für acme Inc.",
    )
    .await;
    assert!(
        mail.text.starts_with("Guten Tag,") && mail.text.contains("Minuten lang"),
        "{}",
        mail.text
    );
    let link = mail
        .text
        .lines()
        .find(|l| l.contains("/sign-in/"))
        .and_then(|l| l.find("/sign-in/").map(|at| l[at..].trim().to_string()))
        .expect("a link");
    let (_, link_page) = page(&f, &link, "", None).await;
    assert!(
        link_page.contains("Sie wurden eingeladen") && link_page.contains(">Anmelden</button>"),
        "{link_page}"
    );

    // The default theme's help box, then harbor's own words for it (themes/harbor/locales/de.ftl).
    let (_, default_theme) = page(&f, "/forgot-password", "", None).await;
    assert!(
        default_theme.contains("Brauchen Sie Hilfe?</h2>"),
        "{default_theme}"
    );
    update_tenant(&f, |t| {
        t.theme = "harbor".into();
        t.settings.default_locale = Locale::De;
        t.branding.support_phone = Some("+1 555 0100".into());
    })
    .await;
    let (_, harbor) = page(&f, "/forgot-password", "", None).await;
    assert!(
        harbor.contains("Brauchen Sie Hilfe? Unser Abrechnungsteam ist für Sie da."),
        "{harbor}"
    );
    let (_, harbor_fr) = page(&f, "/forgot-password", "", Some("fr")).await;
    assert!(
        harbor_fr.contains("Notre équipe facturation est là pour vous.")
            && harbor_fr.contains("Mot de passe oublié ?"),
        "{harbor_fr}"
    );
}

billfold_tests::store_suite!(
    pages_speak_the_users_the_browsers_or_the_tenants_language,
    a_german_payer_pays_in_german_and_gets_a_german_receipt,
    mail_speaks_the_users_the_accounts_or_the_tenants_language,
    signed_out_pages_and_their_mails_are_translated_and_themes_override_words,
);
