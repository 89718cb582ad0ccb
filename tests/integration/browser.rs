//! End to end in real headless Chromium: a served page reloads itself after an edit.
//! Needs Debian's `chromium` (`.ci/run` installs it); set PATRIKA_CHROMIUM to use another.

use std::io::{BufRead, BufReader};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::serve::{get, serve};
use crate::support::fixture;

pub struct Browser(Child);

impl Drop for Browser {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn chromium() -> String {
    if let Ok(path) = std::env::var("PATRIKA_CHROMIUM") {
        return path;
    }
    for candidate in ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"] {
        if std::path::Path::new(candidate).exists() {
            return candidate.to_string();
        }
    }
    panic!(
        "this test needs headless Chromium: apt-get install -y chromium (.ci/run installs it), or set PATRIKA_CHROMIUM"
    );
}

/// Starts headless Chromium on `url` and returns it with the DevTools port.
pub fn launch(url: &str, profile: &std::path::Path) -> (Browser, u16) {
    let mut child = Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--remote-debugging-port=0",
        ])
        .arg(format!("--user-data-dir={}", profile.display()))
        .arg(url)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("chromium starts");
    let stderr = child.stderr.take().unwrap();
    let browser = Browser(child);
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stderr).lines().map_while(Result::ok) {
            let _ = tx.send(line);
        }
    });
    let deadline = Instant::now() + Duration::from_secs(30);
    loop {
        let line = rx.recv_timeout(deadline.saturating_duration_since(Instant::now())).expect("DevTools address");
        if let Some(rest) = line.split("ws://127.0.0.1:").nth(1) {
            let port = rest.split('/').next().unwrap().parse().unwrap();
            return (browser, port);
        }
    }
}

/// A DevTools connection to one page.
pub struct Page {
    socket: tungstenite::WebSocket<tungstenite::stream::MaybeTlsStream<std::net::TcpStream>>,
    next_id: u64,
}

impl Page {
    pub fn connect(devtools_port: u16) -> Page {
        let deadline = Instant::now() + Duration::from_secs(10);
        let ws = loop {
            let (_, _, body) = get(&format!("127.0.0.1:{devtools_port}"), "/json/list");
            let targets: Value = serde_json::from_str(body.trim()).unwrap_or(Value::Null);
            let page = targets.as_array().and_then(|t| t.iter().find(|t| t["type"] == "page").cloned());
            if let Some(ws) = page.and_then(|p| p["webSocketDebuggerUrl"].as_str().map(str::to_string)) {
                break ws;
            }
            assert!(Instant::now() < deadline, "no page target in Chromium");
            std::thread::sleep(Duration::from_millis(100));
        };
        let (socket, _) = tungstenite::connect(ws).expect("DevTools websocket");
        Page { socket, next_id: 1 }
    }

    /// Evaluates a JavaScript expression in the page and returns its value.
    pub fn eval(&mut self, expression: &str) -> Value {
        self.call("Runtime.evaluate", json!({"expression": expression, "returnByValue": true, "awaitPromise": true}))["result"]["value"].clone()
    }

    /// Sends one DevTools command and returns its result.
    pub fn call(&mut self, method: &str, params: Value) -> Value {
        let id = self.next_id;
        self.next_id += 1;
        let request = json!({"id": id, "method": method, "params": params});
        self.socket.send(tungstenite::Message::text(request.to_string())).unwrap();
        loop {
            let message = self.socket.read().unwrap();
            let Ok(text) = message.to_text() else { continue };
            let reply: Value = serde_json::from_str(text).unwrap_or(Value::Null);
            if reply["id"] == id {
                return reply["result"].clone();
            }
        }
    }

