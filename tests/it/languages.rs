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
        refused.contains("Use a comma for decimals, like 336,98."),
        "{refused}"
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
}

billfold_tests::store_suite!(
    pages_speak_the_users_the_browsers_or_the_tenants_language,
    a_german_payer_pays_in_german_and_gets_a_german_receipt,
);
