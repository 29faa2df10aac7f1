//! A headless Chromium driven through chromedriver (Debian's `chromium` and `chromium-driver`,
//! installed by scripts/install-deps.sh): one per test, with its own profile.

use fantoccini::elements::Element;
use fantoccini::{Client, ClientBuilder, Locator};
use hyper_util::client::legacy::connect::HttpConnector;
use rustix::process::{Pid, Signal, kill_process_group};
use serde_json::{Value, json};
use std::os::unix::process::CommandExt;
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};
use tempfile::TempDir;

/// How long a page may take to reach an awaited state. Everything is local: a state not
/// reached by then will not be.
const TIMEOUT: Duration = Duration::from_secs(10);

/// What the accessibility check asks of every page: WCAG 2.1, levels A and AA.
const WCAG_TAGS: [&str; 4] = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

/// Polls `probe` until it succeeds. On timeout, fails with `what` was awaited and the last
/// state `probe` saw.
pub async fn until<T>(what: &str, mut probe: impl AsyncFnMut() -> Result<T, String>) -> T {
    let start = Instant::now();
    loop {
        match probe().await {
            Ok(value) => return value,
            Err(seen) if start.elapsed() > TIMEOUT => {
                panic!("{what}: not reached after {TIMEOUT:?}, last seen: {seen}")
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(50)).await,
        }
    }
}

/// The path of a program of `PATH`, or a failure that says how to install it.
fn program(name: &str) -> PathBuf {
    std::env::var_os("PATH")
        .iter()
        .flat_map(std::env::split_paths)
        .map(|dir| dir.join(name))
        .find(|path| path.is_file())
        .unwrap_or_else(|| {
            panic!(
                "`{name}` is not on PATH: the browser tests need Debian's chromium and \
                 chromium-driver (run `make deps`, or `apt-get install chromium chromium-driver`)"
            )
        })
}

/// chromedriver, and the Chromium it starts, ended together when dropped. chromedriver alone
/// would leave Chromium running; and a panicking test stops the runtime before the WebDriver
/// session could be closed, so the process group is killed instead.
struct Driver {
    process: Child,
    url: String,
}

impl Driver {
    async fn start() -> Driver {
        // The port is free now; chromedriver takes it a moment later.
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|listener| listener.local_addr())
            .expect("a free port")
            .port();
        let process = Command::new(program("chromedriver"))
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, which Chromium joins: one signal ends both.
            .process_group(0)
            .spawn()
            .expect("chromedriver starts");
        let mut driver = Driver {
            process,
            url: format!("http://127.0.0.1:{port}"),
        };
        until("chromedriver listens", async || {
            if let Ok(Some(status)) = driver.process.try_wait() {
                panic!("chromedriver exited: {status}");
            }
            tokio::net::TcpStream::connect(("127.0.0.1", port))
                .await
                .map_err(|e| e.to_string())
        })
        .await;
        driver
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Best effort: a group already gone is what we want anyway.
        let _ = kill_process_group(Pid::from_child(&self.process), Signal::KILL);
        let _ = self.process.wait();
    }
}

/// A browser on the app: fresh cookies, a desktop-sized window.
pub struct Chrome {
    client: Client,
    base: String,
    // Dropped in this order: the browser ends before its profile is removed.
    _driver: Driver,
    _profile: TempDir,
    /// Where the browser saves the files it downloads.
    downloads: TempDir,
}

impl Chrome {
    /// A new browser on the app served at `base`.
    pub async fn open(base: &str) -> Chrome {
        let chromium = program("chromium");
        let driver = Driver::start().await;
        let profile = tempfile::tempdir().expect("a Chromium profile folder");
        let downloads = tempfile::tempdir().expect("a downloads folder");
        // Without the networking flags Chromium keeps calling Google, which the closed network
        // refuses; we run as root, which the sandbox forbids.
        let options = json!({
            "binary": chromium,
            "args": [
                "--headless=new",
                "--no-sandbox",
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--disable-quic",
                "--window-size=1280,1024",
                format!("--user-data-dir={}", profile.path().display()),
            ],
            "prefs": {
                "download.default_directory": downloads.path(),
                "download.prompt_for_download": false,
            },
        });
        let mut capabilities = serde_json::Map::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        // The port chromedriver was given can be taken by a program of a parallel test before
        // it binds it (seen once in CI): it then exits, and the session is asked of the other
        // program. A new chromedriver on another port is tried, twice at most.
        let mut driver = driver;
        let mut attempt = 1;
        let client = loop {
            let session = ClientBuilder::new(HttpConnector::new())
                .capabilities(capabilities.clone())
                .connect(&driver.url)
                .await;
            match session {
                Ok(client) => break client,
                Err(e) if attempt < 3 => {
                    eprintln!(
                        "no Chromium session at {} ({e}): another chromedriver",
                        driver.url
                    );
                    attempt += 1;
                    driver = Driver::start().await;
                }
                Err(e) => panic!("no Chromium session: {e}"),
            }
        };
        Chrome {
            client,
            base: base.to_string(),
            _driver: driver,
            _profile: profile,
            downloads,
        }
    }

