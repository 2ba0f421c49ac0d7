//! `localstripe`, a local server speaking Stripe's API, for the Stripe tests: one per test binary, started on first
//! use and stopped by a watchdog when the test process ends.

use std::time::Duration;

/// The URL of one `localstripe` shared by this test binary's Stripe tests (started on first use, and stopped by
/// a watchdog when the test process ends). `None` (after saying so) when it isn't installed, unless
/// `BILLFOLD_REQUIRE_LOCALSTRIPE=1` (CI installs it).
pub struct LocalStripe {
    pub url: String,
}

static SHARED: std::sync::OnceLock<Option<String>> = std::sync::OnceLock::new();

fn start_shared() -> Option<String> {
    let installed = std::process::Command::new("localstripe")
        .arg("--help")
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .status()
        .is_ok();
    if !installed {
        if std::env::var("BILLFOLD_REQUIRE_LOCALSTRIPE").as_deref() == Ok("1") {
            panic!("BILLFOLD_REQUIRE_LOCALSTRIPE=1 but localstripe is not installed");
        }
        eprintln!("SKIPPED: localstripe is not installed (pip install localstripe); Stripe tests did not run");
        return None;
    }
    for _attempt in 0..3 {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("port")
            .port();
        // The watchdog stops localstripe when this test process is gone.
        let script = format!(
            "localstripe --port {port} >/dev/null 2>&1 & child=$!; \
             while kill -0 {parent} 2>/dev/null && kill -0 $child 2>/dev/null; do sleep 1; done; kill $child 2>/dev/null",
            parent = std::process::id()
        );
        let mut watchdog = std::process::Command::new("sh")
            .args(["-c", &script])
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start localstripe");
        std::thread::spawn(move || watchdog.wait());
        let deadline = std::time::Instant::now() + Duration::from_secs(60);
        while std::time::Instant::now() < deadline {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Some(format!("http://127.0.0.1:{port}"));
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }
    panic!("localstripe did not start");
}

pub async fn localstripe() -> Option<LocalStripe> {
    let url = tokio::task::spawn_blocking(|| SHARED.get_or_init(start_shared).clone())
        .await
        .expect("localstripe start")?;
    Some(LocalStripe { url })
}

/// A PaymentMethod made the way Stripe.js makes it in the customer's browser: straight at Stripe.
pub async fn payment_method(ls: &LocalStripe, number: &str) -> String {
    let v: serde_json::Value = reqwest::Client::new()
        .post(format!("{}/v1/payment_methods", ls.url))
        .basic_auth("sk_test_x", Some(""))
        .form(&[
            ("type", "card"),
            ("card[number]", number),
            ("card[exp_month]", "12"),
            ("card[exp_year]", "2030"),
            ("card[cvc]", "123"),
        ])
        .send()
        .await
        .expect("create pm")
        .json()
        .await
        .expect("pm json");
    v["id"].as_str().expect("pm id").to_string()
}
