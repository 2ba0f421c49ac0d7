//! The `billfold` binary, driven as an operator would: its output, exit codes and configuration layering.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::{Command, Output, Stdio};

const BIN: &str = env!("CARGO_BIN_EXE_billfold");

/// Runs `billfold` in `dir` with no inherited Billfold settings.
fn billfold(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let mut cmd = Command::new(BIN);
    cmd.current_dir(dir).args(args);
    for (k, _) in std::env::vars() {
        if k.starts_with("BILLFOLD__") {
            cmd.env_remove(k);
        }
    }
    cmd.envs(env.iter().copied());
    cmd.output().expect("run billfold")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

/// `key=value` lines of `tenant add`.
fn secrets(o: &Output) -> Vec<(String, String)> {
    stdout(o)
        .lines()
        .map(|l| {
            let (k, v) = l.split_once('=').expect("key=value line");
            (k.to_string(), v.to_string())
        })
        .collect()
}

#[test]
fn every_command_explains_itself_with_an_example() {
    let dir = tempfile::tempdir().unwrap();
    for args in [
        vec!["--help"],
        vec!["serve", "--help"],
        vec!["migrate", "--help"],
        vec!["tenant", "--help"],
        vec!["tenant", "add", "--help"],
        vec!["tenant", "list", "--help"],
        vec!["tenant", "gateway", "--help"],
        vec!["member", "set", "--help"],
        vec!["member", "remove", "--help"],
        vec!["member", "list", "--help"],
        vec!["audit", "--help"],
        vec!["estimate", "list", "--help"],
        vec!["tenant", "domain", "--help"],
        vec!["tenant", "domain", "add", "--help"],
        vec!["tenant", "domain", "verify", "--help"],
        vec!["tenant", "update", "--help"],
        vec!["api-key", "create", "--help"],
        vec!["api-key", "list", "--help"],
        vec!["api-key", "revoke", "--help"],
        vec!["import", "--help"],
        vec!["sso-url", "--help"],
    ] {
        let out = billfold(dir.path(), &args, &[]);
        assert!(out.status.success(), "{args:?}");
        assert!(
            stdout(&out).contains("Example"),
            "{args:?} has no example:\n{}",
            stdout(&out)
        );
    }
}

#[test]
fn tenant_add_prints_secrets_once_and_sso_url_signs_with_them() {
    let dir = tempfile::tempdir().unwrap();
    let out = billfold(
        dir.path(),
        &["tenant", "add", "acme", "--name", "Acme Corp"],
        &[],
    );
    assert!(out.status.success(), "{}", stderr(&out));
    let lines = secrets(&out);
    let keys: Vec<&str> = lines.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["api_key", "sso_key_id", "sso_secret"]);
    assert!(
        stderr(&out).contains("created a new master key"),
        "the demo key file is announced"
    );
    assert!(dir.path().join("billfold.key").exists());

    let list = billfold(dir.path(), &["tenant", "list"], &[]);
    assert!(
        stdout(&list).contains("acme  Acme Corp  default  sandbox  http://acme.localhost:8080"),
        "{}",
        stdout(&list)
    );

    let again = billfold(
        dir.path(),
        &["tenant", "add", "acme", "--name", "Other"],
        &[],
    );
    assert!(!again.status.success());
    assert!(stderr(&again).contains("a tenant with slug \"acme\" already exists"));
    assert!(
        stdout(&again).is_empty(),
        "no secrets printed for a refused tenant"
    );
    let bad = billfold(
        dir.path(),
        &["tenant", "add", "Bad_Slug", "--name", "X"],
        &[],
    );
    assert!(!bad.status.success());
    assert!(stderr(&bad).contains("is not a valid tenant slug"));

    let url = billfold(
        dir.path(),
        &[
            "sso-url",
            "--tenant",
            "acme",
            "--email",
            "pat@initech.example",
            "--account",
            "C-100",
            "--to",
            "/invoices/INV-1",
        ],
        &[],
    );
    assert!(url.status.success(), "{}", stderr(&url));
    let url = stdout(&url);
    let token = url
        .trim()
        .strip_prefix("http://acme.localhost:8080/sso?token=")
        .expect("portal URL");
    let keys = vec![(lines[1].1.clone(), lines[2].1.clone())];
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let slug = billfold::domain::Slug::parse("acme").unwrap();
    let claims = billfold::sso::verify(token, &slug, &keys, now)
        .expect("token verifies with the printed secret");
    assert_eq!(claims.sub, "pat@initech.example");
    assert_eq!(claims.acct.as_deref(), Some("C-100"));
    assert_eq!(claims.to.as_deref(), Some("/invoices/INV-1"));
    assert_eq!(claims.exp - claims.iat, 300);

    for bad in [
        vec!["--to", "https://evil.example"],
        vec!["--ttl", "7200"],
        vec!["--email", "not-an-email"],
    ] {
        let mut args = vec![
            "sso-url",
            "--tenant",
            "acme",
            "--email",
            "pat@initech.example",
        ];
        args.extend(bad.iter().copied());
        let out = billfold(dir.path(), &args, &[]);
        assert!(!out.status.success(), "{bad:?} was accepted");
        assert!(stdout(&out).is_empty());
    }
    let out = billfold(
        dir.path(),
        &["sso-url", "--tenant", "nobody", "--email", "a@b.example"],
        &[],
    );
    assert!(stderr(&out).contains("no tenant with slug \"nobody\""));
}

