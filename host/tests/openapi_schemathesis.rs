//! The REST API's OpenAPI document checked against the running `billfold serve` by schemathesis (PyPI): generated
//! and mutated requests from the document, every response checked against it (no server errors, documented status
//! codes and shapes, schema-violating requests refused, authentication enforced). Skips loudly where schemathesis
//! is not installed, unless `BILLFOLD_REQUIRE_SCHEMATHESIS=1` (CI installs it).
//!
//! Every check runs, `positive_data_acceptance` included: a schema-valid request must not be answered 400. Rules no
//! schema expresses answer 422 (an SSO link's `to` outside the portal, a webhook URL on a private network) or 409
//! (a record that contradicts what is stored), which that check is told to accept.

use std::io::{BufRead, BufReader};
use std::process::{Command, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_billfold");

fn installed() -> bool {
    let found = Command::new("schemathesis")
        .arg("--version")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !found {
        if std::env::var("BILLFOLD_REQUIRE_SCHEMATHESIS").as_deref() == Ok("1") {
            panic!("BILLFOLD_REQUIRE_SCHEMATHESIS=1 but schemathesis is not installed");
        }
        eprintln!("SKIPPED: schemathesis is not installed (pip install schemathesis); the OpenAPI document was not fuzzed");
    }
    found
}

fn billfold(dir: &std::path::Path, args: &[&str]) -> String {
    let out = Command::new(BIN)
        .current_dir(dir)
        .args(args)
        .env("NO_COLOR", "1")
        .output()
        .expect("run billfold");
    assert!(
        out.status.success(),
        "{args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

#[test]
fn the_running_api_conforms_to_its_openapi_document() {
    if !installed() {
        return;
    }
    let dir = tempfile::tempdir().expect("dir");
    let secrets = billfold(dir.path(), &["tenant", "add", "acme", "--name", "Acme"]);
    let key = secrets
        .lines()
        .find_map(|l| l.strip_prefix("api_key="))
        .expect("api key")
        .to_string();
    let data = dir.path().join("data.json");
    std::fs::write(
        &data,
        r#"{"accounts": [{"id": "C-100", "name": "Initech", "currency": "USD"}],
            "contacts": [{"email": "pat@initech.example", "name": "Pat",
                          "memberships": [{"account": "C-100", "roles": ["accounting"]}]}],
            "invoices": [{"number": "INV-1001", "account": "C-100", "issued_on": "2026-09-01", "due_on": "2026-10-01",
                          "currency": "USD", "tax": "0.00",
                          "lines": [{"description": "Scanner", "quantity": "2", "unit_price": "199.99"}]}]}"#,
    )
    .expect("data");
    billfold(
        dir.path(),
        &["import", "--tenant", "acme", data.to_str().expect("path")],
    );

    let mut server = Command::new(BIN)
        .current_dir(dir.path())
        .args(["serve", "--port", "0"])
        .env("NO_COLOR", "1")
        .env("BILLFOLD__API__RATE_LIMIT_PER_MINUTE", "1000000")
        .stderr(Stdio::piped())
        .spawn()
        .expect("serve");
    let mut lines = BufReader::new(server.stderr.take().expect("stderr")).lines();
    let addr = loop {
        let line = lines.next().expect("server output").expect("line");
        if let Some((_, rest)) = line.split_once("listening on http://") {
            break rest.trim().to_string();
        }
    };
    // Keep draining the server's log so it never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});

    // Schema-valid requests may be refused only for the reasons the document gives beside 400 (see above).
    std::fs::write(
        dir.path().join("schemathesis.toml"),
        "[checks.positive_data_acceptance]\n\
         expected-statuses = [\"2xx\", \"401\", \"403\", \"404\", \"409\", \"422\", \"429\"]\n",
    )
    .expect("schemathesis.toml");
    let out = Command::new("schemathesis")
        .current_dir(dir.path())
        .args([
            "run",
            &format!("http://{addr}/api/v1/openapi.json"),
            "--url",
            &format!("http://{addr}/api/v1"),
            "-H",
            "Host: acme.localhost",
            "-H",
            &format!("Authorization: Bearer {key}"),
            "--max-examples",
            "60",
            "--seed",
            "20261122",
            "--no-color",
        ])
        .output()
        .expect("run schemathesis");
    let _ = server.kill();
    let _ = server.wait();
    let report = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "schemathesis found problems:\n{report}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // Every operation in the document was exercised ("Operations: 17 selected / 17 total", "Tested: 17").
    let number_after = |label: &str| {
        report
            .split(label)
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .and_then(|n| n.parse::<u32>().ok())
    };
    let total = number_after("Operations:").expect("operation count");
    assert_eq!(number_after("Tested:"), Some(total), "{report}");
}
