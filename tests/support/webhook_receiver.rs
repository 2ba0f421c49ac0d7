//! The Python webhook receiver (`webhook_receiver.py`), which verifies every delivery with the `standardwebhooks`
//! package (PyPI), not with Billfold's own code.

use std::io::{BufRead, BufReader, Write};
use std::process::{Child, Command, Stdio};

use serde_json::Value;

/// The Python receiver; `None` (after saying so) without the `standardwebhooks` package, unless
/// `BILLFOLD_REQUIRE_STANDARDWEBHOOKS=1` (CI installs it).
pub struct Receiver {
    child: Child,
    /// `http://127.0.0.1:<port>`.
    pub base: String,
}

impl Receiver {
    pub fn start() -> Option<Receiver> {
        let has = Command::new("python3")
            .args(["-c", "import standardwebhooks"])
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !has {
            if std::env::var("BILLFOLD_REQUIRE_STANDARDWEBHOOKS").as_deref() == Ok("1") {
                panic!("BILLFOLD_REQUIRE_STANDARDWEBHOOKS=1 but the standardwebhooks package is missing");
            }
            eprintln!("SKIPPED: python3 -m pip install standardwebhooks; webhook deliveries were not verified");
            return None;
        }
        let script = concat!(env!("CARGO_MANIFEST_DIR"), "/support/webhook_receiver.py");
        let mut child = Command::new("python3")
            .arg(script)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("start the receiver");
        let mut line = String::new();
        BufReader::new(child.stdout.take().expect("stdout"))
            .read_line(&mut line)
            .expect("port");
        Some(Receiver {
            child,
            base: format!("http://127.0.0.1:{}", line.trim()),
        })
    }

    /// Tells the receiver the `whsec_…` secret of the endpoint at `path`.
    pub async fn set_secret(&self, path: &str, secret: &str) {
        reqwest::Client::new()
            .post(format!("{}/_secret{path}", self.base))
            .body(secret.to_string())
            .send()
            .await
            .expect("secret");
    }

    /// What arrived so far: `{path, id, type, verified}` each.
    pub async fn received(&self) -> Vec<Value> {
        reqwest::get(format!("{}/_received", self.base))
            .await
            .expect("received")
            .json()
            .await
            .expect("json")
    }
}

impl Drop for Receiver {
    fn drop(&mut self) {
        // Closing stdin stops it.
        drop(self.child.stdin.take().map(|mut s| s.flush()));
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
