//! The customer portal over HTTP (router `oneshot`), on SQLite and PostgreSQL: SSO sign-in and every way a link
//! can be bad, sessions, tenancy, the dashboard, invoice pages and PDFs, Payment History, the account switcher,
//! roles, escaping, security headers, and the SDK router nested at a prefix.

use std::time::Duration;

use axum::http::StatusCode;
use axum::routing::get as get_route;
use axum::Router;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use base64::Engine;
use billfold::sso::{self, SignInRequest};
use billfold::web::{Portal, SessionPolicy, Tenancy};
use billfold::SharedStore;
use billfold_tests::store_suite;
use billfold_tests::web::*;
use billfold_tests::TestStore;
use hmac::{Hmac, Mac};
use sha2::Sha256;

const INVALID_LINK: &str = "This sign-in link is invalid or has expired";

/// A token signed correctly but with claims of our choosing (what no honest minter would produce).
fn forged(key_id: &str, secret: &str, claims: serde_json::Value) -> String {
    let header =
        URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"HS256","typ":"JWT","kid":"{key_id}"}}"#));
    let body = URL_SAFE_NO_PAD.encode(claims.to_string());
    let mut mac = Hmac::<Sha256>::new_from_slice(secret.as_bytes()).expect("key");
    mac.update(format!("{header}.{body}").as_bytes());
    format!(
        "{header}.{body}.{}",
        URL_SAFE_NO_PAD.encode(mac.finalize().into_bytes())
    )
}

