//! A small W3C WebDriver client (the few commands the browser tests use) and a ChromeDriver process driving
//! Debian's Chromium headless. Tests skip loudly when ChromeDriver is absent, unless `BILLFOLD_REQUIRE_BROWSER=1`
//! (CI), where its absence fails the test.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use base64::Engine;
use serde_json::{json, Value};

const ELEMENT_KEY: &str = "element-6066-11e4-a52e-4f735466cecf";

/// Finds chromedriver and chromium, or says why not (and fails when the browser is required).
pub fn browser_binaries() -> Option<(PathBuf, PathBuf)> {
    let find = |names: &[&str]| {
        names
            .iter()
            .map(PathBuf::from)
            .find(|p| p.exists())
            .or_else(|| {
                std::env::var_os("PATH").and_then(|paths| {
                    std::env::split_paths(&paths)
                        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
                        .find(|p| p.exists())
                })
            })
    };
    let driver = find(&["/usr/bin/chromedriver", "chromedriver"]);
    let chromium = find(&["/usr/bin/chromium", "chromium", "chromium-browser"]);
    match (driver, chromium) {
        (Some(d), Some(c)) => Some((d, c)),
        _ => {
            let why = "chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)";
            if std::env::var("BILLFOLD_REQUIRE_BROWSER").as_deref() == Ok("1") {
                panic!("BILLFOLD_REQUIRE_BROWSER=1 but {why}");
            }
            eprintln!("SKIPPED: browser test did not run: {why}");
            None
        }
    }
}

