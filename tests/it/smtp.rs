//! Mail through a real SMTP server (aiosmtpd): a sign-in link mailed, read back from the server and used; and an
//! outage: mail queued while the server is down is delivered once after the host and the server come back.

use std::time::Duration;

use axum::http::StatusCode;
use billfold::web::{MailDelivery, Portal, SmtpRelay, Tenancy};
use billfold_tests::smtp::SmtpServer;
use billfold_tests::web::*;
use billfold_tests::TestStore;

fn relay(server: &SmtpServer) -> MailDelivery {
    MailDelivery::Smtp(
        SmtpRelay::new(&server.url(), None, Some("billing@portal.example")).expect("relay"),
    )
}

/// Delivers through `delivery` until `server` has a message to `to` about `subject`.
async fn deliver_until(
    portal: &Portal,
    delivery: &MailDelivery,
    server: &SmtpServer,
    to: &str,
    subject: &str,
) -> billfold_tests::mail::Mail {
    for _ in 0..100 {
        portal.deliver_mail_with(delivery).await.expect("deliver");
        if let Some(m) = server.wait_for_now(to, subject) {
            return m;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    panic!("the SMTP server never got mail to {to} about {subject:?}");
}

async fn a_mailed_sign_in_link_arrives_over_smtp_and_signs_in(db: TestStore) {
    let Some(server) = SmtpServer::start() else {
        return;
    };
    let f = portal_fixture(db.store.clone()).await;
    let delivery = relay(&server);
    let asked = ask_by_email(
        &f.router,
        "/sign-in",
        "/sign-in/email-link",
        "pat@initech.example",
    )
    .await;
    assert_eq!(asked.status, StatusCode::OK);
    let mail = deliver_until(
        &f.portal,
        &delivery,
        &server,
        "pat@initech.example",
        "sign-in link",
    )
    .await;
    assert_eq!(mail.from_address, "billing@portal.example");
    assert_eq!(mail.from_name.as_deref(), Some(f.acme.tenant.name.as_str()));
    let raw = std::fs::read_to_string(&mail.file).expect("raw message");
    assert!(raw.contains("Message-ID: <signinlink-"), "{raw}");
    let line = mail.line_with("/sign-in/").expect("a link");
    let path = &line[line.find("/sign-in/").expect("path")..];
    let used = send(&f.router, "POST", HOST_ACME, path.trim(), None, Some("")).await;
    assert_eq!(used.status, StatusCode::SEE_OTHER, "{}", used.text());
    assert!(used.session_cookie().is_some());
}

async fn mail_queued_during_an_outage_is_delivered_once(db: TestStore) {
    let Some(mut server) = SmtpServer::start() else {
        return;
    };
    let f = portal_fixture(db.store.clone()).await;
    let delivery = relay(&server);
    server.stop();
    ask_by_email(
        &f.router,
        "/forgot-password",
        "/forgot-password",
        "pat@initech.example",
    )
    .await;
    // The server is down: nothing is sent, nothing is lost.
    for _ in 0..20 {
        f.portal
            .deliver_mail_with(&delivery)
            .await
            .expect("deliver");
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    assert!(server.received().is_empty());

    // A restarted host (a new portal on the same database) and a restarted server: once the retry is due, the
    // message goes out, once.
    let restarted = Portal::builder(
        f.store.clone(),
        f.master.clone(),
        Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    .build()
    .expect("portal");
    server.restart();
    assert!(
        restarted
            .deliver_mail_with(&delivery)
            .await
            .expect("deliver")
            .is_empty(),
        "not before its retry is due"
    );
    db.clock.advance(Duration::from_secs(60));
    deliver_until(
        &restarted,
        &delivery,
        &server,
        "pat@initech.example",
        "Reset your password",
    )
    .await;
    for _ in 0..3 {
        restarted
            .deliver_mail_with(&delivery)
            .await
            .expect("deliver");
        f.portal
            .deliver_mail_with(&delivery)
            .await
            .expect("deliver");
    }
    db.clock.advance(Duration::from_secs(3600));
    restarted
        .deliver_mail_with(&delivery)
        .await
        .expect("deliver");
    assert_eq!(server.received().len(), 1, "delivered exactly once");
}

billfold_tests::test_store_suite!(
    a_mailed_sign_in_link_arrives_over_smtp_and_signs_in,
    mail_queued_during_an_outage_is_delivered_once,
);
