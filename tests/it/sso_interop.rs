//! Vendors mint sign-in tokens with standard JWT libraries: the README's Python (PyJWT) and Node (jsonwebtoken)
//! examples in `examples/sso/` produce URLs that sign a user in. Skips loudly where the libraries are missing,
//! unless `BILLFOLD_REQUIRE_JWT_LIBS=1` (CI installs them).

use std::path::PathBuf;
use std::process::Command;

use axum::http::StatusCode;
use billfold_tests::web::{get, portal_fixture, PortalFixture};

fn example(file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../examples/sso")
        .join(file)
}

fn unavailable(what: &str) {
    if std::env::var("BILLFOLD_REQUIRE_JWT_LIBS").as_deref() == Ok("1") {
        panic!("BILLFOLD_REQUIRE_JWT_LIBS=1 but {what}");
    }
    eprintln!("SKIPPED: {what}");
}

/// Runs a minting example and follows the URL it prints.
async fn sign_in_with(f: &PortalFixture, program: &str, script: &str) {
    let out = Command::new(program)
        .arg(example(script))
        .args([
            "http://acme.localhost:8080",
            "acme",
            &f.acme.sso_key_id,
            f.acme.sso_secret.expose(),
            "pat@initech.example",
            "C-100",
        ])
        .output()
        .expect("run example");
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let url = String::from_utf8(out.stdout)
        .expect("utf8")
        .trim()
        .to_string();
    let path = url
        .strip_prefix("http://acme.localhost:8080")
        .expect("portal URL");
    let signed = get(&f.router, "acme.localhost:8080", path, None).await;
    assert_eq!(
        signed.status,
        StatusCode::SEE_OTHER,
        "{script}: {}",
        signed.text()
    );
    let cookie = signed.session_cookie().expect("session");
    let page = get(&f.router, "acme.localhost:8080", "/", Some(&cookie)).await;
    assert!(
        page.text().contains("INV-1001"),
        "{script}: signed in to C-100"
    );
    let again = get(&f.router, "acme.localhost:8080", path, None).await;
    assert_eq!(
        again.status,
        StatusCode::UNAUTHORIZED,
        "{script}: works once"
    );
}

#[tokio::test]
async fn a_token_minted_with_pyjwt_signs_in() {
    let ok = Command::new("python3")
        .args(["-c", "import jwt"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        return unavailable("python3 with PyJWT is not installed (pip install pyjwt)");
    }
    let store = billfold_tests::sqlite().await;
    let f = portal_fixture(store.store.clone()).await;
    sign_in_with(&f, "python3", "mint_token.py").await;
}

#[tokio::test]
async fn a_token_minted_with_node_jsonwebtoken_signs_in() {
    let ok = Command::new("node")
        .args(["-e", "require('jsonwebtoken')"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        return unavailable(
            "node with jsonwebtoken is not installed (npm install jsonwebtoken; set NODE_PATH)",
        );
    }
    let store = billfold_tests::sqlite().await;
    let f = portal_fixture(store.store.clone()).await;
    sign_in_with(&f, "node", "mint_token.js").await;
}
