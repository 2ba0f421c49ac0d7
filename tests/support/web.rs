//! HTTP test support: a portal over a test store with two tenants and the sample data, requests through the router
//! (`oneshot`, no sockets), and signing in by SSO.

use axum::body::Body;
use axum::http::{header, Request, Response, StatusCode};
use axum::Router;
use billfold::domain::Tenant;
use billfold::outbound::AddressPolicy;
use billfold::secrets::MasterKey;
use billfold::sso::{self, SignInRequest};
use billfold::tenants::ProvisionedTenant;
use billfold::web::{Portal, SessionPolicy, Tenancy};
use billfold::SharedStore;
use tower::ServiceExt;

pub struct PortalFixture {
    pub store: SharedStore,
    pub master: MasterKey,
    pub acme: ProvisionedTenant,
    pub globex: ProvisionedTenant,
    pub portal: Portal,
    pub router: Router,
}

/// The sample data plus a member without a role and a viewer, and vendor text with markup in it.
pub fn portal_sample() -> serde_json::Value {
    let mut file = crate::sample_file();
    file["contacts"].as_array_mut().expect("contacts").extend([
        serde_json::json!({"email": "nora@initech.example", "name": "Nora",
                           "memberships": [{"account": "C-100", "roles": []}]}),
        serde_json::json!({"email": "vic@initech.example", "name": "Vic",
                           "memberships": [{"account": "C-100", "roles": ["viewer"]}]}),
    ]);
    file["invoices"][2]["lines"][0]["description"] =
        serde_json::json!("Labels <script>alert('pwned')</script>");
    file
}

pub async fn portal_fixture(store: SharedStore) -> PortalFixture {
    portal_fixture_with(store, SessionPolicy::default()).await
}

pub async fn portal_fixture_with(store: SharedStore, sessions: SessionPolicy) -> PortalFixture {
    portal_fixture_configured(store, |b| b.sessions(sessions)).await
}

/// The fixture with the portal's builder adjusted by `configure` (a domain verifier, …).
pub async fn portal_fixture_configured(
    store: SharedStore,
    configure: impl FnOnce(billfold::web::PortalBuilder) -> billfold::web::PortalBuilder,
) -> PortalFixture {
    let master = crate::master_key();
    let acme = crate::tenant(&store, &master, "acme").await;
    let globex = crate::tenant(&store, &master, "globex").await;
    crate::import(&store, &acme.tenant, &portal_sample())
        .await
        .expect("import acme");
    crate::import(&store, &globex.tenant, &crate::sample_file())
        .await
        .expect("import globex");
    let builder = Portal::builder(
        store.clone(),
        master.clone(),
        Tenancy::Subdomain {
            base_domain: "localhost".into(),
        },
    )
    // The tests' webhook receivers listen on loopback.
    .webhook_addresses(AddressPolicy::Any);
    let portal = configure(builder).build().expect("portal");
    let router = portal.router();
    PortalFixture {
        store,
        master,
        acme,
        globex,
        portal,
        router,
    }
}

/// Changes acme's name, theme, branding or settings.
pub async fn update_tenant(
    f: &PortalFixture,
    change: impl FnOnce(&mut billfold::domain::NewTenant),
) {
    let t = &f.acme.tenant;
    let mut update = billfold::domain::NewTenant {
        slug: t.slug.clone(),
        name: t.name.clone(),
        theme: t.theme.clone(),
        branding: t.branding.clone(),
        settings: t.settings.clone(),
    };
    change(&mut update);
    f.store
        .update_tenant(t.id, &update)
        .await
        .expect("update tenant");
}

pub fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// A token for `email` minted with the tenant's first key.
pub fn token(
    t: &ProvisionedTenant,
    email: &str,
    account: Option<&str>,
    to: Option<&str>,
) -> String {
    token_at(t, email, account, to, now())
}

/// [`token`], minted at `at` (Unix seconds): for a portal whose clock was moved.
pub fn token_at(
    t: &ProvisionedTenant,
    email: &str,
    account: Option<&str>,
    to: Option<&str>,
    at: i64,
) -> String {
    sso::mint(
        &t.sso_key_id,
        t.sso_secret.expose(),
        &SignInRequest {
            tenant: &t.tenant.slug,
            email,
            account,
            to,
            ttl_secs: 300,
            scope: None,
        },
        at,
    )
    .expect("mint")
}

/// A response with its body read.
pub struct Page {
    pub status: StatusCode,
    pub headers: axum::http::HeaderMap,
    pub body: Vec<u8>,
}

impl Page {
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    pub fn header(&self, name: &str) -> &str {
        self.headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
    }