#[test]
fn tenant_gateway_stores_credentials_sealed_and_never_prints_them() {
    let dir = tempfile::tempdir().unwrap();
    let added = billfold(
        dir.path(),
        &["tenant", "add", "acme", "--name", "Acme"],
        &[],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let env = [
        ("BILLFOLD_STRIPE_SECRET_KEY", "sk_test_cli_secret_77"),
        ("BILLFOLD_STRIPE_WEBHOOK_SECRET", "whsec_cli_secret_88"),
    ];
    let set = billfold(
        dir.path(),
        &[
            "tenant",
            "gateway",
            "acme",
            "stripe",
            "--publishable-key",
            "pk_test_cli",
        ],
        &env,
    );
    assert!(set.status.success(), "{}", stderr(&set));
    assert_eq!(stdout(&set).trim(), "gateway=stripe");
    assert!(
        stderr(&set).contains("http://acme.localhost:8080/webhooks/stripe"),
        "{}",
        stderr(&set)
    );
    let everything = format!("{}{}", stdout(&set), stderr(&set));
    assert!(!everything.contains("cli_secret"), "{everything}");
    let db = std::fs::read(dir.path().join("billfold.db")).unwrap();
    let db = String::from_utf8_lossy(&db);
    assert!(!db.contains("sk_test_cli_secret_77") && !db.contains("whsec_cli_secret_88"));

    let list = billfold(dir.path(), &["tenant", "list"], &[]);
    assert!(
        stdout(&list).contains("GATEWAY") && stdout(&list).contains("stripe"),
        "{}",
        stdout(&list)
    );

    // Bad input is refused with a reason, and changes nothing.
    for (args, reason) in [
        (
            vec![
                "tenant",
                "gateway",
                "acme",
                "stripe",
                "--publishable-key",
                "pk_x",
                "--secret-key",
                "pk_oops",
            ],
            "--secret-key should start with sk_ or rk_",
        ),
        (
            vec![
                "tenant",
                "gateway",
                "acme",
                "authorize-net",
                "--login-id",
                "l",
                "--transaction-key",
                "k",
                "--client-key",
                "c",
                "--endpoint",
                "ftp://x",
            ],
            "--endpoint \"ftp://x\" is not an http(s) URL",
        ),
        (
            vec!["tenant", "gateway", "nobody", "sandbox"],
            "no tenant with slug",
        ),
    ] {
        let out = billfold(dir.path(), &args, &[]);
        assert!(!out.status.success(), "{args:?}");
        assert!(stderr(&out).contains(reason), "{args:?}: {}", stderr(&out));
    }
    let list = billfold(dir.path(), &["tenant", "list"], &[]);
    assert!(stdout(&list).contains("stripe"));

    let back = billfold(dir.path(), &["tenant", "gateway", "acme", "sandbox"], &[]);
    assert_eq!(stdout(&back).trim(), "gateway=sandbox");
    assert!(stdout(&billfold(dir.path(), &["tenant", "list"], &[])).contains("sandbox"));
}

#[test]
fn vendors_manage_account_users_and_read_the_audit_log() {
    let dir = tempfile::tempdir().unwrap();
    assert!(billfold(
        dir.path(),
        &["tenant", "add", "acme", "--name", "Acme"],
        &[]
    )
    .status
    .success());
    let file = dir.path().join("people.json");
    std::fs::write(
        &file,
        r#"{"accounts": [{"id": "C-100", "name": "Initech", "currency": "USD"}],
            "contacts": [{"email": "ada@initech.example", "memberships": [{"account": "C-100", "roles": ["admin"]}]}]}"#,
    )
    .unwrap();
    let imported = billfold(
        dir.path(),
        &["import", "--tenant", "acme", file.to_str().unwrap()],
        &[],
    );
    assert!(imported.status.success(), "{}", stderr(&imported));
    let set = |email: &str, access: &str| {
        billfold(
            dir.path(),
            &[
                "member",
                "set",
                "--tenant",
                "acme",
                "--account",
                "C-100",
                "--email",
                email,
                "--access",
                access,
            ],
            &[],
        )
    };
    let added = set("pat@initech.example", "viewer");
    assert!(added.status.success(), "{}", stderr(&added));
    let changed = set("pat@initech.example", "accounting");
    assert_eq!(
        stdout(&changed).trim(),
        "pat@initech.example has accounting access to C-100"
    );
    let bad = set("pat@initech.example", "boss");
    assert!(!bad.status.success() && stderr(&bad).contains("use viewer, accounting or admin"));
    let list = billfold(
        dir.path(),
        &["member", "list", "--tenant", "acme", "--account", "C-100"],
        &[],
    );
    assert_eq!(
        stdout(&list),
        "ada@initech.example\tadmin\npat@initech.example\taccounting\n"
    );
    let last_admin = billfold(
        dir.path(),
        &[
            "member",
            "remove",
            "--tenant",
            "acme",
            "--account",
            "C-100",
            "--email",
            "ada@initech.example",
        ],
        &[],
    );
    assert!(!last_admin.status.success());
    assert!(
        stderr(&last_admin).contains("at least one admin"),
        "{}",
        stderr(&last_admin)
    );
    let unknown = billfold(
        dir.path(),
        &[
            "member",
            "set",
            "--tenant",
            "acme",
            "--account",
            "C-999",
            "--email",
            "x@y.example",
            "--access",
            "viewer",
        ],
        &[],
    );
    assert!(stderr(&unknown).contains("no account \"C-999\""));
    let removed = billfold(
        dir.path(),
        &[
            "member",
            "remove",
            "--tenant",
            "acme",
            "--account",
            "C-100",
            "--email",
            "pat@initech.example",
        ],
        &[],
    );
    assert!(removed.status.success(), "{}", stderr(&removed));

    let log = billfold(dir.path(), &["audit", "--tenant", "acme"], &[]);
    let out = stdout(&log);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines.len(), 3, "{lines:?}");
    assert!(
        lines[0].contains("C-100\tvendor (cli)\t-\tmember.removed\tpat@initech.example"),
        "{}",
        lines[0]
    );
    assert!(lines[1].contains("member.roles_changed\tpat@initech.example: viewer → accounting"));
    assert!(lines[2].contains("member.added\tpat@initech.example as viewer"));
}

