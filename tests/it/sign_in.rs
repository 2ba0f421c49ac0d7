//! The portal's own front door: passwords, Forgot Password, emailed sign-in links, the throttle, and what an
//! unauthenticated page request gets. On SQLite and PostgreSQL; time moves with the store's clock.

use std::path::Path;
use std::time::Duration;

use axum::http::StatusCode;
use axum::Router;
use billfold::domain::SignInMethods;
use billfold::web::{Portal, Tenancy};
use billfold_tests::mail::{outbox, Mail};
use billfold_tests::web::*;
use billfold_tests::TestStore;

const HOST: &str = "acme.localhost";
const PASSWORD: &str = "correct horse battery staple";
const WRONG: &str = "That email and password don&#x27;t match";

async fn password_sign_in(router: &Router, email: &str, password: &str, next: &str) -> Page {
    let (token, cookie) = form_token(router, "/sign-in").await;
    post(
        router,
        HOST,
        "/sign-in",
        &cookie,
        &format!(
            "form={token}&email={}&password={}&next={}",
            enc(email),
            enc(password),
            enc(next)
        ),
    )
    .await
}

/// Sets pat's password from a signed-in session; returns that session's cookie.
async fn set_password(f: &PortalFixture, password: &str) -> String {
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", None).await;
    let page = get(&f.router, HOST, "/security", Some(&pat)).await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert!(page.text().contains("Set a password"));
    let saved = post(
        &f.router,
        HOST,
        "/security/password",
        &pat,
        &format!(
            "csrf={}&password={}&confirm={}",
            page.csrf(),
            enc(password),
            enc(password)
        ),
    )
    .await;
    assert_eq!(saved.status, StatusCode::SEE_OTHER, "{}", saved.text());
    pat
}

