//! A real SMTP server for mail tests: Python's `aiosmtpd` (PyPI; `.ci/run` installs it) running
//! `tests/support/smtp_server.py`, which writes each accepted message to a folder. Tests skip loudly where it is
//! missing, unless `BILLFOLD_REQUIRE_AIOSMTPD=1` (CI) makes that a failure.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::mail::{outbox, Mail};

/// A running SMTP server; killed on drop.
pub struct SmtpServer {
    child: Option<Child>,
    /// Its port on 127.0.0.1.
    pub port: u16,
    dir: tempfile::TempDir,
}

fn script() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("support/smtp_server.py")
}

/// Whether aiosmtpd is importable; `false` after saying so (or a panic when it is required).
fn available() -> bool {
    let ok = Command::new("python3")
        .args(["-c", "import aiosmtpd"])
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    if !ok {
        let why = "python3's aiosmtpd is not installed (pip install aiosmtpd)";
        if std::env::var("BILLFOLD_REQUIRE_AIOSMTPD").as_deref() == Ok("1") {
            panic!("BILLFOLD_REQUIRE_AIOSMTPD=1 but {why}");
        }
        eprintln!("SKIPPED: SMTP test did not run: {why}");
    }
    ok
}

impl SmtpServer {
    /// Starts a server on a free port, or `None` (after saying so) without aiosmtpd.
    pub fn start() -> Option<SmtpServer> {
        if !available() {
            return None;
        }
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("a free port")
            .port();
        let mut server = SmtpServer {
            child: None,
            port,
            dir: tempfile::tempdir().expect("mail dir"),
        };
        server.restart();
        Some(server)
    }

    /// Starts it again on the same port and folder (after [`SmtpServer::stop`]).
    pub fn restart(&mut self) {
        self.stop();
        let mut child = Command::new("python3")
            .arg(script())
            .arg(self.port.to_string())
            .arg(self.dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("start the SMTP server");
        let mut ready = String::new();
        use std::io::BufRead;
        let stdout = child.stdout.take().expect("stdout");
        std::io::BufReader::new(stdout)
            .read_line(&mut ready)
            .expect("the server's first line");
        assert_eq!(ready.trim(), "ready", "the SMTP server did not start");
        self.child = Some(child);
    }

    /// Stops it (connections are refused until [`SmtpServer::restart`]).
    pub fn stop(&mut self) {
        if let Some(mut child) = self.child.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// The relay URL for it.
    pub fn url(&self) -> String {
        format!("smtp://127.0.0.1:{}", self.port)
    }

    /// Every message it accepted, oldest first.
    pub fn received(&self) -> Vec<Mail> {
        outbox(self.dir.path())
    }

    /// Where it writes messages.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    /// The newest message to `to` whose subject contains `subject`, if it has arrived.
    pub fn wait_for_now(&self, to: &str, subject: &str) -> Option<Mail> {
        self.received()
            .into_iter()
            .rev()
            .find(|m| m.to == [to] && m.subject.contains(subject))
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop();
    }
}