async fn sign_in_and_see_the_dashboard(store: SharedStore) {
    let f = portal_fixture(store).await;
    let token = token(&f.acme, "pat@initech.example", Some("C-100"), None);
    let signed = get(
        &f.router,
        "acme.localhost:8080",
        &format!("/sso?token={token}"),
        None,
    )
    .await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    assert_eq!(
        signed.header("location"),
        "/",
        "a clean URL without the token"
    );
    let set_cookie = signed.header("set-cookie");
    assert!(
        set_cookie.contains("HttpOnly") && set_cookie.contains("SameSite=Lax"),
        "{set_cookie}"
    );
    assert!(!set_cookie.contains("Secure"), "plain http in tests");
    // Behind https the cookie is Secure.
    let https: Router = Portal::builder(
        f.store.clone(),
        f.master.clone(),
        Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    .secure_cookies(true)
    .build()
    .expect("portal")
    .router();
    let t2 = billfold_tests::web::token(&f.acme, "pat@initech.example", None, None);
    let secure = get(&https, "acme.localhost", &format!("/sso?token={t2}"), None).await;
    assert!(
        secure.header("set-cookie").contains("; Secure"),
        "{}",
        secure.header("set-cookie")
    );
    let cookie = signed.session_cookie().expect("cookie");

    let page = get(&f.router, "acme.localhost:8080", "/", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    let html = page.text();
    for words in [
        "Total Outstanding",
        "Unpaid Invoices",
        "Payment History",
        "Download Invoice",
        "Initech",
    ] {
        assert!(html.contains(words), "dashboard lacks {words:?}");
    }
    // INV-1001: 2 × 199.99 + 1.5 × 3.33 + 32.00 tax = 436.98, 100.00 paid; INV-1002 50.00, paid in full.
    assert!(html.contains("$336.98"), "outstanding / balance");
    assert!(
        html.contains(r#"data-testid="unpaid-invoices">1<"#),
        "one unpaid invoice"
    );
    assert!(html.contains("badge--paid\">Paid<"));
    assert!(
        html.contains("<details class=\"invoice\""),
        "rows expand without JavaScript"
    );
    assert!(
        html.contains("Scanner") && html.contains("$399.98"),
        "lines are in the expansion"
    );
    assert!(html.contains("pat@initech.example"));
    // Globex's invoices (another tenant, same numbers) and C-200's are not on C-100's dashboard.
    assert!(!html.contains("INV-2001"));

    // Security headers.
    let csp = page.header("content-security-policy");
    assert!(
        csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(csp.contains("frame-ancestors 'none'"), "{csp}");
    assert_eq!(page.header("x-content-type-options"), "nosniff");
    assert_eq!(page.header("referrer-policy"), "no-referrer");
    assert_eq!(page.header("cache-control"), "no-store");
}

async fn every_bad_link_signs_nobody_in(store: SharedStore) {
    let f = portal_fixture(store).await;
    let (kid, secret) = (&f.acme.sso_key_id, f.acme.sso_secret.expose());
    let now = now();
    let claims = |extra: serde_json::Value| {
        let mut c = serde_json::json!({"aud": "billfold:acme", "sub": "pat@initech.example", "iat": now,
                                       "exp": now + 300, "jti": format!("j{}", rand_suffix())});
        for (k, v) in extra.as_object().expect("object") {
            c[k] = v.clone();
        }
        c
    };
    let good = token(&f.acme, "pat@initech.example", None, None);
    let mut tampered = good.clone();
    // Change the subject in the payload without re-signing.
    let parts: Vec<&str> = good.split('.').collect();
    let payload = String::from_utf8(URL_SAFE_NO_PAD.decode(parts[1]).expect("b64"))
        .expect("utf8")
        .replace("pat@", "vic@");
    tampered = tampered.replace(parts[1], &URL_SAFE_NO_PAD.encode(payload));
    let expired = sso::mint(
        kid,
        secret,
        &SignInRequest {
            tenant: &f.acme.tenant.slug,
            email: "pat@initech.example",
            account: None,
            to: None,
            ttl_secs: 300,
            scope: None,
        },
        now - 1000,
    )
    .expect("mint");
    let wrong_aud = forged(
        kid,
        secret,
        claims(serde_json::json!({"aud": "billfold:globex"})),
    );
    let wrong_kid = forged("kid_unknown", secret, claims(serde_json::json!({})));
    let other_tenant = token(&f.globex, "pat@initech.example", None, None);
    let evil_target = forged(
        kid,
        secret,
        claims(serde_json::json!({"to": "https://evil.example"})),
    );
    let scheme_relative = forged(
        kid,
        secret,
        claims(serde_json::json!({"to": "//evil.example/x"})),
    );
    let too_long = forged(kid, secret, claims(serde_json::json!({"exp": now + 7200})));
    let none_alg = {
        let header = URL_SAFE_NO_PAD.encode(format!(r#"{{"alg":"none","kid":"{kid}"}}"#));
        let body = URL_SAFE_NO_PAD.encode(claims(serde_json::json!({})).to_string());
        format!("{header}.{body}.")
    };
    let unknown_user = forged(
        kid,
        secret,
        claims(serde_json::json!({"sub": "nobody@initech.example"})),
    );
    let not_member = forged(kid, secret, claims(serde_json::json!({"acct": "C-999"})));
    // Signed correctly, but with times that would overflow `exp - iat`, or text no database can store.
    let overflowing = forged(
        kid,
        secret,
        claims(serde_json::json!({"iat": i64::MIN, "exp": 9_223_372_036_854_775_747_i64})),
    );
    let ancient_iat = forged(kid, secret, claims(serde_json::json!({"iat": i64::MIN})));
    let nul_jti = forged(kid, secret, claims(serde_json::json!({"jti": "j\u{0}x"})));
    let nul_account = forged(
        kid,
        secret,
        claims(serde_json::json!({"acct": "C-100\u{0}"})),
    );

    let cases = [
        ("tampered", tampered, StatusCode::UNAUTHORIZED),
        ("expired", expired, StatusCode::UNAUTHORIZED),
        ("wrong aud", wrong_aud, StatusCode::UNAUTHORIZED),
        ("wrong kid", wrong_kid, StatusCode::UNAUTHORIZED),
        ("other tenant", other_tenant, StatusCode::UNAUTHORIZED),
        (
            "to=https://evil.example",
            evil_target,
            StatusCode::UNAUTHORIZED,
        ),
        (
            "to=//evil.example",
            scheme_relative,
            StatusCode::UNAUTHORIZED,
        ),
        ("lifetime over 1 h", too_long, StatusCode::UNAUTHORIZED),
        ("alg none", none_alg, StatusCode::UNAUTHORIZED),
        ("garbage", "not.a.jwt".to_string(), StatusCode::UNAUTHORIZED),
        ("unknown user", unknown_user, StatusCode::FORBIDDEN),
        ("account not theirs", not_member, StatusCode::FORBIDDEN),
        (
            "iat = i64::MIN, exp near i64::MAX",
            overflowing,
            StatusCode::UNAUTHORIZED,
        ),
        ("iat = i64::MIN", ancient_iat, StatusCode::UNAUTHORIZED),
        ("NUL in jti", nul_jti, StatusCode::UNAUTHORIZED),
        ("NUL in acct", nul_account, StatusCode::UNAUTHORIZED),
    ];
    for (what, token, status) in cases {
        let page = get(
            &f.router,
            "acme.localhost",
            &format!("/sso?token={token}"),
            None,
        )
        .await;
        assert_eq!(page.status, status, "{what}");
        assert!(page.text().contains(INVALID_LINK), "{what}: friendly page");
        assert!(page.session_cookie().is_none(), "{what}: no session");
    }
    let missing = get(&f.router, "acme.localhost", "/sso", None).await;
    assert_eq!(missing.status, StatusCode::UNAUTHORIZED);

    // Replay: the same token works once.
    let once = token(&f.acme, "pat@initech.example", None, None);
    let first = get(
        &f.router,
        "acme.localhost",
        &format!("/sso?token={once}"),
        None,
    )
    .await;
    assert_eq!(first.status, StatusCode::SEE_OTHER);
    let again = get(
        &f.router,
        "acme.localhost",
        &format!("/sso?token={once}"),
        None,
    )
    .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED, "replayed");
    assert!(again.text().contains(INVALID_LINK));
}

fn rand_suffix() -> u64 {
    let b: [u8; 8] = billfold::secrets::random_bytes().expect("random");
    u64::from_le_bytes(b)
}

async fn the_failure_page_shows_the_tenants_help_contact(store: SharedStore) {
    let f = portal_fixture(store.clone()).await;
    update_tenant(&f, |t| {
        t.name = "Acme <b>Parts</b>".into();
        t.branding.support_phone = Some("(810) 695-9332".into());
        t.branding.support_email = Some("support@acme.example".into());
        t.branding.support_hours = Some("Mon-Fri <i>8-5</i>".into());
    })
    .await;
    let page = get(&f.router, "acme.localhost", "/sso?token=bad", None).await;
    let html = page.text();
    assert!(
        html.contains("Need Help?")
            && html.contains("(810) 695-9332")
            && html.contains("support@acme.example")
    );
    assert!(
        html.contains("Acme &lt;b&gt;Parts&lt;&#x2F;b&gt;"),
        "tenant name escaped"
    );
    assert!(
        html.contains("Mon-Fri &lt;i&gt;8-5&lt;&#x2F;i&gt;"),
        "hours escaped"
    );
}

async fn keys_rotate_with_two_active_at_once(store: SharedStore) {
    let f = portal_fixture(store.clone()).await;
    let (new_kid, new_secret) =
        billfold::tenants::add_sso_key(store.as_ref(), &f.master, f.acme.tenant.id)
            .await
            .expect("new key");
    for (kid, secret) in [
        (f.acme.sso_key_id.as_str(), f.acme.sso_secret.expose()),
        (&new_kid, new_secret.expose()),
    ] {
        let t = sso::mint(
            kid,
            secret,
            &SignInRequest {
                tenant: &f.acme.tenant.slug,
                email: "pat@initech.example",
                account: None,
                to: Some("/payments"),
                ttl_secs: 60,
                scope: None,
            },
            now(),
        )
        .expect("mint");
        let page = get(
            &f.router,
            "acme.localhost",
            &format!("/sso?token={t}"),
            None,
        )
        .await;
        assert_eq!(page.status, StatusCode::SEE_OTHER, "key {kid}");
        assert_eq!(page.header("location"), "/payments", "lands on `to`");
    }
    store
        .revoke_sso_key(f.acme.tenant.id, &f.acme.sso_key_id)
        .await
        .expect("revoke");
    let old = token(&f.acme, "pat@initech.example", None, None);
    let page = get(
        &f.router,
        "acme.localhost",
        &format!("/sso?token={old}"),
        None,
    )
    .await;
    assert_eq!(
        page.status,
        StatusCode::UNAUTHORIZED,
        "a revoked key signs nobody in"
    );
}

async fn tenancy_is_by_subdomain(store: SharedStore) {
    let f = portal_fixture(store).await;
    for host in [
        "acme.localhost",
        "unknown.localhost",
        "localhost:8080",
        "example.com",
    ] {
        let health = get(&f.router, host, "/healthz", None).await;
        assert_eq!(health.status, StatusCode::OK, "healthz on {host}");
    }
    let unknown = get(&f.router, "nope.localhost", "/", None).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.text().contains("Billing portal not found"));
    let bare = get(&f.router, "localhost", "/", None).await;
    assert_eq!(bare.status, StatusCode::NOT_FOUND);

    // A session of acme is nothing on globex, even for a user with the same email and account ids there.
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let elsewhere = get(&f.router, "globex.localhost", "/", Some(&cookie)).await;
    assert_eq!(elsewhere.status, StatusCode::UNAUTHORIZED);
    assert!(elsewhere.text().contains("Please sign in"));
    let nobody = get(&f.router, "acme.localhost", "/", None).await;
    assert_eq!(nobody.status, StatusCode::UNAUTHORIZED);
    let forged_cookie = get(
        &f.router,
        "acme.localhost",
        "/",
        Some("billfold_session=forged"),
    )
    .await;
    assert_eq!(forged_cookie.status, StatusCode::UNAUTHORIZED);
}

async fn account_switching_is_a_protected_post_to_own_accounts(store: SharedStore) {
    let f = portal_fixture(store).await;
    let host = "acme.localhost";
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let dashboard = get(&f.router, host, "/", Some(&cookie)).await;
    let csrf = dashboard.csrf();
    assert!(dashboard.text().contains("Switch account") && dashboard.text().contains("Globex"));

    let no_token = post(&f.router, host, "/account", &cookie, "account=C-200").await;
    assert_eq!(no_token.status, StatusCode::FORBIDDEN, "missing CSRF token");
    let wrong_token = post(
        &f.router,
        host,
        "/account",
        &cookie,
        "account=C-200&csrf=wrong",
    )
    .await;
    assert_eq!(
        wrong_token.status,
        StatusCode::FORBIDDEN,
        "wrong CSRF token"
    );
    let forged = post(
        &f.router,
        host,
        "/account",
        &cookie,
        &format!("account=C-999&csrf={csrf}"),
    )
    .await;
    assert_eq!(
        forged.status,
        StatusCode::FORBIDDEN,
        "not the user's account"
    );
    // Vic's account id in another tenant: C-100 exists in globex too, but this session is acme's.
    let still = get(&f.router, host, "/", Some(&cookie)).await;
    assert!(still.text().contains("INV-1001"), "nothing changed");

    let switched = post(
        &f.router,
        host,
        "/account",
        &cookie,
        &format!("account=C-200&csrf={csrf}"),
    )
    .await;
    assert_eq!(switched.status, StatusCode::SEE_OTHER);
    assert_eq!(switched.header("location"), "/");
    let now_globex = get(&f.router, host, "/", Some(&cookie)).await;
    assert!(now_globex.text().contains("INV-2001") && !now_globex.text().contains("INV-1001"));
    // C-100's invoice is not reachable from C-200 by URL.
    let other = get(&f.router, host, "/invoices/INV-1001", Some(&cookie)).await;
    assert_eq!(other.status, StatusCode::NOT_FOUND);
    let other_pdf = get(&f.router, host, "/invoices/INV-1001/pdf", Some(&cookie)).await;
    assert_eq!(other_pdf.status, StatusCode::NOT_FOUND);
}

async fn roles_gate_access(store: SharedStore) {
    let f = portal_fixture(store).await;
    let host = "acme.localhost";
    let nora = sign_in(&f.router, &f.acme, "nora@initech.example", None).await;
    for path in [
        "/",
        "/payments",
        "/invoices/INV-1001",
        "/invoices/INV-1001/pdf",
    ] {
        let page = get(&f.router, host, path, Some(&nora)).await;
        assert_eq!(page.status, StatusCode::FORBIDDEN, "{path}");
        let html = page.text();
        assert!(html.contains("Sign out"), "{path}: a way out");
        assert!(
            html.contains("Access denied") && html.contains("Accounting role"),
            "{path}: seed guidance"
        );
    }
    let vic = sign_in(&f.router, &f.acme, "vic@initech.example", None).await;
    let page = get(&f.router, host, "/", Some(&vic)).await;
    assert_eq!(page.status, StatusCode::OK);
    assert!(
        !page.text().contains("button--pay"),
        "viewers see no Pay button"
    );
}

async fn vendor_text_is_escaped(store: SharedStore) {
    let f = portal_fixture(store).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-200")).await;
    for path in ["/", "/invoices/INV-2001"] {
        let html = get(&f.router, "acme.localhost", path, Some(&cookie))
            .await
            .text();
        assert!(!html.contains("<script>alert"), "{path}: raw markup");
        assert!(
            html.contains("Labels &lt;script&gt;alert(&#x27;pwned&#x27;)&lt;&#x2F;script&gt;"),
            "{path}"
        );
    }
}

async fn invoice_page_and_pdf(store: SharedStore) {
    let f = portal_fixture(store).await;
    let host = "acme.localhost";
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let page = get(&f.router, host, "/invoices/INV-1001", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    for words in [
        "Invoice INV-1001",
        "Scanner",
        "Cable",
        "$32.00",
        "$436.98",
        "$336.98",
        "CHK-5521",
        "Payments applied",
        "Download Invoice",
        "Past Due",
    ] {
        assert!(html.contains(words), "invoice page lacks {words:?}");
    }
    assert_eq!(
        get(&f.router, host, "/invoices/NOPE", Some(&cookie))
            .await
            .status,
        StatusCode::NOT_FOUND
    );

    let pdf = get(&f.router, host, "/invoices/INV-1001/pdf", Some(&cookie)).await;
    assert_eq!(pdf.status, StatusCode::OK);
    assert_eq!(pdf.header("content-type"), "application/pdf");
    assert!(pdf
        .header("content-disposition")
        .contains("invoice-INV-1001.pdf"));
    assert!(pdf.body.starts_with(b"%PDF-"));
    match pdftotext(&pdf.body) {
        Some(text) => {
            for words in [
                "acme Inc.",
                "INV-1001",
                "Initech",
                "Scanner",
                "$399.98",
                "Balance due",
                "$336.98",
                "CHK-5521",
                "Payments applied",
            ] {
                assert!(text.contains(words), "PDF text lacks {words:?}:\n{text}");
            }
        }
        None => eprintln!(
            "SKIPPED: pdftotext (poppler-utils) is not installed; the PDF was not read back"
        ),
    }
}

async fn filters_search_and_pages(store: SharedStore) {
    let f = portal_fixture(store.clone()).await;
    let mut invoices = Vec::new();
    for n in 0..60 {
        invoices.push(
            serde_json::json!({"number": format!("BULK-{n:03}"), "account": "C-100",
            "issued_on": "2026-01-01", "due_on": "2026-02-01", "currency": "USD",
            "lines": [{"description": "Item", "quantity": "1", "unit_price": "1.00"}]}),
        );
    }
    billfold_tests::import(
        &store,
        &f.acme.tenant,
        &serde_json::json!({"invoices": invoices}),
    )
    .await
    .expect("import");
    let host = "acme.localhost";
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;

    let first = get(&f.router, host, "/", Some(&cookie)).await.text();
    assert!(first.contains("Showing 1–25 of 62 invoices"), "pager");
    assert_eq!(first.matches("<details class=\"invoice\"").count(), 25);
    // Later pages by the links' keys: Next twice, then Previous back.
    let next_link = |html: &str, rel: &str| {
        let anchor = html
            .split("<a ")
            .find(|a| a.contains(&format!("rel=\"{rel}\"")))
            .unwrap_or_else(|| panic!("a {rel} link"));
        let href = anchor
            .split("href=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap();
        href.replace("&amp;", "&").replace("&#x2F;", "/")
    };
    assert!(
        !first.contains("rel=\"prev\""),
        "the first page has no Previous"
    );
    let second_url = next_link(&first, "next");
    assert!(second_url.contains("starting_after="), "{second_url}");
    let second = get(&f.router, host, &second_url, Some(&cookie))
        .await
        .text();
    let third = get(&f.router, host, &next_link(&second, "next"), Some(&cookie))
        .await
        .text();
    assert_eq!(third.matches("<details class=\"invoice\"").count(), 12);
    assert!(!third.contains("rel=\"next\""), "the last page has no Next");
    assert!(!third.contains("Showing"), "deeper pages are not numbered");
    let back = get(&f.router, host, &next_link(&third, "prev"), Some(&cookie))
        .await
        .text();
    let rows = |html: &str| {
        html.split("<details class=\"invoice\"")
            .skip(1)
            .map(|r| r.split("</summary>").next().unwrap_or("").to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(
        rows(&back),
        rows(&second),
        "Previous leads to the same page"
    );
    assert_eq!(rows(&second).len(), 25);

    let paid = get(&f.router, host, "/?status=paid", Some(&cookie))
        .await
        .text();
    assert!(
        paid.contains("INV-1002") && !paid.contains("INV-1001"),
        "paid filter"
    );
    let open = get(&f.router, host, "/?status=open", Some(&cookie))
        .await
        .text();
    assert!(open.contains("INV-1001") && !open.contains("INV-1002") && open.contains("BULK-059"));

    let search = get(&f.router, host, "/?q=BULK-05", Some(&cookie))
        .await
        .text();
    assert!(
        search.contains("Showing 1–10 of 10 invoices"),
        "prefix search"
    );
    assert!(search.contains("BULK-059") && !search.contains("BULK-049"));
    // Any part of the number, any case.
    for (q, finds) in [
        ("inv-1001", "INV-1001"),
        ("1001", "INV-1001"),
        ("bulk-04", "BULK-049"),
    ] {
        let page = get(&f.router, host, &format!("/?q={q}"), Some(&cookie))
            .await
            .text();
        assert!(page.contains(finds), "{q} finds {finds}");
    }
    let middle = get(&f.router, host, "/?q=K-05", Some(&cookie)).await.text();
    assert!(
        middle.contains("Showing 1–10 of 10 invoices"),
        "inside the number"
    );
    let wildcard = get(&f.router, host, "/?q=%25", Some(&cookie)).await.text();
    assert!(
        wildcard.contains("No invoice number contains"),
        "% is literal, not a wildcard"
    );
    let underscore = get(&f.router, host, "/?q=BULK_0", Some(&cookie))
        .await
        .text();
    assert!(
        underscore.contains("No invoice number contains"),
        "_ is literal, not a wildcard"
    );
    let star = get(&f.router, host, "/?q=*", Some(&cookie)).await.text();
    assert!(
        star.contains("No invoice number contains"),
        "* is literal, not a wildcard"
    );
    let junk = get(
        &f.router,
        host,
        "/?starting_after=nonsense&status=weird",
        Some(&cookie),
    )
    .await;
    assert_eq!(
        junk.status,
        StatusCode::OK,
        "bad paging input falls back to page 1"
    );
}

async fn payment_history_lists_each_invoice_a_payment_paid(store: SharedStore) {
    let f = portal_fixture(store).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let page = get(&f.router, "acme.localhost", "/payments", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    let html = page.text();
    for words in [
        "Date",
        "Invoice #",
        "Amount",
        "Type",
        "Reference",
        "Check",
        "CHK-5521",
        "$100.00",
        "$50.00",
        "Oct 20, 2026",
    ] {
        assert!(html.contains(words), "history lacks {words:?}");
    }
    assert_eq!(
        html.matches(">CHK-5521<").count(),
        2,
        "the split payment shows once per invoice"
    );
    assert!(html.contains(">INV-1001</a>") && html.contains(">INV-1002</a>"));
}

async fn logout_and_timeouts_end_sessions(db: TestStore) {
    let store = db.store.clone();
    let f = portal_fixture(store.clone()).await;
    let host = "acme.localhost";
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", None).await;
    let csrf = get(&f.router, host, "/", Some(&cookie)).await.csrf();
    let refused = post(&f.router, host, "/logout", &cookie, "csrf=nope").await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let out = post(&f.router, host, "/logout", &cookie, &format!("csrf={csrf}")).await;
    assert_eq!(out.status, StatusCode::OK);
    assert!(out.text().contains("You have signed out"));
    assert!(out.header("set-cookie").contains("Max-Age=0"));
    assert_eq!(
        get(&f.router, host, "/", Some(&cookie)).await.status,
        StatusCode::UNAUTHORIZED
    );

    // Idle timeout of one second.
    let short = Portal::builder(
        store.clone(),
        f.master.clone(),
        Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    .sessions(SessionPolicy {
        idle_timeout: Duration::from_secs(1),
        absolute_timeout: Duration::from_secs(3600),
    })
    .build()
    .expect("portal");
    let router: Router = short.router();
    let cookie = sign_in(&router, &f.acme, "pat@initech.example", None).await;
    assert_eq!(
        get(&router, host, "/", Some(&cookie)).await.status,
        StatusCode::OK
    );
    db.clock.advance(Duration::from_secs(2));
    let expired = get(&router, host, "/", Some(&cookie)).await;
    assert_eq!(expired.status, StatusCode::UNAUTHORIZED);
    assert!(expired.text().contains("Your session has ended"));
    assert_eq!(
        short.purge_expired_sessions().await.expect("purge"),
        0,
        "the expired session was already deleted"
    );

    // Absolute timeout of one second: an active session still ends.
    let capped = Portal::builder(
        store.clone(),
        f.master.clone(),
        Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    .sessions(SessionPolicy {
        idle_timeout: Duration::from_secs(3600),
        absolute_timeout: Duration::from_secs(1),
    })
    .build()
    .expect("portal");
    let router: Router = capped.router();
    let cookie = sign_in(&router, &f.acme, "pat@initech.example", None).await;
    assert_eq!(
        get(&router, host, "/", Some(&cookie)).await.status,
        StatusCode::OK
    );
    db.clock.advance(Duration::from_secs(2));
    let capped_out = get(&router, host, "/", Some(&cookie)).await;
    assert_eq!(
        capped_out.status,
        StatusCode::UNAUTHORIZED,
        "over the absolute cap despite activity"
    );
}

async fn frame_ancestors_are_per_tenant(store: SharedStore) {
    let f = portal_fixture(store.clone()).await;
    update_tenant(&f, |t| {
        t.theme = "harbor".into();
        t.settings.frame_ancestors = Some(
            billfold::domain::FrameAncestors::parse("https://app.acme.example").expect("origin"),
        );
    })
    .await;
    let page = get(&f.router, "acme.localhost", "/healthz-not-a-page", None).await;
    assert!(page
        .header("content-security-policy")
        .contains("frame-ancestors https://app.acme.example"));
    let globex = get(&f.router, "globex.localhost", "/x", None).await;
    assert!(globex
        .header("content-security-policy")
        .contains("frame-ancestors 'none'"));
    assert!(billfold::domain::FrameAncestors::parse("https://a.example; script-src *").is_err());

    // The harbor theme replaces the header and adds its stylesheet; the rest comes from default.
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", None).await;
    let html = get(&f.router, "acme.localhost", "/", Some(&cookie))
        .await
        .text();
    assert!(html.contains("topbar--harbor") && html.contains("/static/harbor/theme.css"));
    assert!(
        html.contains("Total Outstanding"),
        "dashboard template inherited from default"
    );
    let css = get(
        &f.router,
        "acme.localhost",
        "/static/harbor/portal.css",
        None,
    )
    .await;
    assert_eq!(
        css.status,
        StatusCode::OK,
        "default files are served under the theme"
    );
    assert_eq!(css.header("content-type"), "text/css; charset=utf-8");
}

async fn sdk_router_nests_at_a_prefix(store: SharedStore) {
    let f = portal_fixture(store.clone()).await;
    let portal = Portal::builder(
        store.clone(),
        f.master.clone(),
        Tenancy::Single(f.acme.tenant.slug.clone()),
    )
    .build()
    .expect("portal");
    #[derive(Clone)]
    struct VendorState {
        greeting: &'static str,
    }
    let app: Router =
        Router::new()
            .route(
                "/",
                get_route(
                    |axum::extract::State(s): axum::extract::State<VendorState>| async move {
                        s.greeting
                    },
                ),
            )
            .nest("/billing", portal.router())
            .with_state(VendorState {
                greeting: "vendor home",
            });
    let url = portal
        .sign_in_url(
            &f.acme.tenant.slug,
            "http://app.example/billing",
            "pat@initech.example",
            Some("C-100"),
            None,
        )
        .await
        .expect("url");
    let path = url.strip_prefix("http://app.example").expect("portal url");
    assert!(path.starts_with("/billing/sso?token="));
    let signed = get(&app, "app.example", path, None).await;
    assert_eq!(signed.status, StatusCode::SEE_OTHER);
    assert_eq!(signed.header("location"), "/billing");
    assert!(signed.header("set-cookie").contains("Path=/billing"));
    let cookie = signed.session_cookie().expect("cookie");
    let page = get(&app, "app.example", "/billing", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::OK);
    // Tera escapes `/` in attributes as `&#x2F;`, which browsers read back as `/`.
    let html = page.text().replace("&#x2F;", "/");
    assert!(
        html.contains("href=\"/billing/invoices/INV-1001\"")
            && html.contains("action=\"/billing/account\"")
    );
    assert!(html.contains("/billing/static/default/portal.css"));
    assert_eq!(
        get(&app, "app.example", "/", None).await.text(),
        "vendor home"
    );
    let inv = get(
        &app,
        "any.host",
        "/billing/invoices/INV-1001/pdf",
        Some(&cookie),
    )
    .await;
    assert_eq!(
        inv.status,
        StatusCode::OK,
        "single-tenant mounts ignore the Host header"
    );
}

async fn used_token_ids_are_forgotten_after_expiry(store: SharedStore) {
    let f = portal_fixture(store.clone()).await;
    let t = f.acme.tenant.id;
    let now = now();
    assert!(store
        .consume_sso_token(t, "jti-1", now + 100, now)
        .await
        .expect("first"));
    assert!(!store
        .consume_sso_token(t, "jti-1", now + 100, now)
        .await
        .expect("replay"));
    assert!(store
        .consume_sso_token(f.globex.tenant.id, "jti-1", now + 100, now)
        .await
        .expect("other tenant"));
    // After expiry the id is purged (an expired token is refused by its `exp` anyway).
    assert!(store
        .consume_sso_token(t, "jti-1", now + 400, now + 200)
        .await
        .expect("purged"));
}

/// A NUL byte (or another control character) in a path, a query parameter or a form field gets a friendly 400
/// page naming the field, before any handler runs; on PostgreSQL these used to fail in the database with a 500.
async fn control_characters_get_a_friendly_refusal(store: SharedStore) {
    let f = portal_fixture(store).await;
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let csrf = get(&f.router, "acme.localhost", "/", Some(&cookie))
        .await
        .csrf();
    for (method, uri, form, names) in [
        ("GET", "/?q=INV%00", None, "q contains"),
        ("GET", "/?status=open%01", None, "status contains"),
        ("GET", "/payments?page=1%00", None, "page contains"),
        ("GET", "/invoices/INV%00X", None, "The address contains"),
        (
            "GET",
            "/invoices/INV-1001%00/pdf",
            None,
            "The address contains",
        ),
        ("GET", "/receipts/r%00", None, "The address contains"),
        (
            "GET",
            "/checkout/co_%00/confirm",
            None,
            "The address contains",
        ),
        ("GET", "/sso?token=%00", None, "token contains"),
        ("GET", "/invoices/%FF", None, "not valid UTF-8"),
        (
            "POST",
            "/users/invite",
            Some(format!(
                "csrf={csrf}&email=a%00b%40initech.example&name=A&access=viewer"
            )),
            "email contains",
        ),
        (
            "POST",
            "/invoices/INV-1001/pay",
            Some(format!("csrf={csrf}&amount=1%00&method=card")),
            "amount contains",
        ),
        (
            "POST",
            "/payment-methods/pm%00/remove",
            Some(format!("csrf={csrf}")),
            "The address contains",
        ),
        (
            "POST",
            "/account",
            Some(format!("csrf={csrf}&account=C-100%00")),
            "account contains",
        ),
    ] {
        let page = send(
            &f.router,
            method,
            "acme.localhost",
            uri,
            Some(&cookie),
            form.as_deref(),
        )
        .await;
        assert_eq!(
            page.status,
            StatusCode::BAD_REQUEST,
            "{method} {uri}: {}",
            page.text()
        );
        assert!(
            page.text().contains(names),
            "{method} {uri}: {}",
            page.text()
        );
        assert!(
            page.text().contains("Nothing was changed"),
            "{method} {uri}"
        );
    }
    // Line breaks are text in a form (a comment, an address) but never in the address bar.
    let page = get(&f.router, "acme.localhost", "/?q=a%0Ab", Some(&cookie)).await;
    assert_eq!(page.status, StatusCode::BAD_REQUEST);
    assert!(page.text().contains("a line break"), "{}", page.text());
}

/// Every request has a span with an id, its route (never the raw URI: a sign-in URL carries a token) and the
/// tenant, and what is logged while it runs is logged inside it.
async fn requests_are_traced_by_route_and_tenant_without_tokens(store: SharedStore) {
    let f = portal_fixture(store).await;
    let logs = billfold_tests::logs::capture();
    let token = token(&f.acme, "pat@initech.example", Some("C-100"), None);
    let signed = get(
        &f.router,
        "acme.localhost",
        &format!("/sso?token={token}"),
        None,
    )
    .await;
    let cookie = signed.session_cookie().expect("session");
    let invoice = get(
        &f.router,
        "acme.localhost",
        "/invoices/INV-1001",
        Some(&cookie),
    )
    .await;
    assert_eq!(invoice.status, StatusCode::OK);
    let logged = logs.text();
    let sso = logged
        .lines()
        .find(|l| l.contains("signed in by SSO"))
        .unwrap_or_else(|| panic!("the sign-in is logged: {logged}"));
    assert!(
        sso.contains("request{id=") && sso.contains("route=/sso") && sso.contains("tenant=acme"),
        "{sso}"
    );
    assert!(
        logged.contains("route=/invoices/{number}"),
        "the matched route, not the path: {logged}"
    );
    assert!(!logged.contains(&token), "no token in the logs");
    assert!(
        !logged.contains("/invoices/INV-1001"),
        "no raw paths in the logs"
    );
}

/// Issue 15: "Due first" puts what needs paying first (the most overdue on top); a viewer is told what they can do.
async fn due_first_sorting_and_the_view_only_note(store: SharedStore) {
    let f = portal_fixture(store.clone()).await;
    billfold_tests::import(
        &store,
        &f.acme.tenant,
        &serde_json::json!({"invoices": [
            {"number": "INV-1003", "account": "C-100", "issued_on": "2026-11-20", "due_on": "2026-11-25",
             "currency": "USD", "lines": [{"description": "Toner", "quantity": "1", "unit_price": "80.00"}]},
            {"number": "INV-1004", "account": "C-100", "issued_on": "2026-11-25", "due_on": "2027-01-31",
             "currency": "USD", "lines": [{"description": "Paper", "quantity": "1", "unit_price": "40.00"}]}]}),
    )
    .await
    .expect("import");
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let order = |html: &str| -> Vec<String> {
        html.split("data-number=\"")
            .skip(1)
            .filter_map(|s| s.split('"').next())
            .map(str::to_string)
            .collect()
    };
    let newest = get(&f.router, "acme.localhost", "/", Some(&cookie))
        .await
        .text();
    assert_eq!(
        order(&newest),
        ["INV-1004", "INV-1003", "INV-1002", "INV-1001"]
    );
    let due = get(&f.router, "acme.localhost", "/?sort=due", Some(&cookie))
        .await
        .text();
    assert_eq!(
        order(&due),
        ["INV-1001", "INV-1003", "INV-1004", "INV-1002"],
        "open by due date, then the paid one"
    );
    assert!(
        due.contains("sort=due&amp;starting_after=") || !due.contains("starting_after="),
        "pages keep the order"
    );
    assert!(!due.contains("You can view this account."));
    let vic = sign_in(&f.router, &f.acme, "vic@initech.example", Some("C-100")).await;
    let viewer = get(&f.router, "acme.localhost", "/", Some(&vic))
        .await
        .text();
    assert!(
        viewer.contains("You can view this account.") && !viewer.contains("Pay full balance"),
        "{viewer}"
    );
}

/// A GET carrying `If-None-Match: tag`.
async fn get_if_none_match(
    router: &Router,
    host: &str,
    uri: &str,
    cookie: &str,
    tag: &str,
) -> Page {
    use tower::ServiceExt;
    let request = axum::http::Request::get(uri)
        .header("host", host)
        .header("cookie", cookie)
        .header("if-none-match", tag)
        .body(axum::body::Body::empty())
        .expect("request");
    read(router.clone().oneshot(request).await.expect("infallible")).await
}

/// PDFs and theme files carry an ETag; a client holding that version gets 304 with no body (the PDF is not made
/// again), and a change to what the PDF shows gives it another tag.
async fn pdfs_and_theme_files_answer_304_until_they_change(store: SharedStore) {
    let f = portal_fixture(store.clone()).await;
    let host = "acme.localhost";
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    // The imported check's receipt, as Payment History links it.
    let history = get(&f.router, host, "/payments", Some(&cookie))
        .await
        .text();
    let receipt = history
        .split("href=\"")
        .filter_map(|h| h.split('"').next())
        .map(|h| h.replace("&#x2F;", "/"))
        .find(|h| h.starts_with("/receipts/"))
        .expect("a receipt link");
    let receipt_pdf = format!("{receipt}/pdf");
    for uri in [
        "/invoices/INV-1001/pdf",
        receipt_pdf.as_str(),
        "/statements.pdf?from=2026-01-01&to=2026-06-30",
        "/static/default/portal.css",
        "/brand.css",
    ] {
        let first = get(&f.router, host, uri, Some(&cookie)).await;
        assert_eq!(first.status, StatusCode::OK, "{uri}");
        let tag = first.header("etag").to_string();
        assert!(tag.starts_with('"') && tag.len() > 10, "{uri}: {tag:?}");
        let again = get_if_none_match(&f.router, host, uri, &cookie, &tag).await;
        assert_eq!(again.status, StatusCode::NOT_MODIFIED, "{uri}");
        assert!(again.body.is_empty(), "{uri}");
        assert_eq!(again.header("etag"), tag, "{uri}");
        let other = get_if_none_match(&f.router, host, uri, &cookie, "\"something-else\"").await;
        assert_eq!(
            other.status,
            StatusCode::OK,
            "{uri}: another version is sent whole"
        );
        assert_eq!(other.body, first.body, "{uri}");
    }
    let pdf = get(&f.router, host, "/invoices/INV-1001/pdf", Some(&cookie)).await;
    assert_eq!(
        pdf.header("cache-control"),
        "private, no-cache",
        "kept, but asked about each time"
    );
    let tag = pdf.header("etag").to_string();
    // A payment changes what the PDF shows: the old tag no longer matches.
    billfold_tests::import(
        &store,
        &f.acme.tenant,
        &serde_json::json!({"payments": [{"account": "C-100", "amount": "1.00", "type": "check",
            "reference": "CHK-ETAG", "paid_on": "2026-01-05",
            "allocations": [{"invoice": "INV-1001", "amount": "1.00"}]}]}),
    )
    .await
    .expect("import");
    let changed = get_if_none_match(&f.router, host, "/invoices/INV-1001/pdf", &cookie, &tag).await;
    assert_eq!(changed.status, StatusCode::OK);
    assert_ne!(changed.header("etag"), tag);
    assert!(changed.body.starts_with(b"%PDF-"));
    // Another account's invoice is refused before any tag is given.
    let other = get(&f.router, host, "/invoices/INV-2001/pdf", Some(&cookie)).await;
    assert!(other.header("etag").is_empty());
}

store_suite!(
    pdfs_and_theme_files_answer_304_until_they_change,
    due_first_sorting_and_the_view_only_note,
    requests_are_traced_by_route_and_tenant_without_tokens,
    control_characters_get_a_friendly_refusal,
    sign_in_and_see_the_dashboard,
    every_bad_link_signs_nobody_in,
    the_failure_page_shows_the_tenants_help_contact,
    keys_rotate_with_two_active_at_once,
    tenancy_is_by_subdomain,
    account_switching_is_a_protected_post_to_own_accounts,
    roles_gate_access,
    vendor_text_is_escaped,
    invoice_page_and_pdf,
    filters_search_and_pages,
    refusals_read_like_the_portal,
    paying_the_whole_balance_reads_right,
    payment_history_lists_each_invoice_a_payment_paid,
    frame_ancestors_are_per_tenant,
    sdk_router_nests_at_a_prefix,
    used_token_ids_are_forgotten_after_expiry,
);

/// Past Due follows the due date: a balance left after the day it was due, whenever the invoice was issued; an
/// invoice imported without a due date is due `past_due_after_days` (45) after issue.
async fn past_due_follows_the_due_date(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let line =
        serde_json::json!([{"description": "Service", "quantity": "1", "unit_price": "10.00"}]);
    billfold_tests::import(
        &f.store,
        &f.acme.tenant,
        &serde_json::json!({"invoices": [
            {"number": "INV-LONG", "account": "C-100", "issued_on": "2026-09-01", "due_on": "2027-01-31",
             "currency": "USD", "lines": line},
            {"number": "INV-DUE", "account": "C-100", "issued_on": "2026-10-15", "due_on": "2026-11-14",
             "currency": "USD", "lines": line},
            {"number": "INV-OCT", "account": "C-100", "issued_on": "2026-10-01", "currency": "USD", "lines": line},
            {"number": "INV-NOV", "account": "C-100", "issued_on": "2026-11-01", "currency": "USD", "lines": line},
        ]}),
    )
    .await
    .expect("import");
    let host = "acme.localhost";
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    // 2026-11-20, noon UTC.
    db.clock.set(1_795_176_000);
    let badge = |number: &'static str| {
        let router = f.router.clone();
        let cookie = cookie.clone();
        async move {
            let page = get(&router, host, &format!("/invoices/{number}"), Some(&cookie)).await;
            assert_eq!(page.status, StatusCode::OK, "{number}");
            let html = page.text();
            match (html.contains("Past Due"), html.contains("Unpaid")) {
                (true, false) => "Past Due",
                (false, true) => "Unpaid",
                other => panic!("{number}: {other:?}"),
            }
        }
    };
    // Due Nov 14, issued 36 days before: past its due date.
    assert_eq!(badge("INV-DUE").await, "Past Due");
    // Issued 80 days before but due in January: not past due.
    assert_eq!(badge("INV-LONG").await, "Unpaid");
    // Without a due date: due 45 days after issue (Nov 15 and Dec 16).
    assert_eq!(badge("INV-OCT").await, "Past Due");
    assert_eq!(badge("INV-NOV").await, "Unpaid");
}

/// Issue 15 (13): refusals are themed pages that say what happened, never the framework's raw text; counts read
/// right; an address typed by hand doesn't dead-end.
async fn refusals_read_like_the_portal(store: SharedStore) {
    let f = portal_fixture(store).await;
    let host = "acme.localhost";
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let vic = sign_in(&f.router, &f.acme, "vic@initech.example", Some("C-100")).await;

    let out = get(&f.router, host, "/logout", Some(&pat)).await;
    assert_eq!(
        out.status,
        StatusCode::SEE_OTHER,
        "GET /logout goes back to the portal"
    );
    assert_eq!(out.header("location"), "/");

    let viewer = get(&f.router, host, "/invoices/INV-1001/pay", Some(&vic)).await;
    assert_eq!(viewer.status, StatusCode::FORBIDDEN);
    assert!(
        viewer.text().contains("Accounting or Admin role"),
        "{}",
        viewer.text()
    );

    let expired = post(
        &f.router,
        host,
        "/account",
        &pat,
        "csrf=stale&account=C-200",
    )
    .await;
    assert_eq!(expired.status, StatusCode::FORBIDDEN);
    assert!(expired.text().contains("This form has expired"));
    assert!(!expired.text().contains("Not allowed"));

    let csrf = get(&f.router, host, "/", Some(&pat)).await.csrf();
    for (method, path, body) in [
        ("GET", "/users/abc/roles", None),
        (
            "POST",
            "/users/abc/roles",
            Some(format!("csrf={csrf}&access=viewer")),
        ),
        (
            "POST",
            "/account",
            Some(format!("csrf={csrf}&account=C-100&account=C-200")),
        ),
    ] {
        let page = send(&f.router, method, host, path, Some(&pat), body.as_deref()).await;
        assert!(page.status.is_client_error(), "{method} {path}");
        assert_eq!(
            page.header("content-type"),
            "text/html; charset=utf-8",
            "{method} {path}"
        );
        let text = page.text();
        assert!(
            !text.contains("Cannot parse") && !text.contains("Failed to deserialize"),
            "{method} {path}: {text}"
        );
        assert!(
            text.contains("class=\"topbar\""),
            "a themed page: {method} {path}"
        );
    }

    let unknown = get(
        &f.router,
        "nope.localhost",
        "/static/default/portal.css",
        None,
    )
    .await;
    assert_eq!(
        unknown.status,
        StatusCode::OK,
        "the unknown-host page is styled"
    );

    let beyond = get(
        &f.router,
        host,
        "/?starting_after=2000-01-01_1_o",
        Some(&pat),
    )
    .await
    .text();
    assert!(beyond.contains("There is nothing on this page"), "{beyond}");
    assert!(!beyond.contains("You have no invoices yet"));
    let one = get(&f.router, host, "/?q=INV-1001", Some(&pat))
        .await
        .text();
    assert!(
        one.contains("of 1 invoice<")
            || one.contains("of 1 invoice\n")
            || one.contains("of 1 invoice</"),
        "{one}"
    );
    assert!(!one.contains("1 invoices"));
}

/// Issue 15 (12): paying the whole balance says what it pays, and with nothing owed there is nothing to continue.
async fn paying_the_whole_balance_reads_right(store: SharedStore) {
    let f = portal_fixture(store.clone()).await;
    let line =
        serde_json::json!([{"description": "Service", "quantity": "1", "unit_price": "10.00"}]);
    billfold_tests::import(
        &store,
        &f.acme.tenant,
        &serde_json::json!({
            "accounts": [{"id": "C-900", "name": "Paid Up", "currency": "USD"},
                         {"id": "C-901", "name": "One Open", "currency": "USD"}],
            "contacts": [{"email": "zed@paid.example", "memberships": [
                {"account": "C-900", "roles": ["accounting"]}, {"account": "C-901", "roles": ["accounting"]}]}],
            "invoices": [
                {"number": "INV-900", "account": "C-900", "issued_on": "2026-11-01", "due_on": "2026-12-01",
                 "currency": "USD", "lines": line},
                {"number": "INV-901", "account": "C-901", "issued_on": "2026-11-01", "due_on": "2026-12-01",
                 "currency": "USD", "lines": line}],
            "payments": [{"id": "P-900", "account": "C-900", "amount": "10.00", "type": "check",
                          "reference": "CHK-900", "paid_on": "2026-11-02",
                          "allocations": [{"invoice": "INV-900", "amount": "10.00"}]}]
        }),
    )
    .await
    .expect("import");
    let host = "acme.localhost";
    let one_open = sign_in(&f.router, &f.acme, "zed@paid.example", Some("C-901")).await;
    let page = get(&f.router, host, "/pay", Some(&one_open)).await.text();
    assert!(!page.contains("Invoices are paid in full"), "{page}");
    assert!(page.contains("The whole balance"), "{page}");

    let paid_up = sign_in(&f.router, &f.acme, "zed@paid.example", Some("C-900")).await;
    let page = get(&f.router, host, "/pay", Some(&paid_up)).await;
    assert_eq!(page.status, StatusCode::OK);
    let text = page.text();
    assert!(
        text.contains("Nothing is owed on this account right now"),
        "{text}"
    );
    assert!(
        !text.contains("Continue to Payment"),
        "no $0.00 form to continue"
    );
    let csrf = page.csrf();
    let refused = post(
        &f.router,
        host,
        "/pay",
        &paid_up,
        &format!("csrf={csrf}&method=card"),
    )
    .await;
    let refused = billfold_tests::web::follow(&f.router, host, refused, &paid_up).await;
    assert!(
        refused
            .text()
            .contains("There is nothing left to pay on this account."),
        "{}",
        refused.text()
    );
    assert!(!refused.text().contains("This invoice"));
}

/// Issue 15 (10): a receipt thanks the payer only right after paying; a failed payment is not a receipt and has
/// nothing to download.
async fn receipts_say_what_happened(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let host = "acme.localhost";
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let paid = pay_with_sandbox_card(&f.router, host, "/invoices/INV-1001/pay", &pat, "5.00").await;
    let receipt = paid.header("location").to_string();
    let fresh = get(&f.router, host, &receipt, Some(&pat)).await.text();
    assert!(fresh.contains("went through"), "{fresh}");
    // A quarter of an hour later (the session is still open: 30 minutes idle).
    db.clock.advance(std::time::Duration::from_secs(16 * 60));
    let old = get(&f.router, host, &receipt, Some(&pat)).await.text();
    assert!(
        old.contains("Payment receipt") && !old.contains("went through"),
        "{old}"
    );

    let (action, body) = sandbox_charge_form_with(
        &f.router,
        host,
        "/invoices/INV-1001/pay",
        &pat,
        "5.00",
        "4000000000000002",
    )
    .await;
    let declined = post(&f.router, host, &action, &pat, &body).await;
    assert_eq!(
        declined.status,
        StatusCode::PAYMENT_REQUIRED,
        "{}",
        declined.text()
    );
    let key = f.acme.api_key.expose().to_string();
    let (_, payments) = api(
        &f.router,
        "GET",
        "/api/v1/payments?account=C-100",
        &key,
        None,
    )
    .await;
    let failed = payments["data"]
        .as_array()
        .expect("payments")
        .iter()
        .find(|p| p["status"] == "failed")
        .expect("the declined payment")["id"]
        .as_str()
        .expect("id")
        .to_string();
    let page = get(&f.router, host, &format!("/receipts/{failed}"), Some(&pat))
        .await
        .text();
    assert!(page.contains("Payment not completed"), "{page}");
    assert!(page.contains("did not go through"));
    assert!(!page.contains("Download receipt"), "nothing to download");
}

billfold_tests::test_store_suite!(
    logout_and_timeouts_end_sessions,
    past_due_follows_the_due_date,
    receipts_say_what_happened,
);