#[test]
fn api_keys_are_created_listed_and_revoked() {
    let dir = tempfile::tempdir().unwrap();
    let added = billfold(
        dir.path(),
        &["tenant", "add", "acme", "--name", "Acme"],
        &[],
    );
    let first = secrets(&added)[0].1.clone();
    let created = billfold(dir.path(), &["api-key", "create", "--tenant", "acme"], &[]);
    assert!(created.status.success(), "{}", stderr(&created));
    let second = secrets(&created)[0].1.clone();
    assert!(second.starts_with("bfk_") && second != first);
    let list = stdout(&billfold(
        dir.path(),
        &["api-key", "list", "--tenant", "acme"],
        &[],
    ));
    assert_eq!(
        list.lines().filter(|l| l.ends_with("\tactive")).count(),
        2,
        "{list}"
    );
    assert!(!list.contains(&second), "only prefixes are listed");
    let revoked = billfold(
        dir.path(),
        &[
            "api-key",
            "revoke",
            "--tenant",
            "acme",
            "--prefix",
            &first[..12],
        ],
        &[],
    );
    assert!(revoked.status.success(), "{}", stderr(&revoked));
    let list = stdout(&billfold(
        dir.path(),
        &["api-key", "list", "--tenant", "acme"],
        &[],
    ));
    assert!(
        list.contains(&format!("{}\t", &first[..12])) && list.contains("\trevoked"),
        "{list}"
    );
    let again = billfold(
        dir.path(),
        &[
            "api-key",
            "revoke",
            "--tenant",
            "acme",
            "--prefix",
            &first[..12],
        ],
        &[],
    );
    assert!(!again.status.success() && stderr(&again).contains("no active API key"));
}