/// A running ChromeDriver, killed on drop.
pub struct Driver {
    child: Child,
    pub url: String,
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Driver {
    pub async fn start(binary: &Path) -> Driver {
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let child = Command::new(binary)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("start chromedriver");
        let driver = Driver {
            child,
            url: format!("http://127.0.0.1:{port}"),
        };
        let client = reqwest::Client::new();
        let deadline = Instant::now() + Duration::from_secs(20);
        loop {
            if let Ok(r) = client.get(format!("{}/status", driver.url)).send().await {
                if r.status().is_success() {
                    return driver;
                }
            }
            assert!(Instant::now() < deadline, "chromedriver did not start");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

/// One browser session.
pub struct Browser {
    http: reqwest::Client,
    session: String,
}

#[derive(Clone)]
pub struct Element(String);

impl Browser {
    pub async fn open(driver: &Driver, chromium: &Path, downloads: &Path) -> Browser {
        let http = reqwest::Client::new();
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,1000"],
                "prefs": {"download.default_directory": downloads, "download.prompt_for_download": false}
            }
        }}});
        let r: Value = http
            .post(format!("{}/session", driver.url))
            .json(&caps)
            .send()
            .await
            .expect("new session")
            .json()
            .await
            .expect("session json");
        let id = r["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no WebDriver session: {r}"))
            .to_string();
        let browser = Browser {
            http,
            session: format!("{}/session/{id}", driver.url),
        };
        // Headless Chromium downloads only where it is told to.
        let _ = browser
            .call(
                "POST",
                "/chromium/send_command",
                json!({"cmd": "Page.setDownloadBehavior",
                "params": {"behavior": "allow", "downloadPath": downloads}}),
            )
            .await;
        browser
    }

    async fn call(&self, method: &str, path: &str, body: Value) -> Result<Value, String> {
        let url = format!("{}{path}", self.session);
        let request = match method {
            "GET" => self.http.get(url),
            "DELETE" => self.http.delete(url),
            _ => self.http.post(url).json(&body),
        };
        let response = request.send().await.map_err(|e| e.to_string())?;
        let ok = response.status().is_success();
        let v: Value = response.json().await.map_err(|e| e.to_string())?;
        if ok {
            Ok(v["value"].clone())
        } else {
            Err(v["value"].to_string())
        }
    }

    pub async fn goto(&self, url: &str) {
        self.call("POST", "/url", json!({"url": url}))
            .await
            .expect("navigate");
    }

    /// The browser's Back button; waits for the page it lands on to finish loading.
    pub async fn back(&self) {
        self.call("POST", "/back", json!({})).await.expect("back");
        self.wait_until_loaded().await;
    }

    /// Types keys into an element (WebDriver key codes, e.g. `"\u{E00C}"` for Escape).
    pub async fn press(&self, e: &Element, keys: &str) {
        self.call(
            "POST",
            &format!("/element/{}/value", e.0),
            json!({"text": keys}),
        )
        .await
        .expect("keys");
    }

    /// Runs a script in the page and returns its value.
    pub async fn eval(&self, script: &str) -> Value {
        self.call(
            "POST",
            "/execute/sync",
            json!({"script": script, "args": []}),
        )
        .await
        .expect("script")
    }

    pub async fn current_url(&self) -> String {
        self.call("GET", "/url", Value::Null)
            .await
            .expect("url")
            .as_str()
            .unwrap_or("")
            .to_string()
    }

    /// Finds the element matching a CSS selector, waiting up to 5 s for it to appear.
    pub async fn find(&self, css: &str) -> Element {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            match self
                .call(
                    "POST",
                    "/element",
                    json!({"using": "css selector", "value": css}),
                )
                .await
            {
                Ok(v) => return Element(v[ELEMENT_KEY].as_str().expect("element id").to_string()),
                Err(e) if Instant::now() > deadline => panic!("no element {css}: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    /// Every element matching a CSS selector, now (no waiting).
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        let v = self
            .call(
                "POST",
                "/elements",
                json!({"using": "css selector", "value": css}),
            )
            .await
            .expect("find elements");
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|e| e[ELEMENT_KEY].as_str().map(|id| Element(id.to_string())))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// Replaces an input's value with `text`, as typed.
    pub async fn type_into(&self, e: &Element, text: &str) {
        self.call("POST", &format!("/element/{}/clear", e.0), json!({}))
            .await
            .expect("clear");
        self.call(
            "POST",
            &format!("/element/{}/value", e.0),
            json!({"text": text}),
        )
        .await
        .expect("type");
    }

    /// Waits up to 5 s for the element matching `css` to have exactly `expected` as its text (tolerating the page
    /// being replaced meanwhile).
    pub async fn wait_for_text(&self, css: &str, expected: &str) {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let found = match self
                .call(
                    "POST",
                    "/element",
                    json!({"using": "css selector", "value": css}),
                )
                .await
            {
                Ok(v) => match v[ELEMENT_KEY].as_str() {
                    Some(id) => self
                        .call("GET", &format!("/element/{id}/text"), Value::Null)
                        .await
                        .ok(),
                    None => None,
                },
                Err(_) => None,
            };
            if found.as_ref().and_then(Value::as_str) == Some(expected) {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "{css} never showed {expected:?} (last: {found:?})"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Runs axe-core (`axe_source`, the contents of axe.min.js) on the current page for WCAG 2 A and AA rules and
    /// returns the violations as `impact id: help (first target) ×count`.
    pub async fn axe_violations(&self, axe_source: &str) -> Vec<String> {
        self.call(
            "POST",
            "/execute/sync",
            json!({"script": format!("{axe_source}\nreturn true;"), "args": []}),
        )
        .await
        .expect("inject axe");
        let script = "const done = arguments[arguments.length - 1];\
            axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21aa']}})\
              .then(r => done(r.violations.map(v => `${v.impact} ${v.id}: ${v.help} (${v.nodes[0].target}) x${v.nodes.length}`)))\
              .catch(e => done(['axe failed: ' + e]));";
        let v = self
            .call(
                "POST",
                "/execute/async",
                json!({"script": script, "args": []}),
            )
            .await
            .expect("run axe");
        v.as_array()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.as_str().map(str::to_string))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// How many CSS pixels the page is wider than the window (0 or less: no horizontal scrolling).
    pub async fn horizontal_overflow(&self) -> i64 {
        self.call(
            "POST",
            "/execute/sync",
            json!({"script": "return document.documentElement.scrollWidth - window.innerWidth;", "args": []}),
        )
        .await
        .expect("measure")
        .as_i64()
        .unwrap_or(0)
    }

    /// The page's visible text (read again if the page was being replaced while it was read).
    pub async fn page_text(&self) -> String {
        let deadline = Instant::now() + Duration::from_secs(5);
        loop {
            let body = self.find("body").await;
            match self
                .call("GET", &format!("/element/{}/text", body.0), Value::Null)
                .await
            {
                Ok(v) => return v.as_str().unwrap_or("").to_string(),
                Err(e) if Instant::now() > deadline => panic!("page text: {e}"),
                Err(_) => tokio::time::sleep(Duration::from_millis(100)).await,
            }
        }
    }

    pub async fn text(&self, e: &Element) -> String {
        let v = self
            .call("GET", &format!("/element/{}/text", e.0), Value::Null)
            .await
            .expect("text");
        v.as_str().unwrap_or("").to_string()
    }

    pub async fn attribute(&self, e: &Element, name: &str) -> Option<String> {
        let v = self
            .call(
                "GET",
                &format!("/element/{}/attribute/{name}", e.0),
                Value::Null,
            )
            .await
            .expect("attribute");
        v.as_str().map(str::to_string)
    }

    pub async fn click(&self, e: &Element) {
        self.call("POST", &format!("/element/{}/click", e.0), json!({}))
            .await
            .expect("click");
    }

    /// Chooses the `<option>` with `value` in a `<select>`.
    pub async fn select_option(&self, select: &Element, value: &str) {
        let option = format!("{}/element", select.0);
        let found = self
            .call(
                "POST",
                &format!("/element/{option}"),
                json!({"using": "css selector", "value": format!("option[value='{value}']")}),
            )
            .await
            .expect("option");
        let id = found[ELEMENT_KEY]
            .as_str()
            .expect("option element")
            .to_string();
        self.click(&Element(id)).await;
    }

    pub async fn resize(&self, width: u32, height: u32) {
        self.call(
            "POST",
            "/window/rect",
            json!({"width": width, "height": height}),
        )
        .await
        .expect("resize");
    }

    /// Clicks something that loads another page (a link, a form's submit button) and waits until the browser is on
    /// the new page, so the next lookup can't find an element of the old one.
    pub async fn click_to_navigate(&self, css: &str) {
        let before = self.current_url().await;
        let e = self.find(css).await;
        self.click(&e).await;
        let deadline = Instant::now() + Duration::from_secs(10);
        while self.current_url().await == before {
            assert!(
                Instant::now() < deadline,
                "clicking {css} did not leave {before}"
            );
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
        self.wait_until_loaded().await;
    }

    /// Waits up to 10 s for the document to be complete.
    async fn wait_until_loaded(&self) {
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            let state = self
                .call(
                    "POST",
                    "/execute/sync",
                    json!({"script": "return document.readyState", "args": []}),
                )
                .await
                .ok();
            if state.as_ref().and_then(Value::as_str) == Some("complete") {
                return;
            }
            assert!(Instant::now() < deadline, "the page never finished loading");
            tokio::time::sleep(Duration::from_millis(50)).await;
        }
    }

    /// Prints the page as the browser would (print media, Letter): the PDF's bytes.
    pub async fn print_pdf(&self) -> Vec<u8> {
        let v = self
            .call(
                "POST",
                "/print",
                json!({"page": {"width": 21.59, "height": 27.94}, "background": false}),
            )
            .await
            .expect("print");
        base64::engine::general_purpose::STANDARD
            .decode(v.as_str().expect("base64"))
            .expect("pdf")
    }

    pub async fn screenshot(&self, path: &Path) {
        let v = self
            .call("GET", "/screenshot", Value::Null)
            .await
            .expect("screenshot");
        let png = base64::engine::general_purpose::STANDARD
            .decode(v.as_str().expect("base64"))
            .expect("png");
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).expect("screenshot dir");
        }
        std::fs::write(path, png).expect("write screenshot");
    }

    pub async fn close(self) {
        let _ = self.call("DELETE", "", Value::Null).await;
    }
}

/// Waits up to 15 s for a finished download (not `.crdownload`) in `dir`.
pub async fn wait_for_download(dir: &Path, extension: &str) -> PathBuf {
    let deadline = Instant::now() + Duration::from_secs(15);
    loop {
        if let Ok(entries) = std::fs::read_dir(dir) {
            for e in entries.flatten() {
                let p = e.path();
                if p.extension().and_then(|x| x.to_str()) == Some(extension) {
                    return p;
                }
            }
        }
        assert!(
            Instant::now() < deadline,
            "no .{extension} download in {}",
            dir.display()
        );
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