/// Delivers the mail queue until a message to `to` whose subject contains `subject` arrives (link mails are
/// queued by a background task after the answer).
pub(crate) async fn wait_for_mail(f: &PortalFixture, dir: &Path, to: &str, subject: &str) -> Mail {
    for _ in 0..100 {
        f.portal.deliver_mail(dir).await.expect("deliver");
        if let Some(m) = outbox(dir)
            .into_iter()
            .rev()
            .find(|m| m.to == [to] && m.subject.contains(subject))
        {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no mail to {to} about {subject:?}");
}

/// The links to `prefix` in every delivered mail whose subject contains `subject`, oldest first, once there are
/// more than `more_than` of them.
async fn links_after(
    f: &PortalFixture,
    dir: &Path,
    subject: &str,
    prefix: &str,
    more_than: usize,
) -> Vec<String> {
    for _ in 0..100 {
        f.portal.deliver_mail(dir).await.expect("deliver");
        let links: Vec<String> = outbox(dir)
            .iter()
            .filter(|m| m.subject.contains(subject))
            .map(|m| link_path(m, prefix))
            .collect();
        if links.len() > more_than {
            return links;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("no more than {more_than} mails about {subject:?}");
}

/// The path of the first link in `mail` that goes to `prefix`.
fn link_path(mail: &Mail, prefix: &str) -> String {
    let line = mail.line_with(prefix).expect("a link");
    let at = line.find(prefix).expect("the path");
    line[at..].trim().to_string()
}

async fn passwords_sign_in_and_a_change_ends_other_sessions(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let other = sign_in(&f.router, &f.acme, "pat@initech.example", None).await;

    // The rules: length, the common-password list, the confirmation.
    let pat = sign_in(&f.router, &f.acme, "pat@initech.example", None).await;
    let csrf = get(&f.router, HOST, "/security", Some(&pat)).await.csrf();
    for (typed, confirm, why) in [
        ("short", "short", "at least 8 characters"),
        ("password123", "password123", "most commonly used"),
        (
            "a fine passphrase",
            "another passphrase",
            "don&#x27;t match",
        ),
    ] {
        let refused = post(
            &f.router,
            HOST,
            "/security/password",
            &pat,
            &format!(
                "csrf={csrf}&password={}&confirm={}",
                enc(typed),
                enc(confirm)
            ),
        )
        .await;
        assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{typed}");
        assert!(refused.text().contains(why), "{why}: {}", refused.text());
    }
    let kept = set_password(&f, PASSWORD).await;
    // Setting it ended pat's other sessions, not the one that set it.
    assert_eq!(
        get(&f.router, HOST, "/", Some(&other)).await.status,
        StatusCode::UNAUTHORIZED
    );
    assert_eq!(
        get(&f.router, HOST, "/", Some(&kept)).await.status,
        StatusCode::OK
    );

    // A wrong password and an unknown email read the same, with the same status.
    let wrong = password_sign_in(&f.router, "pat@initech.example", "not the password", "/").await;
    let unknown =
        password_sign_in(&f.router, "nobody@initech.example", "not the password", "/").await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert_eq!(unknown.status, wrong.status);
    assert!(wrong.text().contains(WRONG), "{}", wrong.text());
    // Everything but the echoed email and the form tokens.
    let strip = |p: &Page, email: &str| {
        let mut t = p.text().replace(email, "EMAIL");
        let marker = "name=\"form\" value=\"";
        let mut from = 0;
        while let Some(at) = t[from..].find(marker) {
            let start = from + at + marker.len();
            let end = start + t[start..].find('"').expect("closing quote");
            t.replace_range(start..end, "TOKEN");
            from = start;
        }
        t
    };
    assert_eq!(
        strip(&wrong, "pat@initech.example"),
        strip(&unknown, "nobody@initech.example"),
        "the same page whether the email is known or not"
    );

    // The right password signs in and goes where the page asked, but never off the portal.
    let ok = password_sign_in(&f.router, "Pat@Initech.example", PASSWORD, "/payments").await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
    assert_eq!(ok.header("location"), "/payments");
    let session = ok.session_cookie().expect("a session");
    assert_eq!(
        get(&f.router, HOST, "/payments", Some(&session))
            .await
            .status,
        StatusCode::OK
    );
    for evil in [
        "//evil.example/x",
        "https://evil.example/",
        "/\\evil.example",
    ] {
        let ok = password_sign_in(&f.router, "pat@initech.example", PASSWORD, evil).await;
        assert_eq!(ok.header("location"), "/", "{evil}");
    }

    // Changing it asks for the current one; then every other session ends.
    let page = get(&f.router, HOST, "/security", Some(&session)).await;
    assert!(page.text().contains("Change your password"));
    let refused = post(
        &f.router,
        HOST,
        "/security/password",
        &session,
        &format!(
            "csrf={}&current=nope&password={}&confirm={}",
            page.csrf(),
            enc("a brand new passphrase"),
            enc("a brand new passphrase")
        ),
    )
    .await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(refused.text().contains("current password is not right"));
    let changed = post(
        &f.router,
        HOST,
        "/security/password",
        &session,
        &format!(
            "csrf={}&current={}&password={}&confirm={}",
            page.csrf(),
            enc(PASSWORD),
            enc("a brand new passphrase"),
            enc("a brand new passphrase")
        ),
    )
    .await;
    assert_eq!(changed.status, StatusCode::SEE_OTHER, "{}", changed.text());
    assert_eq!(
        get(&f.router, HOST, "/", Some(&kept)).await.status,
        StatusCode::UNAUTHORIZED,
        "the change ended the other sessions"
    );
    assert_eq!(
        get(&f.router, HOST, "/", Some(&session)).await.status,
        StatusCode::OK
    );
    let old = password_sign_in(&f.router, "pat@initech.example", PASSWORD, "/").await;
    assert_eq!(old.status, StatusCode::UNAUTHORIZED);

    // A form without the browser's token is refused.
    let forged = send(
        &f.router,
        "POST",
        HOST,
        "/sign-in",
        None,
        Some("form=guess&email=pat%40initech.example&password=x"),
    )
    .await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);

    // Sign-ins and the password changes are in the audit log.
    let log = f
        .store
        .audit_log(f.acme.tenant.id, None, None, 100)
        .await
        .expect("audit");
    for action in [
        "password.set",
        "password.changed",
        "sign_in.password",
        "sign_in.failed",
    ] {
        assert!(
            log.iter().any(|e| e.action == action),
            "{action} in {log:?}"
        );
    }
}

async fn forgot_password_resets_once_within_the_hour(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let signed_in = set_password(&f, PASSWORD).await;
    let dir = tempfile::tempdir().expect("outbox");
    let ask = |email| ask_by_email(&f.router, "/forgot-password", "/forgot-password", email);
    let known = ask("pat@initech.example").await;
    let unknown = ask("nobody@initech.example").await;
    assert_eq!(known.status, StatusCode::OK);
    assert_eq!(unknown.status, known.status);
    assert_eq!(
        known.text().replace("pat@initech.example", "EMAIL"),
        unknown.text().replace("nobody@initech.example", "EMAIL"),
        "the same answer whether the email is known or not"
    );
    let mail = wait_for_mail(&f, dir.path(), "pat@initech.example", "Reset your password").await;
    assert_eq!(
        mail.parts,
        ["text/plain", "text/html"],
        "a text and an HTML part"
    );
    assert!(mail
        .html
        .as_deref()
        .unwrap_or("")
        .contains("Choose a new password"));
    let link = link_path(&mail, "/reset-password/");
    assert!(
        outbox(dir.path())
            .iter()
            .all(|m| m.to != ["nobody@initech.example"]),
        "nothing is sent to an unknown address"
    );

    // Following the link uses nothing up (a mail scanner); the form sets the password.
    assert_eq!(
        get(&f.router, HOST, &link, None).await.status,
        StatusCode::OK
    );
    let (token, cookie) = form_token(&f.router, &link).await;
    let weak = post(
        &f.router,
        HOST,
        &link,
        &cookie,
        &format!("form={token}&password=12345678&confirm=12345678"),
    )
    .await;
    assert_eq!(weak.status, StatusCode::UNPROCESSABLE_ENTITY);
    let new = "a reset passphrase";
    let reset = post(
        &f.router,
        HOST,
        &link,
        &cookie,
        &format!("form={token}&password={}&confirm={}", enc(new), enc(new)),
    )
    .await;
    assert_eq!(reset.status, StatusCode::SEE_OTHER, "{}", reset.text());
    assert!(reset.session_cookie().is_some(), "the reset signs in");
    assert_eq!(
        get(&f.router, HOST, "/", Some(&signed_in)).await.status,
        StatusCode::UNAUTHORIZED,
        "a reset ends every earlier session"
    );
    // The link worked once.
    assert_eq!(
        get(&f.router, HOST, &link, None).await.status,
        StatusCode::UNAUTHORIZED
    );
    let again = post(
        &f.router,
        HOST,
        &link,
        &cookie,
        &format!("form={token}&password={}&confirm={}", enc(new), enc(new)),
    )
    .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert_eq!(
        password_sign_in(&f.router, "pat@initech.example", new, "/")
            .await
            .status,
        StatusCode::SEE_OTHER
    );

    // A link older than an hour doesn't work.
    ask("pat@initech.example").await;
    let links = links_after(&f, dir.path(), "Reset your password", "/reset-password/", 1).await;
    let late = links
        .into_iter()
        .find(|l| *l != link)
        .expect("a second link");
    db.clock.advance(Duration::from_secs(3601));
    assert_eq!(
        get(&f.router, HOST, &late, None).await.status,
        StatusCode::UNAUTHORIZED
    );
}

async fn emailed_links_sign_in_once_and_are_capped(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let dir = tempfile::tempdir().expect("outbox");
    let ask = |email| ask_by_email(&f.router, "/sign-in", "/sign-in/email-link", email);
    let known = ask("pat@initech.example").await;
    let unknown = ask("nobody@initech.example").await;
    assert_eq!(
        (known.status, unknown.status),
        (StatusCode::OK, StatusCode::OK)
    );
    assert!(known.text().contains("Check your email"));
    let mail = wait_for_mail(&f, dir.path(), "pat@initech.example", "sign-in link").await;
    let link = link_path(&mail, "/sign-in/");
    assert_eq!(
        get(&f.router, HOST, &link, None).await.status,
        StatusCode::OK
    );
    let used = send(&f.router, "POST", HOST, &link, None, Some("")).await;
    assert_eq!(used.status, StatusCode::SEE_OTHER, "{}", used.text());
    let session = used.session_cookie().expect("signed in");
    assert_eq!(
        get(&f.router, HOST, "/", Some(&session)).await.status,
        StatusCode::OK
    );
    let reused = send(&f.router, "POST", HOST, &link, None, Some("")).await;
    assert_eq!(reused.status, StatusCode::UNAUTHORIZED, "a link works once");

    // At most five a hour to one address; the answer stays the same.
    for _ in 0..6 {
        assert_eq!(ask("pat@initech.example").await.status, StatusCode::OK);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    f.portal.deliver_mail(dir.path()).await.expect("deliver");
    let sent = outbox(dir.path())
        .iter()
        .filter(|m| m.subject.contains("sign-in link"))
        .count();
    assert_eq!(sent, 5, "the hourly cap");

    // An hour later mail flows again; a link is good for 15 minutes.
    db.clock.advance(Duration::from_secs(3700));
    ask("pat@initech.example").await;
    let fresh = links_after(&f, dir.path(), "sign-in link", "/sign-in/", sent)
        .await
        .pop()
        .expect("a link after the hour");
    db.clock.advance(Duration::from_secs(16 * 60));
    let late = send(&f.router, "POST", HOST, &fresh, None, Some("")).await;
    assert_eq!(late.status, StatusCode::UNAUTHORIZED);
    assert!(
        outbox(dir.path())
            .iter()
            .all(|m| m.to != ["nobody@initech.example"]),
        "nothing is sent to an unknown address"
    );
}

async fn failed_passwords_are_throttled_across_hosts(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    set_password(&f, PASSWORD).await;
    let host = || {
        Portal::builder(
            f.store.clone(),
            f.master.clone(),
            Tenancy::Subdomain {
                base_domain: "localhost".into(),
            },
        )
        .build()
        .expect("portal")
        .router()
    };
    let (a, b) = (host(), host());
    for (i, router) in [&a, &b, &a, &b, &a].into_iter().enumerate() {
        let wrong = password_sign_in(router, "pat@initech.example", "guess", "/").await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "attempt {i}");
    }
    // Refused now, even with the right password, on either host.
    for router in [&a, &b] {
        let refused = password_sign_in(router, "pat@initech.example", PASSWORD, "/").await;
        assert_eq!(refused.status, StatusCode::TOO_MANY_REQUESTS);
        assert!(
            refused
                .text()
                .contains("Too many attempts. Try again in 1 minute."),
            "{}",
            refused.text()
        );
        let wait: i64 = refused.header("retry-after").parse().expect("Retry-After");
        assert!((1..=60).contains(&wait), "{wait}");
    }
    // Unknown emails are throttled the same way (nothing tells them apart).
    for _ in 0..5 {
        password_sign_in(&a, "nobody@initech.example", "guess", "/").await;
    }
    assert_eq!(
        password_sign_in(&b, "nobody@initech.example", "guess", "/")
            .await
            .status,
        StatusCode::TOO_MANY_REQUESTS
    );
    // It is a slow-down, not a lock: a minute later the right password works.
    db.clock.advance(Duration::from_secs(61));
    let ok = password_sign_in(&b, "pat@initech.example", PASSWORD, "/").await;
    assert_eq!(ok.status, StatusCode::SEE_OTHER, "{}", ok.text());
}

async fn a_page_without_a_session_offers_the_tenants_sign_in(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let page = get(&f.router, HOST, "/payments?page=2", None).await;
    assert_eq!(page.status, StatusCode::UNAUTHORIZED);
    let text = page.text();
    assert!(text.contains("Please sign in"), "{text}");
    assert!(
        text.contains("name=\"next\" value=\"&#x2F;payments?page=2\""),
        "{text}"
    );
    assert!(text.contains("autocomplete=\"current-password\""));
    assert!(text.contains("Forgot password?"));
    assert!(text.contains("Email me a sign-in link"));

    // The tenant decides which ways are offered; SSO links keep working whatever it says.
    update_tenant(&f, |t| {
        t.settings.sign_in = SignInMethods::parse("email-link").expect("methods")
    })
    .await;
    let page = get(&f.router, HOST, "/sign-in", None).await;
    assert!(!page.text().contains("current-password"));
    assert!(page.text().contains("Email me a sign-in link"));
    let (token, cookie) = form_token(&f.router, "/sign-in").await;
    let refused = post(
        &f.router,
        HOST,
        "/sign-in",
        &cookie,
        &format!("form={token}&email=pat%40initech.example&password=x"),
    )
    .await;
    assert_eq!(refused.status, StatusCode::NOT_FOUND);
    assert_eq!(
        get(&f.router, HOST, "/forgot-password", None).await.status,
        StatusCode::NOT_FOUND
    );
    sign_in(&f.router, &f.acme, "pat@initech.example", None).await;
}

/// A password attempt from `peer` (the socket's address, as the host passes it), optionally through a proxy that
/// says `forwarded_for`.
async fn attempt_from(
    router: &Router,
    peer: &str,
    forwarded_for: Option<&str>,
    email: &str,
) -> StatusCode {
    use tower::ServiceExt;
    let (token, cookie) = form_token(router, "/sign-in").await;
    let mut request = axum::http::Request::builder()
        .method("POST")
        .uri("/sign-in")
        .header("host", HOST)
        .header("cookie", cookie)
        .header("content-type", "application/x-www-form-urlencoded");
    if let Some(f) = forwarded_for {
        request = request.header("x-forwarded-for", f);
    }
    let mut request = request
        .body(axum::body::Body::from(format!(
            "form={token}&email={}&password=guess",
            enc(email)
        )))
        .expect("request");
    let peer: std::net::SocketAddr = peer.parse().expect("address");
    request
        .extensions_mut()
        .insert(axum::extract::ConnectInfo(peer));
    router
        .clone()
        .oneshot(request)
        .await
        .expect("infallible")
        .status()
}

async fn one_address_guessing_many_emails_is_slowed_down(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    // 20 failures from one address are free, whatever the emails.
    for i in 0..20 {
        assert_eq!(
            attempt_from(
                &f.router,
                "203.0.113.9:40000",
                None,
                &format!("g{i}@x.example")
            )
            .await,
            StatusCode::UNAUTHORIZED
        );
    }
    assert_eq!(
        attempt_from(&f.router, "203.0.113.9:40001", None, "fresh@x.example").await,
        StatusCode::TOO_MANY_REQUESTS,
        "the address is slowed down"
    );
    assert_eq!(
        attempt_from(&f.router, "198.51.100.7:40000", None, "fresh@x.example").await,
        StatusCode::UNAUTHORIZED,
        "another address is not"
    );
    // A forwarded address counts only behind a trusted proxy.
    let forged = attempt_from(
        &f.router,
        "198.51.100.7:40000",
        Some("203.0.113.9"),
        "other@x.example",
    )
    .await;
    assert_eq!(
        forged.as_u16(),
        401,
        "an untrusted peer can't claim another address"
    );
    let behind_proxy = Portal::builder(
        f.store.clone(),
        f.master.clone(),
        Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    .trusted_proxies(vec!["127.0.0.1".parse().expect("ip")])
    .build()
    .expect("portal")
    .router();
    assert_eq!(
        attempt_from(
            &behind_proxy,
            "127.0.0.1:5000",
            Some("203.0.113.9"),
            "other2@x.example"
        )
        .await,
        StatusCode::TOO_MANY_REQUESTS,
        "the proxy's X-Forwarded-For names the client"
    );
}

async fn the_api_sets_how_customers_sign_in(db: TestStore) {
    let f = portal_fixture(db.store.clone()).await;
    let key = f.acme.api_key.expose().to_string();
    let (status, body) = api(&f.router, "GET", "/api/v1/settings", &key, None).await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["sign_in"],
        serde_json::json!(["password", "email_link"])
    );
    let (status, body) = api(
        &f.router,
        "POST",
        "/api/v1/settings",
        &key,
        Some(serde_json::json!({"sign_in": ["email_link"]})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["sign_in"], serde_json::json!(["email_link"]));
    let page = get(&f.router, HOST, "/sign-in", None).await;
    assert!(!page.text().contains("current-password"));
    let (status, body) = api(
        &f.router,
        "POST",
        "/api/v1/settings",
        &key,
        Some(serde_json::json!({"sign_in": ["fingerprint"]})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    // The vendor's details: set, shown on invoices, kept when left out, cleared by "".
    let (status, body) = api(
        &f.router,
        "POST",
        "/api/v1/settings",
        &key,
        Some(serde_json::json!({"address": "400 Industrial Pkwy\nFlint, MI 48502", "tax_id": "EIN 38-1234567"})),
    )
    .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["tax_id"], "EIN 38-1234567");
    assert_eq!(
        body["sign_in"],
        serde_json::json!(["email_link"]),
        "left out, kept"
    );
    let cookie = sign_in(&f.router, &f.acme, "pat@initech.example", Some("C-100")).await;
    let invoice = get(&f.router, HOST, "/invoices/INV-1001", Some(&cookie))
        .await
        .text();
    assert!(
        invoice.contains("400 Industrial Pkwy<br>Flint, MI 48502")
            && invoice.contains("EIN 38-1234567")
    );
    let (_, body) = api(
        &f.router,
        "POST",
        "/api/v1/settings",
        &key,
        Some(serde_json::json!({"tax_id": ""})),
    )
    .await;
    assert!(
        body["tax_id"].is_null() && body["address"].is_string(),
        "{body}"
    );
    let (status, _) = api(
        &f.router,
        "POST",
        "/api/v1/settings",
        &key,
        Some(serde_json::json!({"tax_id": "T".repeat(65)})),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST);
    // Another tenant's settings are untouched.
    let globex = f
        .store
        .tenant(f.globex.tenant.id)
        .await
        .expect("tenant")
        .expect("globex");
    assert!(globex.settings.sign_in.password);
}

billfold_tests::test_store_suite!(
    passwords_sign_in_and_a_change_ends_other_sessions,
    forgot_password_resets_once_within_the_hour,
    emailed_links_sign_in_once_and_are_capped,
    failed_passwords_are_throttled_across_hosts,
    a_page_without_a_session_offers_the_tenants_sign_in,
    one_address_guessing_many_emails_is_slowed_down,
    the_api_sets_how_customers_sign_in,
);