    /// The session cookie's `name=value`, if the response set one.
    pub fn session_cookie(&self) -> Option<String> {
        self.headers
            .get_all(header::SET_COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .find(|v| v.starts_with("billfold_session=") && !v.contains("Max-Age=0"))
            .map(|v| v.split(';').next().unwrap_or("").to_string())
    }

    /// The CSRF token in the page's forms.
    pub fn csrf(&self) -> String {
        let text = self.text();
        let at = text
            .find("name=\"csrf\" value=\"")
            .expect("a form with a CSRF token")
            + 19;
        text[at..].split('"').next().unwrap_or("").to_string()
    }
}

/// Reads a response's status, headers and body.
pub async fn read(response: Response<Body>) -> Page {
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), 10 << 20)
        .await
        .expect("body")
        .to_vec();
    Page {
        status,
        headers,
        body,
    }
}

/// Sends a request to `router` for `host` (e.g. `acme.localhost`).
pub async fn send(
    router: &Router,
    method: &str,
    host: &str,
    uri: &str,
    cookie: Option<&str>,
    form: Option<&str>,
) -> Page {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, host);
    if let Some(c) = cookie {
        request = request.header(header::COOKIE, c);
    }
    let body = match form {
        Some(f) => {
            request = request.header(header::CONTENT_TYPE, "application/x-www-form-urlencoded");
            Body::from(f.to_string())
        }
        None => Body::empty(),
    };
    read(
        router
            .clone()
            .oneshot(request.body(body).expect("request"))
            .await
            .expect("infallible"),
    )
    .await
}

pub async fn get(router: &Router, host: &str, uri: &str, cookie: Option<&str>) -> Page {
    send(router, "GET", host, uri, cookie, None).await
}

pub async fn post(router: &Router, host: &str, uri: &str, cookie: &str, form: &str) -> Page {
    send(router, "POST", host, uri, Some(cookie), Some(form)).await
}

/// Signs `email` in on `tenant`'s host, returning the session cookie.
pub async fn sign_in(
    router: &Router,
    tenant: &ProvisionedTenant,
    email: &str,
    account: Option<&str>,
) -> String {
    sign_in_at(router, tenant, email, account, now()).await
}

/// [`sign_in`] with a token minted at `at`: for a portal whose clock was moved.
pub async fn sign_in_at(
    router: &Router,
    tenant: &ProvisionedTenant,
    email: &str,
    account: Option<&str>,
    at: i64,
) -> String {
    let host = host_of(&tenant.tenant);
    let page = get(
        router,
        &host,
        &format!("/sso?token={}", token_at(tenant, email, account, None, at)),
        None,
    )
    .await;
    assert_eq!(
        page.status,
        StatusCode::SEE_OTHER,
        "sign-in failed: {}",
        page.text()
    );
    page.session_cookie().expect("a session cookie")
}

pub fn host_of(t: &Tenant) -> String {
    format!("{}.localhost", t.slug)
}

/// POSTs a raw body with extra headers (a gateway's webhook) to `host`.
pub async fn post_raw(
    router: &Router,
    host: &str,
    uri: &str,
    headers: &[(&str, &str)],
    body: &[u8],
) -> Page {
    let mut request = Request::builder()
        .method("POST")
        .uri(uri)
        .header(header::HOST, host)
        .header(header::CONTENT_TYPE, "application/json");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    read(
        router
            .clone()
            .oneshot(request.body(Body::from(body.to_vec())).expect("request"))
            .await
            .expect("infallible"),
    )
    .await
}

/// Starts paying `amount` at `pay_path` and enters the sandbox's test card: the confirmation's form (its action and
/// body), ready to post.
pub async fn sandbox_charge_form(
    router: &Router,
    host: &str,
    pay_path: &str,
    cookie: &str,
    amount: &str,
) -> (String, String) {
    sandbox_charge_form_with(router, host, pay_path, cookie, amount, "4242424242424242").await
}

/// [`sandbox_charge_form`] with another test card (`4000000000000002` declines).
pub async fn sandbox_charge_form_with(
    router: &Router,
    host: &str,
    pay_path: &str,
    cookie: &str,
    amount: &str,
    card: &str,
) -> (String, String) {
    let form = get(router, host, pay_path, Some(cookie)).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.text());
    let csrf = form.csrf();
    let started = post(
        router,
        host,
        pay_path,
        cookie,
        &format!("csrf={csrf}&amount={amount}&method=card"),
    )
    .await;
    assert_eq!(started.status, StatusCode::SEE_OTHER, "{}", started.text());
    let hosted = started.header("location").to_string();
    let tokenized = post(
        router,
        host,
        &hosted,
        cookie,
        &format!("csrf={csrf}&card_number={card}&expiry=12%2F30&cvc=123"),
    )
    .await;
    let confirm_path = tokenized.header("location").to_string();
    let token = confirm_path
        .split("token=")
        .nth(1)
        .expect("token")
        .to_string();
    let action = confirm_path
        .split("/confirm")
        .next()
        .expect("checkout")
        .to_string()
        + "/pay";
    (action, format!("csrf={csrf}&token={token}"))
}