    /// Polls an expression until it is `true`, for at most `limit`; says whether it became so.
    pub fn became_true(&mut self, expression: &str, limit: Duration) -> bool {
        let started = Instant::now();
        while self.eval(expression) != Value::Bool(true) {
            if started.elapsed() >= limit {
                return false;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        true
    }

    /// Polls an expression until it is `true`.
    pub fn wait_until(&mut self, expression: &str, limit: Duration) {
        let started = Instant::now();
        while self.eval(expression) != Value::Bool(true) {
            assert!(
                started.elapsed() < limit,
                "`{expression}` never became true; the page is {}",
                self.eval("JSON.stringify([location.href, document.readyState, document.title])")
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

#[test]
#[ignore = "needs headless Chromium (apt-get install -y chromium); .ci/run installs it and runs ignored tests"]
fn a_served_page_reloads_itself_after_an_edit() {
    let site = fixture("basic");
    let server = serve(&site);
    let profile = tempfile::tempdir().unwrap();
    let url = format!("http://{}/en/briefings/monsoon-2025/", server.address);
    let (_browser, port) = launch(&url, profile.path());
    let mut page = Page::connect(port);
    page.wait_until(
        "document.readyState === 'complete' && document.title.startsWith('Monsoon arrives early')",
        Duration::from_secs(15),
    );
    page.wait_until(
        "document.documentElement.getAttribute('data-patrika-live') === 'connected'",
        Duration::from_secs(10),
    );
    // A marker that only survives if the page is NOT reloaded.
    page.eval("window.beforeEdit = true");
    let text =
        site.read("content/briefings/monsoon.en.md").replace("Monsoon arrives early", "Monsoon arrives a week early");
    site.write("content/briefings/monsoon.en.md", &text);
    page.wait_until(
        "document.title.startsWith('Monsoon arrives a week early') && window.beforeEdit === undefined",
        Duration::from_secs(10),
    );
    let heading = page.eval("document.querySelector('h1').textContent");
    assert_eq!(heading, Value::String("Monsoon arrives a week early".into()));
}

#[test]
#[ignore = "needs headless Chromium (apt-get install -y chromium); .ci/run installs it and runs ignored tests"]
fn pages_behind_the_back_button_hold_no_connection_and_come_back_rebuilt() {
    let site = fixture("basic");
    let server = serve(&site);
    let profile = tempfile::tempdir().unwrap();
    let (_browser, port) = launch("about:blank", profile.path());
    let mut page = Page::connect(port);
    // More pages than the six connections a browser opens to one server: were a page left
    // behind still listening, the later ones could not load.
    let paths = [
        "/en/",
        "/en/briefings/",
        "/en/briefings/budget/",
        "/en/topics/",
        "/en/about/",
        "/en/analysis/",
        "/en/topics/weather/",
        "/en/briefings/monsoon-2025/",
        "/en/corrections/",
    ];
    for path in paths {
        let url = format!("http://{}{path}", server.address);
        page.call("Page.navigate", serde_json::json!({ "url": url }));
        page.wait_until(
            &format!(
                "location.href === '{url}' && document.readyState === 'complete' && \
                 document.documentElement.getAttribute('data-patrika-live') === 'connected'"
            ),
            // A page waiting for a connection another page holds waits about a minute.
            Duration::from_secs(20),
        );
    }
    // The briefing one page back changes while the reader is elsewhere; Back shows it as it is now.
    let text =
        site.read("content/briefings/monsoon.en.md").replace("Monsoon arrives early", "Monsoon arrives a week early");
    site.write("content/briefings/monsoon.en.md", &text);
    let rebuilt = |line: &String| line.starts_with("Rebuilt ") && line.contains("monsoon.en.md changed");
    while !rebuilt(&server.stdout.recv_timeout(Duration::from_secs(10)).expect("a rebuild")) {}
    page.eval("history.back()");
    page.wait_until(
        "location.pathname === '/en/briefings/monsoon-2025/' && \
         document.querySelector('h1').textContent === 'Monsoon arrives a week early'",
        Duration::from_secs(15),
    );
}

#[test]
#[ignore = "needs headless Chromium (apt-get install -y chromium); .ci/run installs it and runs ignored tests"]
fn a_stylesheet_edit_swaps_styles_without_a_reload() {
    let site = fixture("basic");
    // A theme folder on disk overrides the built-in stylesheet.
    let builtin =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/style.css")).unwrap();
    site.write("themes/default/static/style.css", &builtin);
    let server = serve(&site);
    let profile = tempfile::tempdir().unwrap();
    let (_browser, port) = launch(&format!("http://{}/hi/", server.address), profile.path());
    let mut page = Page::connect(port);
    page.wait_until("document.readyState === 'complete' && document.documentElement.getAttribute('data-patrika-live') === 'connected'", Duration::from_secs(15));
    page.eval("window.beforeEdit = true");
    site.write("themes/default/static/style.css", &format!("{builtin}\nbody {{ outline: 7px solid rgb(1, 2, 3); }}\n"));
    page.wait_until("getComputedStyle(document.body).outlineWidth === '7px'", Duration::from_secs(10));
    assert_eq!(page.eval("window.beforeEdit === true"), Value::Bool(true), "the page was not reloaded");
}