#[test]
fn environment_overrides_the_file_and_the_flag_overrides_both() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("billfold.toml"),
        "[database]\nurl = \"sqlite://from_file.db\"\n",
    )
    .unwrap();
    assert!(billfold(dir.path(), &["migrate"], &[]).status.success());
    assert!(dir.path().join("from_file.db").exists());

    let env = [("BILLFOLD__DATABASE__URL", "sqlite://from_env.db")];
    let out = billfold(dir.path(), &["migrate"], &env);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(dir.path().join("from_env.db").exists());

    let out = billfold(
        dir.path(),
        &["--database-url", "sqlite://from_flag.db", "migrate"],
        &env,
    );
    assert!(out.status.success());
    assert!(dir.path().join("from_flag.db").exists());
    assert!(
        !dir.path().join("billfold.db").exists(),
        "the default is used only when nothing is configured"
    );

    let out = billfold(
        dir.path(),
        &["tenant", "list"],
        &[("BILLFOLD__DATABSE__URL", "sqlite://typo.db")],
    );
    assert!(stderr(&out).contains("warning: ignoring BILLFOLD__DATABSE__URL"));
}

#[test]
fn import_is_all_or_nothing_with_a_named_error() {
    let dir = tempfile::tempdir().unwrap();
    assert!(billfold(
        dir.path(),
        &["tenant", "add", "acme", "--name", "Acme"],
        &[]
    )
    .status
    .success());
    let mut file = billfold_tests::sample_file();
    file["invoices"][2]["lines"][0]["unit_price"] = serde_json::json!("12,5");
    std::fs::write(
        dir.path().join("bad.json"),
        serde_json::to_vec(&file).unwrap(),
    )
    .unwrap();
    let out = billfold(dir.path(), &["import", "--tenant", "acme", "bad.json"], &[]);
    assert_eq!(out.status.code(), Some(1));
    assert_eq!(
        stderr(&out).trim(),
        "error: invoices[2].lines[0].unit_price: \"12,5\" is not a decimal amount"
    );

    std::fs::write(
        dir.path().join("good.json"),
        serde_json::to_vec(&billfold_tests::sample_file()).unwrap(),
    )
    .unwrap();
    for _ in 0..2 {
        let out = billfold(
            dir.path(),
            &["import", "--tenant", "acme", "good.json"],
            &[],
        );
        assert!(out.status.success(), "{}", stderr(&out));
        assert_eq!(
            stdout(&out),
            "imported into acme: 2 accounts, 1 contacts, 3 invoices, 1 payments\n"
        );
    }
    let out = billfold(
        dir.path(),
        &["import", "--tenant", "acme", "missing.json"],
        &[],
    );
    assert!(stderr(&out).contains("cannot read missing.json"));
}