/// Pays `amount` through the pay page at `pay_path` (e.g. `/invoices/INV-1001/pay`, under whatever prefix the portal
/// is mounted at) with the sandbox's approving card, as a signed-in user clicks through it: the amount form, the
/// TEST MODE page, the confirmation. Returns the last response (a 303 to the receipt when it worked).
pub async fn pay_with_sandbox_card(
    router: &Router,
    host: &str,
    pay_path: &str,
    cookie: &str,
    amount: &str,
) -> Page {
    let (action, body) = sandbox_charge_form(router, host, pay_path, cookie, amount).await;
    post(router, host, &action, cookie, &body).await
}

/// Where a POST answered with 303 leads (Post/Redirect/Get): the page at its Location, fetched with `cookie`;
/// any other answer as it is.
pub async fn follow(router: &Router, host: &str, page: Page, cookie: &str) -> Page {
    if page.status != StatusCode::SEE_OTHER {
        return page;
    }
    let to = page.header("location").to_string();
    get(router, host, &to, Some(cookie)).await
}

/// acme's host in the fixture.
pub const HOST_ACME: &str = "acme.localhost";

/// A pre-session form's token (sign-in, Forgot Password) and the cookie that carries it (`name=value`), from the
/// page at `path` on acme.
pub async fn form_token(router: &Router, path: &str) -> (String, String) {
    let page = get(router, HOST_ACME, path, None).await;
    assert!(page.status.is_success() || page.status == StatusCode::UNAUTHORIZED);
    let cookie = page
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("billfold_form="))
        .map(|v| v.split(';').next().unwrap_or("").to_string())
        .expect("a form cookie");
    let text = page.text();
    let at = text.find("name=\"form\" value=\"").expect("a form token") + 19;
    let token = text[at..].split('"').next().unwrap_or("").to_string();
    assert!(
        cookie.ends_with(&token),
        "the cookie carries the form's token"
    );
    (token, cookie)
}

pub fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// Asks for a link by email through the form at `page`, posted to `action`.
pub async fn ask_by_email(router: &Router, page: &str, action: &str, email: &str) -> Page {
    let (token, cookie) = form_token(router, page).await;
    post(
        router,
        HOST_ACME,
        action,
        &cookie,
        &format!("form={token}&email={}", enc(email)),
    )
    .await
}

/// An API call on acme with `key`: the status and the JSON body (`Null` if none).
pub async fn api(
    router: &Router,
    method: &str,
    uri: &str,
    key: &str,
    body: Option<serde_json::Value>,
) -> (StatusCode, serde_json::Value) {
    let mut request = Request::builder()
        .method(method)
        .uri(uri)
        .header(header::HOST, HOST_ACME)
        .header(header::AUTHORIZATION, format!("Bearer {key}"));
    let body = match body {
        Some(b) => {
            request = request.header(header::CONTENT_TYPE, "application/json");
            Body::from(b.to_string())
        }
        None => Body::empty(),
    };
    let response = router
        .clone()
        .oneshot(request.body(body).expect("request"))
        .await
        .expect("infallible");
    let status = response.status();
    let bytes = axum::body::to_bytes(response.into_body(), 1 << 20)
        .await
        .expect("body");
    (
        status,
        serde_json::from_slice(&bytes).unwrap_or(serde_json::Value::Null),
    )
}

/// The PDF's text as `pdftotext` reads it, or `None` without poppler-utils (CI installs it).
pub fn pdftotext(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("invoice.pdf");
    std::fs::write(&path, pdf).expect("write pdf");
    let out = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "pdftotext failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(String::from_utf8_lossy(&out.stdout).into_owned())
}

/// The saved methods' public ids (`spm_…`) a Payment Methods page links to, in order.
pub fn method_ids(page: &Page) -> Vec<String> {
    let html = page.text().replace("&#x2F;", "/");
    let mut ids: Vec<String> = html
        .split("/payment-methods/spm_")
        .skip(1)
        .filter_map(|s| s.split('/').next())
        .map(|s| format!("spm_{s}"))
        .collect();
    ids.dedup();
    ids
}

/// Adds a card through the sandbox's TEST MODE page (save mode); returns the response to the card form.
pub async fn add_sandbox_card(router: &Router, cookie: &str, number: &str, expiry: &str) -> Page {
    let page = get(
        router,
        HOST_ACME,
        "/payment-methods/new?method=card",
        Some(cookie),
    )
    .await;
    assert_eq!(page.status, StatusCode::OK, "{}", page.text());
    assert!(page.text().contains("TEST MODE") && page.text().contains("Save card"));
    post(
        router,
        HOST_ACME,
        "/payment-methods/new?method=card",
        cookie,
        &format!(
            "csrf={}&card_number={}&expiry={}&cvc=123",
            page.csrf(),
            number.replace(' ', "+"),
            expiry.replace('/', "%2F")
        ),
    )
    .await
}