    /// The file the browser downloaded under `name`, once complete.
    pub async fn downloaded(&self, name: &str) -> Vec<u8> {
        let path = self.downloads.path().join(name);
        until(&format!("the download {name}"), async || {
            std::fs::read(&path).map_err(|_| {
                let present: Vec<_> = std::fs::read_dir(self.downloads.path())
                    .into_iter()
                    .flatten()
                    .flatten()
                    .map(|entry| entry.file_name())
                    .collect();
                format!("{present:?}")
            })
        })
        .await
    }

    /// Loads a page of the app.
    pub async fn visit(&self, path: &str) {
        let url = format!("{}{path}", self.base);
        self.client
            .goto(&url)
            .await
            .unwrap_or_else(|e| panic!("GET {url}: {e}"));
    }

    /// Clicks `element`, a link or a form's button, and waits for the page it leads to. A form
    /// answered at its own address (a round trip without JavaScript) changes no URL, so the
    /// page is marked before the click and the wait ends once an unmarked page is loaded:
    /// else the next command could still act on the page that is being left.
    pub async fn follow(&self, element: Element) {
        self.run("window.envinormaLeaving = true;", Vec::new())
            .await;
        if let Err(e) = element.click().await {
            panic!("the click on {}: {e}", self.path().await);
        }
        until("the next page", async || {
            let state = self
                .client
                .execute(
                    "return window.envinormaLeaving ? 'not left' : document.readyState;",
                    Vec::new(),
                )
                .await
                .map_err(|e| e.to_string())?;
            match state.as_str() {
                Some("complete") => Ok(()),
                _ => Err(state.to_string()),
            }
        })
        .await;
    }

    /// The path and query of the page shown.
    pub async fn path(&self) -> String {
        let url = self.client.current_url().await.expect("the current URL");
        match url.query() {
            Some(query) => format!("{}?{query}", url.path()),
            None => url.path().to_string(),
        }
    }

    /// Waits until the page at `path` is shown (after a click that navigates).
    pub async fn wait_for_path(&self, path: &str) {
        until(&format!("the page {path}"), async || {
            let shown = self.path().await;
            if shown == path {
                return Ok(());
            }
            // Should the page stay, what it says: a refused form explains itself.
            let mut said = Vec::new();
            for alert in self.find_all(".fr-alert, .fr-error-text").await {
                said.extend(alert.text().await.ok());
            }
            Err(format!("{shown} {said:?}"))
        })
        .await;
    }

    /// The first element matching `css`, once there.
    pub async fn find(&self, css: &str) -> Element {
        let found = self
            .client
            .wait()
            .at_most(TIMEOUT)
            .for_element(Locator::Css(css))
            .await;
        match found {
            Ok(element) => element,
            Err(e) => panic!("{css} on {}: {e}", self.path().await),
        }
    }

    /// The elements matching `css` now.
    pub async fn find_all(&self, css: &str) -> Vec<Element> {
        self.client
            .find_all(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("{css}: {e}"))
    }

    /// The first element matching `css` whose shown text contains `text`, once there.
    pub async fn find_text(&self, css: &str, text: &str) -> Element {
        until(&format!("{css} saying {text:?}"), async || {
            let mut seen = Vec::new();
            for element in self.find_all(css).await {
                let shown = element.text().await.map_err(|e| e.to_string())?;
                if shown.contains(text) {
                    return Ok(element);
                }
                seen.push(shown);
            }
            Err(format!("{seen:?}"))
        })
        .await
    }

    /// The value of a script run in the page (`arguments` holds `args`).
    pub async fn run(&self, script: &str, args: Vec<Value>) -> Value {
        self.client
            .execute(script, args)
            .await
            .unwrap_or_else(|e| panic!("script failed: {e}\n{script}"))
    }

    /// The WCAG 2.1 A and AA violations axe-core finds in the page, one line each: rule, help,
    /// number of elements and the first one.
    pub async fn accessibility_violations(&self) -> Vec<String> {
        // WebDriver scripts are not subject to the page's CSP, which forbids inline scripts.
        self.run(&axe_source(), Vec::new()).await;
        let result = self
            .client
            .execute_async(
                "const [tags, done] = arguments;
                 axe.run(document, { runOnly: { type: 'tag', values: tags } }).then(
                   (results) => done(results.violations.map((v) =>
                     `${v.id}: ${v.help} (${v.nodes.length}×, first: ${JSON.stringify(v.nodes[0].target)})`)),
                   (error) => done(`axe failed: ${error}`));",
                vec![json!(WCAG_TAGS)],
            )
            .await
            .expect("axe runs");
        serde_json::from_value(result.clone()).unwrap_or_else(|_| panic!("{result}"))
    }
}

/// axe-core from the workspace's node_modules (`npm ci`, run by `make deps`).
fn axe_source() -> String {
    let path = crate::repo_path("node_modules/axe-core/axe.min.js");
    std::fs::read_to_string(&path).unwrap_or_else(|e| {
        panic!(
            "cannot read {}: {e} (run `make deps` to install axe-core)",
            path.display()
        )
    })
}