#[test]
fn subscriptions_and_estimates_import_and_estimates_list() {
    let dir = tempfile::tempdir().unwrap();
    assert!(billfold(
        dir.path(),
        &["tenant", "add", "acme", "--name", "Acme"],
        &[]
    )
    .status
    .success());
    let mut file = billfold_tests::sample_file();
    file["subscriptions"] = serde_json::json!([{"id": "sub_1", "account": "C-100", "plan": "Pro",
        "unit_amount": "49.00", "currency": "USD", "interval": "month", "status": "active",
        "current_period_start": "2026-11-01", "current_period_end": "2026-12-01"}]);
    file["estimates"] = serde_json::json!([
        {"number": "EST-9", "account": "C-100", "issued_on": "2026-11-01", "expires_on": "2099-12-31",
         "currency": "USD", "deposit": "10.00", "lines": [{"description": "Kit", "quantity": "1", "unit_price": "40.00"}]},
        {"number": "EST-1", "account": "C-200", "issued_on": "2026-01-01", "expires_on": "2026-01-31",
         "currency": "USD", "lines": [{"description": "Old", "quantity": "1", "unit_price": "5.00"}]}]);
    std::fs::write(
        dir.path().join("f.json"),
        serde_json::to_vec(&file).unwrap(),
    )
    .unwrap();
    let out = billfold(dir.path(), &["import", "--tenant", "acme", "f.json"], &[]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stdout(&out).ends_with("1 payments, 1 subscriptions, 2 estimates\n"),
        "{}",
        stdout(&out)
    );
    let list = billfold(dir.path(), &["estimate", "list", "--tenant", "acme"], &[]);
    assert!(list.status.success(), "{}", stderr(&list));
    let lines: Vec<String> = stdout(&list).lines().map(str::to_string).collect();
    assert_eq!(
        lines,
        [
            "EST-9\tC-100\topen\t40.00 USD\t10.00 USD\t2099-12-31\t-\t",
            "EST-1\tC-200\texpired\t5.00 USD\t0.00 USD\t2026-01-31\t-\t"
        ]
    );
    let one = billfold(
        dir.path(),
        &["estimate", "list", "--tenant", "acme", "--account", "C-200"],
        &[],
    );
    assert_eq!(stdout(&one).lines().count(), 1);

    let policy = billfold(
        dir.path(),
        &[
            "tenant",
            "update",
            "acme",
            "--subscription-cancel",
            "sometimes",
        ],
        &[],
    );
    assert!(!policy.status.success());
    assert!(
        stderr(&policy).contains("--subscription-cancel"),
        "{}",
        stderr(&policy)
    );
    let policy = billfold(
        dir.path(),
        &[
            "tenant",
            "update",
            "acme",
            "--subscription-cancel",
            "not_allowed",
        ],
        &[],
    );
    assert!(policy.status.success(), "{}", stderr(&policy));

    // The tenant's default language: one the portal speaks, or a clear refusal.
    let unknown = billfold(
        dir.path(),
        &["tenant", "update", "acme", "--default-locale", "xx"],
        &[],
    );
    assert!(!unknown.status.success());
    assert!(
        stderr(&unknown).contains("--default-locale takes en, fr, de or es"),
        "{}",
        stderr(&unknown)
    );
    let german = billfold(
        dir.path(),
        &["tenant", "update", "acme", "--default-locale", "de"],
        &[],
    );
    assert!(german.status.success(), "{}", stderr(&german));
}

