//! A custom domain over HTTPS through Caddy's on-demand TLS, as an operator deploys it: Caddy (Debian's `caddy`,
//! with its internal CA — no network) in front of `billfold serve`, asking `/internal/tls-ask` whether a host may get
//! a certificate. A verified domain gets one and serves its tenant; an unverified one is refused a certificate.
//! Skips loudly where `caddy` is not installed, unless `BILLFOLD_REQUIRE_CADDY=1` (CI installs it).

use std::net::{Ipv4Addr, SocketAddr, TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_billfold");

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

fn wait_for_port(port: u16, what: &str) {
    let deadline = Instant::now() + Duration::from_secs(30);
    while TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "{what} never listened on {port}");
        std::thread::sleep(Duration::from_millis(100));
    }
}

fn billfold(dir: &Path, args: &[&str], port: u16) -> Output {
    Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .env("BILLFOLD__DOMAINS__VERIFY_PORT", port.to_string())
        .env("BILLFOLD__DOMAINS__VERIFY_CONNECT_TO", "127.0.0.1")
        .output()
        .expect("run billfold")
}

struct Killed(Child);

impl Drop for Killed {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn caddy_gets_certificates_only_for_verified_domains() {
    if Command::new("caddy").arg("version").output().is_err() {
        if std::env::var("BILLFOLD_REQUIRE_CADDY").as_deref() == Ok("1") {
            panic!("BILLFOLD_REQUIRE_CADDY=1 but caddy is not installed");
        }
        eprintln!(
            "SKIPPED: caddy is not installed (apt install caddy); on-demand TLS was not tested"
        );
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let port = free_port();
    let added = billfold(
        dir.path(),
        &["tenant", "add", "acme", "--name", "Acme Parts"],
        port,
    );
    assert!(
        added.status.success(),
        "{}",
        String::from_utf8_lossy(&added.stderr)
    );
    let _server = Killed(
        Command::new(BIN)
            .current_dir(dir.path())
            .args(["serve", "--port", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("serve"),
    );
    wait_for_port(port, "billfold");

    // The vendor adds its domain, points it at the portal (here: verification connects to the local host), verifies.
    for args in [
        ["tenant", "domain", "add", "acme", "billing.acme.example"],
        ["tenant", "domain", "verify", "acme", "billing.acme.example"],
        ["tenant", "domain", "add", "acme", "pending.acme.example"],
    ] {
        let out = billfold(dir.path(), &args, port);
        assert!(
            out.status.success(),
            "{args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let listed = billfold(dir.path(), &["tenant", "domain", "list", "acme"], port);
    assert_eq!(
        String::from_utf8_lossy(&listed.stdout),
        "billing.acme.example\tverified\npending.acme.example\tpending\n"
    );

    // The ask endpoint answers for verified domains only.
    let ask = |domain: &str| format!("http://127.0.0.1:{port}/internal/tls-ask?domain={domain}");
    let http = reqwest::Client::new();
    assert_eq!(
        http.get(ask("billing.acme.example"))
            .send()
            .await
            .expect("ask")
            .status(),
        200
    );
    assert_eq!(
        http.get(ask("pending.acme.example"))
            .send()
            .await
            .expect("ask")
            .status(),
        404
    );

    // Caddy in front, issuing from its internal CA on demand.
    let (https, plain) = (free_port(), free_port());
    let data = dir.path().join("caddy");
    std::fs::create_dir_all(&data).expect("caddy dir");
    let caddyfile = dir.path().join("Caddyfile");
    std::fs::write(
        &caddyfile,
        format!(
            "{{\n\tadmin off\n\thttp_port {plain}\n\thttps_port {https}\n\tskip_install_trust\n\
             \ton_demand_tls {{\n\t\task http://127.0.0.1:{port}/internal/tls-ask\n\t}}\n}}\n\
             https:// {{\n\ttls internal {{\n\t\ton_demand\n\t}}\n\treverse_proxy 127.0.0.1:{port}\n}}\n"
        ),
    )
    .expect("Caddyfile");
    let _caddy = Killed(
        Command::new("caddy")
            .args(["run", "--config"])
            .arg(&caddyfile)
            .args(["--adapter", "caddyfile"])
            .env("HOME", &data)
            .env("XDG_DATA_HOME", &data)
            .env("XDG_CONFIG_HOME", &data)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("caddy"),
    );
    wait_for_port(https, "caddy");
    let through = |host: &str, verify: Option<reqwest::Certificate>| {
        let at = SocketAddr::from((Ipv4Addr::LOCALHOST, https));
        let builder = reqwest::Client::builder()
            .resolve(host, at)
            .timeout(Duration::from_secs(20));
        match verify {
            Some(root) => builder
                .add_root_certificate(root)
                .tls_built_in_root_certs(false),
            None => builder.danger_accept_invalid_certs(true),
        }
        .build()
        .expect("client")
    };

    // The verified domain gets a certificate and serves the tenant.
    let first = through("billing.acme.example", None)
        .get(format!("https://billing.acme.example:{https}/healthz"))
        .send()
        .await
        .expect("https through caddy");
    assert_eq!(first.status(), 200);
    // …a certificate from Caddy's own CA, for that name: checked properly now.
    let root =
        std::fs::read(data.join("caddy/pki/authorities/local/root.crt")).expect("caddy's root");
    let strict = through(
        "billing.acme.example",
        Some(reqwest::Certificate::from_pem(&root).expect("pem")),
    );
    let page = strict
        .get(format!("https://billing.acme.example:{https}/"))
        .send()
        .await
        .expect("verified TLS");
    assert_eq!(page.status(), 401, "the tenant's sign-in page");
    assert!(page.text().await.expect("body").contains("Acme Parts"));

    // The unverified one is refused a certificate: no TLS at all.
    let refused = through("pending.acme.example", None)
        .get(format!("https://pending.acme.example:{https}/healthz"))
        .send()
        .await;
    assert!(
        refused.is_err(),
        "no certificate for an unverified host: {refused:?}"
    );
}