#[test]
fn serve_answers_healthz_on_any_host() {
    let dir = tempfile::tempdir().unwrap();
    let added = billfold(
        dir.path(),
        &["tenant", "add", "acme", "--name", "Acme"],
        &[],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let mut command = Command::new(BIN);
    command.args(["serve", "--port", "0"]);
    let (mut child, addr, _, _) = start_serve(dir.path(), command);
    for host in ["localhost", "acme.localhost", "anything.example"] {
        let mut s = TcpStream::connect(&addr).unwrap();
        write!(
            s,
            "GET /healthz HTTP/1.1\r\nHost: {host}\r\nConnection: close\r\n\r\n"
        )
        .unwrap();
        let mut response = String::new();
        s.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "{host}: {response}");
        assert!(response.ends_with("ok"));
    }
    // Links that leave the portal are built on the configured address (here: the bound port), not on the Host
    // header a request brings.
    let port = addr.rsplit_once(':').unwrap().1;
    let mut s = TcpStream::connect(&addr).unwrap();
    write!(
        s,
        "GET /api/v1/openapi.json HTTP/1.1\r\nHost: acme.localhost:6666\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    assert!(
        response.contains(&format!("\"url\":\"http://acme.localhost:{port}/api/v1\"")),
        "{response}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

#[test]
fn the_cli_works_on_postgresql() {
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let Some((url, admin_url, database)) = rt.block_on(billfold_tests::create_postgres_database())
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let flag = ["--database-url", url.as_str()];
    let run = |args: &[&str]| billfold(dir.path(), &[&flag[..], args].concat(), &[]);
    let migrate = run(&["migrate"]);
    assert!(migrate.status.success(), "{}", stderr(&migrate));
    assert!(run(&["tenant", "add", "acme", "--name", "Acme"])
        .status
        .success());
    std::fs::write(
        dir.path().join("good.json"),
        serde_json::to_vec(&billfold_tests::sample_file()).unwrap(),
    )
    .unwrap();
    let out = run(&["import", "--tenant", "acme", "good.json"]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stdout(&run(&["tenant", "list"])).contains("acme"));
    rt.block_on(async {
        let pool = sqlx::PgPool::connect(&admin_url).await.unwrap();
        sqlx::query(&format!("DROP DATABASE \"{database}\" WITH (FORCE)"))
            .execute(&pool)
            .await
            .unwrap();
    });
}

/// One raw HTTP/1.1 exchange, so the test needs no resolver for `*.localhost`.
fn http_get(port: u16, host: &str, path: &str, cookie: Option<&str>) -> String {
    let mut s = TcpStream::connect(("127.0.0.1", port)).unwrap();
    let cookie = cookie
        .map(|c| format!("Cookie: {c}\r\n"))
        .unwrap_or_default();
    write!(
        s,
        "GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n{cookie}Connection: close\r\n\r\n"
    )
    .unwrap();
    let mut response = String::new();
    s.read_to_string(&mut response).unwrap();
    response
}

/// Starts `billfold demo --port 0` in `dir` and returns it with the sign-in URLs it printed.
fn start_demo(dir: &Path) -> (std::process::Child, Vec<String>) {
    let mut child = Command::new(BIN)
        .current_dir(dir)
        .args(["demo", "--port", "0"])
        .env("NO_COLOR", "1")
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    // Keep draining stdout after the URLs, so the demo never writes to a closed pipe.
    let (tx, rx) = std::sync::mpsc::channel();
    let stdout = child.stdout.take().unwrap();
    std::thread::spawn(move || {
        for line in BufReader::new(stdout).lines().map_while(Result::ok) {
            if let Some(url) = line.trim().strip_prefix("http://") {
                let _ = tx.send(url.to_string());
            }
        }
    });
    let urls: Vec<String> = (0..4)
        .map(|_| {
            rx.recv_timeout(std::time::Duration::from_secs(60))
                .expect("a sign-in URL per demo user")
        })
        .collect();
    (child, urls)
}

/// Follows a printed sign-in URL (`host:port/path`) and returns the dashboard's response.
fn sign_in_and_open_dashboard(url: &str) -> String {
    let (authority, path) = url.split_at(url.find('/').unwrap());
    let (host, port) = authority.rsplit_once(':').unwrap();
    let port: u16 = port.parse().unwrap();
    let signed = http_get(
        port,
        host,
        &format!("/{}", path.trim_start_matches('/')),
        None,
    );
    assert!(signed.starts_with("HTTP/1.1 303"), "{signed}");
    let cookie = signed
        .lines()
        .find_map(|l| l.strip_prefix("set-cookie: "))
        .and_then(|c| c.split(';').next())
        .expect("session cookie")
        .to_string();
    http_get(port, host, "/", Some(&cookie))
}

#[test]
fn demo_serves_two_themed_tenants_and_is_idempotent() {
    let dir = tempfile::tempdir().unwrap();
    for run in 0..2 {
        let (mut child, urls) = start_demo(dir.path());
        let pat = sign_in_and_open_dashboard(&urls[0]);
        assert!(pat.starts_with("HTTP/1.1 200"), "run {run}: {pat}");
        for words in [
            "Total Outstanding",
            "Unpaid Invoices",
            "Past Due",
            "Paid",
            "Unpaid",
            "Acme Parts Co.",
            "Switch account",
            "Need Help?",
        ] {
            assert!(pat.contains(words), "run {run}: dashboard lacks {words:?}");
        }
        let vic = sign_in_and_open_dashboard(&urls[1]);
        assert!(vic.starts_with("HTTP/1.1 200"), "viewer sees the dashboard");
        let nora = sign_in_and_open_dashboard(&urls[2]);
        assert!(
            nora.starts_with("HTTP/1.1 403") && nora.contains("Access denied"),
            "{nora}"
        );
        let harbor = sign_in_and_open_dashboard(&urls[3]);
        assert!(harbor.contains("topbar--harbor") && harbor.contains("Harbor Freightworks"));
        assert!(harbor.contains("HF-3001"));
        child.kill().unwrap();
        child.wait().unwrap();
    }
}

/// Reads a whole HTTP response (until the server closes), or what arrived before `timeout`.
fn read_response(s: &mut TcpStream, timeout: std::time::Duration) -> String {
    s.set_read_timeout(Some(timeout)).unwrap();
    let mut bytes = Vec::new();
    let _ = s.read_to_end(&mut bytes);
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Under the common 1,024 open-file limit, 1,100 connections that send nothing leave `/healthz` answering: the
/// server holds at most as many connections as it has files for, and closes those that send no request within
/// the header deadline. A client dribbling its request head is closed at the deadline; one dribbling a body gets
/// 408. The limits say so in the log.
#[test]
fn idle_and_slow_connections_never_starve_the_server() {
    let Ok(prlimit) = which("prlimit") else {
        panic!("prlimit (util-linux) is needed to run the server under a 1,024 open-file limit");
    };
    let dir = tempfile::tempdir().unwrap();
    let added = billfold(
        dir.path(),
        &["tenant", "add", "acme", "--name", "Acme"],
        &[],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    let mut command = Command::new(prlimit);
    command
        .args(["--nofile=1024:1024", BIN, "serve", "--port", "0"])
        .env("BILLFOLD__SERVER__HEADER_READ_TIMEOUT_SECS", "2")
        .env("BILLFOLD__SERVER__BODY_READ_TIMEOUT_SECS", "2");
    let (mut child, addr, mut logged, log_rx) = start_serve(dir.path(), command);

    let idle: Vec<TcpStream> = (0..1100)
        .map(|i| TcpStream::connect(&addr).unwrap_or_else(|e| panic!("connection {i}: {e}")))
        .collect();
    let started = std::time::Instant::now();
    let mut s = TcpStream::connect(&addr).unwrap();
    write!(
        s,
        "GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let response = read_response(&mut s, std::time::Duration::from_secs(20));
    assert!(
        response.starts_with("HTTP/1.1 200") && response.ends_with("ok"),
        "healthz behind 1,100 idle connections: {response:?}"
    );
    assert!(
        started.elapsed() < std::time::Duration::from_secs(12),
        "answered after {:?}",
        started.elapsed()
    );
    drop(idle);

    // A request head sent a byte at a time, never finished: closed at the deadline.
    let mut dribbler = TcpStream::connect(&addr).unwrap();
    let started = std::time::Instant::now();
    dribbler
        .set_write_timeout(Some(std::time::Duration::from_secs(1)))
        .unwrap();
    let mut closed = false;
    for byte in b"GET /healthz HTTP/1.1\r\nHost: localhost\r\nX-Slow: "
        .iter()
        .cycle()
        .take(12)
    {
        if dribbler.write_all(&[*byte]).is_err() {
            closed = true;
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(500));
    }
    let rest = read_response(&mut dribbler, std::time::Duration::from_secs(5));
    assert!(
        closed || started.elapsed() < std::time::Duration::from_secs(12),
        "a dribbled head is cut off (got {rest:?})"
    );

    // A body sent too slowly: 408.
    let mut slow = TcpStream::connect(&addr).unwrap();
    write!(
        slow,
        "POST /api/v1/accounts HTTP/1.1\r\nHost: acme.localhost\r\nContent-Type: application/json\r\n\
         Content-Length: 100\r\nConnection: close\r\n\r\n{{"
    )
    .unwrap();
    let response = read_response(&mut slow, std::time::Duration::from_secs(10));
    assert!(response.starts_with("HTTP/1.1 408"), "{response}");
    assert!(
        response.contains("\"error\""),
        "in the API's error shape: {response}"
    );

    // The limits say when they bit.
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(15);
    while std::time::Instant::now() < deadline {
        if let Ok(line) = log_rx.recv_timeout(std::time::Duration::from_millis(200)) {
            logged.push(line);
        }
        if logged
            .iter()
            .any(|l| l.contains("closed connections that sent no complete request"))
        {
            break;
        }
    }
    assert!(
        logged
            .iter()
            .any(|l| l.contains("closed connections that sent no complete request")),
        "{logged:#?}"
    );
    assert!(
        logged.iter().any(|l| l.contains("serving at most")),
        "the cap under 1,024 files is logged: {logged:#?}"
    );
    child.kill().unwrap();
    child.wait().unwrap();
}

/// Starts a `serve` command in `dir`; returns the child, its address, what it logged before listening and the
/// rest of its log as it comes.
fn start_serve(
    dir: &Path,
    mut command: Command,
) -> (
    std::process::Child,
    String,
    Vec<String>,
    std::sync::mpsc::Receiver<String>,
) {
    let mut child = command
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = BufReader::new(child.stderr.take().unwrap()).lines();
    let mut logged = Vec::new();
    let addr = loop {
        let line = lines.next().expect("server output").unwrap();
        if let Some((_, rest)) = line.split_once("listening on http://") {
            break rest.trim().to_string();
        }
        logged.push(line);
    };
    let (log_tx, log_rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in lines.map_while(Result::ok) {
            let _ = log_tx.send(line);
        }
    });
    (child, addr, logged, log_rx)
}

fn which(program: &str) -> Result<std::path::PathBuf, ()> {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(program))
        .find(|p| p.is_file())
        .ok_or(())
}

/// Issue 15 (11): a command on existing data run in the wrong folder says so instead of creating an empty
/// database; `sso-url --port` builds links for the port the portal listens on; logs written to a pipe carry no
/// colour codes.
#[test]
fn cli_runs_in_the_wrong_folder_or_on_another_port_say_so() {
    let empty = tempfile::tempdir().unwrap();
    let out = billfold(
        empty.path(),
        &["sso-url", "--tenant", "acme", "--email", "pat@x.example"],
        &[],
    );
    assert!(!out.status.success());
    assert!(
        stderr(&out).contains("no database at billfold.db"),
        "{}",
        stderr(&out)
    );
    assert!(
        !empty.path().join("billfold.db").exists(),
        "no empty database left behind"
    );

    let dir = tempfile::tempdir().unwrap();
    let added = billfold(
        dir.path(),
        &["tenant", "add", "acme", "--name", "Acme"],
        &[],
    );
    assert!(added.status.success(), "{}", stderr(&added));
    assert!(
        !stderr(&added).contains('\u{1b}'),
        "no colour codes in a redirected log: {:?}",
        stderr(&added)
    );
    let url = billfold(
        dir.path(),
        &[
            "sso-url",
            "--tenant",
            "acme",
            "--email",
            "pat@x.example",
            "--port",
            "8090",
        ],
        &[],
    );
    assert!(url.status.success(), "{}", stderr(&url));
    assert!(
        stdout(&url).starts_with("http://acme.localhost:8090/sso?token="),
        "{}",
        stdout(&url)
    );
    let hinted = billfold(
        dir.path(),
        &["sso-url", "--tenant", "acme", "--email", "pat@x.example"],
        &[],
    );
    assert!(stdout(&hinted).starts_with("http://acme.localhost:8080/"));
    assert!(
        stderr(&hinted).contains("add --port"),
        "{}",
        stderr(&hinted)
    );
}
