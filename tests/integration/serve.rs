//! `patrika serve` and `build --watch` as a user runs them: a real process on an
//! ephemeral port, edits on disk, requests over loopback.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::{Duration, Instant};

use crate::support::{TestSite, fixture};

/// A running `patrika` process, killed when dropped.
pub struct Running {
    pub child: Child,
    pub address: String,
    pub stdout: Receiver<String>,
    pub stderr: Receiver<String>,
}

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = channel();
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

/// Starts `patrika serve` on a free port and waits until it serves.
pub fn serve(site: &TestSite) -> Running {
    serve_with(site, &[])
}

/// Starts `patrika serve` with extra environment variables.
pub fn serve_with(site: &TestSite, env: &[(&str, &str)]) -> Running {
    serve_root(&site.root, env)
}

/// Starts `patrika serve` for the site at `root` and waits until it serves.
pub fn serve_root(root: &std::path::Path, env: &[(&str, &str)]) -> Running {
    serve_args(root, &[], env)
}

/// Starts `patrika serve` with extra arguments and waits until it prints an address.
pub fn serve_args(root: &std::path::Path, args: &[&str], env: &[(&str, &str)]) -> Running {
    let mut child = Command::new(env!("CARGO_BIN_EXE_patrika"))
        .args(["serve", "--root", &root.display().to_string(), "--port", "0"])
        .args(args)
        .envs(env.iter().copied())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = lines(child.stdout.take().unwrap());
    let stderr = lines(child.stderr.take().unwrap());
    // Owned by a guard from here on, so the process is killed whatever happens below.
    let mut running = Running { child, address: String::new(), stdout, stderr };
    // The first build encodes a site's pictures before serving: slow on a loaded machine.
    let deadline = Instant::now() + Duration::from_secs(60);
    while running.address.is_empty() {
        let line = running
            .stdout
            .recv_timeout(deadline.saturating_duration_since(Instant::now()))
            .expect("serve printed its address");
        if let Some(rest) = line.split("http://").nth(1) {
            running.address = rest.split('/').next().unwrap().to_string();
        }
    }
    running
}

/// A raw HTTP/1.1 GET: (status, headers, body). The path is sent exactly as given.
pub fn get(address: &str, path: &str) -> (u16, String, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
    write!(stream, "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n").unwrap();
    // Read until the server closes, or until Content-Length is satisfied (some servers keep the connection).
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    loop {
        match stream.read(&mut buf) {
            Ok(0) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
            Err(_) if !raw.is_empty() => break,
            Err(e) => panic!("GET {path}: {e}"),
        }
        let so_far = String::from_utf8_lossy(&raw);
        if let Some((head, body)) = so_far.split_once("\r\n\r\n") {
            let length = head.lines().find_map(|l| {
                let (name, value) = l.split_once(':')?;
                name.eq_ignore_ascii_case("content-length").then(|| value.trim().parse::<usize>().ok()).flatten()
            });
            if length.is_some_and(|n| body.len() >= n) {
                break;
            }
        }
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, head.to_string(), body.to_string())
}

/// Polls until `check` accepts the page, for at most `limit`; returns how long it took.
pub fn wait_for(address: &str, path: &str, limit: Duration, check: impl Fn(u16, &str) -> bool) -> Duration {
    let started = Instant::now();
    loop {
        let (status, _, body) = get(address, path);
        if check(status, &body) {
            return started.elapsed();
        }
        assert!(started.elapsed() < limit, "{path} did not change within {limit:?}; last status {status}:\n{body}");
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[test]
fn an_edit_is_served_within_a_second_everywhere_it_shows() {
    let site = fixture("basic");
    let server = serve(&site);
    let (status, head, body) = get(&server.address, "/hi/briefings/budget/");
    assert_eq!(status, 200);
    assert!(head.to_ascii_lowercase().contains("content-type: text/html; charset=utf-8"));
    assert!(body.contains("/__patrika/live.js"), "serve injects the live-reload client");
    let text = site.read("content/briefings/budget.hi.md").replace("बजट में रेलवे को ज़्यादा पैसा", "रेलवे को रिकॉर्ड बजट");
    site.write("content/briefings/budget.hi.md", &text);
    let took = wait_for(&server.address, "/hi/briefings/budget/", Duration::from_secs(1), |_, b| {
        b.contains("रेलवे को रिकॉर्ड बजट")
    });
    assert!(took < Duration::from_secs(1));
    // The list that shows it, and the other language's switcher.
    assert!(get(&server.address, "/hi/briefings/page/2/").2.contains("रेलवे को रिकॉर्ड बजट"));
    assert!(get(&server.address, "/en/briefings/budget/").2.contains("title=\"रेलवे को रिकॉर्ड बजट\""));
    let line = server.stdout.recv_timeout(Duration::from_secs(2)).unwrap();
    assert!(line.starts_with("Rebuilt 10 pages (hi 6, en 4) as "), "{line}");
    assert!(line.ends_with(" rendered again after content/briefings/budget.hi.md changed"), "{line}");
}

#[test]
fn new_files_appear_and_deleted_files_disappear() {
    let site = fixture("basic");
    let server = serve(&site);
    site.write(
        "content/briefings/बजट-सत्र.hi.md",
        "+++\ntitle = \"बजट सत्र शुरू\"\ndate = 2025-07-01\n+++\n\nसत्र शुरू हुआ।\n",
    );
    let encoded = "/hi/briefings/%E0%A4%AC%E0%A4%9C%E0%A4%9F-%E0%A4%B8%E0%A4%A4%E0%A5%8D%E0%A4%B0/";
    wait_for(&server.address, encoded, Duration::from_secs(2), |s, b| s == 200 && b.contains("बजट सत्र शुरू"));
    std::fs::remove_file(site.root.join("content/briefings/old.hi.md")).unwrap();
    wait_for(&server.address, "/hi/briefings/old/", Duration::from_secs(2), |s, _| s == 404);
    let (status, _, body) = get(&server.address, "/hi/briefings/old/");
    assert_eq!(status, 404);
    // A miss is answered as a host is told to: by the 404 page of its language's folder.
    assert!(body.contains("<html lang=\"hi\""), "the Hindi 404 page is served: {body}");
    let (status, _, body) = get(&server.address, "/en/no/such/page.png");
    assert_eq!(status, 404);
    assert!(body.contains("<html lang=\"en\""), "the English 404 page is served: {body}");
    let (status, _, body) = get(&server.address, "/no-such-folder/page/");
    assert_eq!(status, 404);
    assert!(body.contains("home + \"404.html\""), "outside every language, the site's own 404: {body}");
}

#[test]
fn a_broken_file_keeps_the_last_good_page_and_the_fix_recovers() {
    let site = fixture("basic");
    let server = serve(&site);
    let good = site.read("content/briefings/rail.hi.md");
    site.write("content/briefings/rail.hi.md", "+++\ntitle = \"टूटा\ndate = 2025-03-01\n+++\n");
    let deadline = Instant::now() + Duration::from_secs(3);
    let mut reported = String::new();
    while !reported.contains("content/briefings/rail.hi.md:2:") && Instant::now() < deadline {
        if let Ok(line) = server.stderr.recv_timeout(Duration::from_millis(100)) {
            reported.push_str(&line);
            reported.push('\n');
        }
    }
    assert!(reported.contains("content/briefings/rail.hi.md:2:14: error: invalid TOML"), "{reported}");
    let (status, _, body) = get(&server.address, "/hi/briefings/rail/");
    assert_eq!(status, 200);
    assert!(body.contains("रेल सुरक्षा पर नई रिपोर्ट"), "the last good page stays up");
    let events = first_event(&server.address);
    assert!(
        events.starts_with("event: errors\ndata: content/briefings/rail.hi.md:2:14: error: invalid TOML"),
        "{events}"
    );
    site.write("content/briefings/rail.hi.md", &good.replace("रेल सुरक्षा पर नई रिपोर्ट", "रेल सुरक्षा रिपोर्ट"));
    wait_for(&server.address, "/hi/briefings/rail/", Duration::from_secs(2), |_, b| b.contains("रेल सुरक्षा रिपोर्ट"));
    assert!(first_event(&server.address).starts_with("event: ok"));
}

/// Reads the first server-sent event of a new connection.
fn first_event(address: &str) -> String {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    write!(stream, "GET /__patrika/events HTTP/1.1\r\nHost: {address}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 4096];
    while !String::from_utf8_lossy(&raw).contains("event:") || !String::from_utf8_lossy(&raw).ends_with("\n\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    // The body is chunked: start at the first event, past the chunk-size line.
    let text = String::from_utf8_lossy(&raw).into_owned();
    text.find("event:").map_or(text.clone(), |i| text[i..].to_string())
}

#[test]
fn nothing_outside_the_output_is_served() {
    let site = fixture("basic");
    let server = serve(&site);
    for path in [
        "/../config.toml",
        "/%2e%2e/config.toml",
        "/%2E%2E%2Fconfig.toml",
        "/hi/..%2f..%2fconfig.toml",
        "/hi/%2e%2e/%2e%2e/content/about.hi.md",
        "/..\\config.toml",
        "/%5c..%5cconfig.toml",
        "//etc/passwd",
    ] {
        let (status, _, body) = get(&server.address, path);
        assert_ne!(status, 200, "{path}");
        assert!(!body.contains("base_url") && !body.contains("root:"), "{path} leaked a file");
    }
}

#[test]
fn types_redirects_and_the_port_in_use() {
    let site = fixture("basic");
    let server = serve(&site);
    let (_, head, _) = get(&server.address, "/theme/style.css");
    assert!(head.to_ascii_lowercase().contains("content-type: text/css; charset=utf-8"), "{head}");
    let (status, head, _) = get(&server.address, "/hi/briefings");
    assert_eq!(status, 301);
    assert!(head.to_ascii_lowercase().contains("location: /hi/briefings/"), "{head}");
    let port = server.address.rsplit(':').next().unwrap();
    let taken = Command::new(env!("CARGO_BIN_EXE_patrika"))
        .args(["serve", "--root", &site.root_arg(), "--port", port])
        .output()
        .unwrap();
    assert_eq!(taken.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&taken.stderr).contains(&format!("port {port} on 127.0.0.1 is already in use")));
}

#[test]
fn build_output_has_no_live_reload_client() {
    let site = fixture("basic");
    site.build();
    for file in site.output_files() {
        let bytes = std::fs::read(site.root.join("public").join(&file)).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains("__patrika"), "{file}");
    }
}

#[test]
fn build_watch_rewrites_the_output_folder() {
    let site = fixture("basic");
    let mut child = Command::new(env!("CARGO_BIN_EXE_patrika"))
        .args(["build", "--watch", "--root", &site.root_arg()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = lines(child.stdout.take().unwrap());
    let ready = stdout.recv_timeout(Duration::from_secs(20)).unwrap();
    assert!(ready.starts_with("Built 10 pages (hi 6, en 4) as ") && ready.ends_with(" ms → public"), "{ready}");
    assert!(stdout.recv_timeout(Duration::from_secs(5)).unwrap().starts_with("Watching "));
    let page = site.root.join("public/en/briefings/monsoon-2025/index.html");
    assert!(std::fs::read_to_string(&page).unwrap().contains("Monsoon arrives early"));
    let text =
        site.read("content/briefings/monsoon.en.md").replace("Monsoon arrives early", "Monsoon arrives a week early");
    site.write("content/briefings/monsoon.en.md", &text);
    let started = Instant::now();
    while !std::fs::read_to_string(&page).unwrap_or_default().contains("a week early") {
        assert!(started.elapsed() < Duration::from_secs(2), "the output was not rewritten");
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(!std::fs::read_to_string(&page).unwrap().contains("__patrika"));
    // A deleted page takes its folders with it: the output equals a fresh build, folders included.
    std::fs::remove_file(site.root.join("content/briefings/old.hi.md")).unwrap();
    let gone = site.root.join("public/hi/briefings/old");
    let started = Instant::now();
    while gone.exists() {
        assert!(started.elapsed() < Duration::from_secs(2), "the deleted page's folder stayed");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let _ = child.kill();
    let _ = child.wait();
    let fresh = site.root.parent().unwrap().join("fresh");
    let r = crate::support::run(&["build", "--root", &site.root_arg(), "--output", fresh.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(tree(&site.root.join("public")), tree(&fresh));
}

/// Every file and folder below `dir`, as sorted relative paths (folders end in `/`).
fn tree(dir: &std::path::Path) -> Vec<String> {
    let mut paths: Vec<String> = walkdir::WalkDir::new(dir)
        .min_depth(1)
        .into_iter()
        .flatten()
        .map(|e| {
            let rel = e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned();
            if e.file_type().is_dir() { format!("{rel}/") } else { rel }
        })
        .collect();
    paths.sort();
    paths
}

#[test]
fn the_watcher_survives_content_being_deleted_and_recreated() {
    let site = fixture("basic");
    let server = serve(&site);
    let saved = site.root.parent().unwrap().join("content-saved");
    copy_tree(&site.root.join("content"), &saved);
    std::fs::remove_dir_all(site.root.join("content")).unwrap();
    // Without content the site has no briefings; the server keeps answering.
    wait_for(&server.address, "/hi/briefings/budget/", Duration::from_secs(3), |s, _| s == 404);
    copy_tree(&saved, &site.root.join("content"));
    wait_for(&server.address, "/hi/briefings/budget/", Duration::from_secs(3), |s, b| {
        s == 200 && b.contains("बजट में रेलवे")
    });
    // The new folder is watched: an edit inside it still reaches the browser.
    let text = site.read("content/briefings/budget.hi.md").replace("बजट में रेलवे को ज़्यादा पैसा", "नया फ़ोल्डर, नया शीर्षक");
    site.write("content/briefings/budget.hi.md", &text);
    wait_for(&server.address, "/hi/briefings/budget/", Duration::from_secs(3), |_, b| {
        b.contains("नया फ़ोल्डर, नया शीर्षक")
    });
}

fn copy_tree(from: &std::path::Path, to: &std::path::Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten() {
        let dest = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(entry.path(), &dest).unwrap();
        }
    }
}

#[test]
fn idle_connections_are_closed_and_others_still_served() {
    let site = fixture("basic");
    let server = serve_with(&site, &[("PATRIKA_IDLE_TIMEOUT_MS", "300")]);
    // Clients that connect and never send a request, and one that sends half its headers.
    let mut idle: Vec<TcpStream> = (0..300).map(|_| TcpStream::connect(&server.address).unwrap()).collect();
    let mut slow = TcpStream::connect(&server.address).unwrap();
    write!(slow, "GET / HTTP/1.1\r\nHost: x\r\n").unwrap();
    idle.push(slow);
    let (status, _, body) = get(&server.address, "/hi/");
    assert_eq!(status, 200, "answered while 301 sockets sit idle");
    assert!(body.contains("<html"));
    std::thread::sleep(Duration::from_millis(1200));
    let closed = idle
        .into_iter()
        .filter(|s| {
            let mut s = s;
            s.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
            let mut buf = [0u8; 512];
            // Closed: end of stream (maybe after a 408 answer), or a reset.
            loop {
                match s.read(&mut buf) {
                    Ok(0) | Err(_) => break true,
                    Ok(_) => continue,
                }
            }
        })
        .count();
    assert_eq!(closed, 301, "the server closed every idle connection");
    // The live-reload stream is not idle: it stays open past the timeout.
    let mut events = TcpStream::connect(&server.address).unwrap();
    write!(events, "GET /__patrika/events HTTP/1.1\r\nHost: {}\r\n\r\n", server.address).unwrap();
    std::thread::sleep(Duration::from_millis(800));
    events.set_read_timeout(Some(Duration::from_secs(2))).unwrap();
    let mut buf = [0u8; 4096];
    let n = events.read(&mut buf).unwrap();
    assert!(String::from_utf8_lossy(&buf[..n]).contains("event: ok"), "the event stream still answers");
}

#[test]
fn live_reload_streams_never_take_every_connection() {
    let site = fixture("basic");
    let server = serve(&site);
    let open_stream = || {
        let mut events = TcpStream::connect(&server.address).unwrap();
        write!(events, "GET /__patrika/events HTTP/1.1\r\nHost: {}\r\n\r\n", server.address).unwrap();
        events.set_read_timeout(Some(Duration::from_secs(5))).unwrap();
        let mut buf = [0u8; 4096];
        let n = events.read(&mut buf).unwrap_or(0);
        (String::from_utf8_lossy(&buf[..n]).into_owned(), events)
    };
    // Streams never end; more of them than the server has connections would leave none for pages.
    let mut streams = Vec::new();
    let mut refused = 0;
    for _ in 0..600 {
        let (answer, stream) = open_stream();
        if answer.starts_with("HTTP/1.1 200") {
            streams.push(stream);
        } else {
            assert!(answer.starts_with("HTTP/1.1 503"), "{answer}");
            assert!(answer.contains("too many live-reload streams"), "{answer}");
            refused += 1;
        }
    }
    assert_eq!(streams.len(), 64, "{refused} refused");
    let (status, _, body) = get(&server.address, "/hi/");
    assert_eq!(status, 200, "a page is served while 64 streams are open");
    assert!(body.contains("<html"));
    // A stream whose client went gives its place back.
    drop(streams.pop());
    let deadline = Instant::now() + Duration::from_secs(40);
    loop {
        let (answer, stream) = open_stream();
        if answer.starts_with("HTTP/1.1 200") {
            streams.push(stream);
            break;
        }
        assert!(Instant::now() < deadline, "no stream accepted after one closed: {answer}");
        std::thread::sleep(Duration::from_millis(500));
    }
}

fn rss_kb(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.split_whitespace().next()?.parse().ok())
        .unwrap_or(0)
}

#[test]
fn hundreds_of_clients_while_files_change_get_only_pages() {
    let site = fixture("basic");
    let server = serve(&site);
    let pid = server.child.id();
    let paths =
        ["/", "/hi/", "/en/briefings/budget/", "/hi/briefings/rail/", "/theme/style.css", "/nope/", "/hi/atom.xml"];
    let round = |n: usize| {
        let clients: Vec<_> = (0..200)
            .map(|i| {
                let address = server.address.clone();
                let path = paths[(i + n) % paths.len()];
                std::thread::spawn(move || (path, get(&address, path).0))
            })
            .collect();
        for step in 0..3 {
            let text = site.read("content/briefings/rail.hi.md");
            site.write("content/briefings/rail.hi.md", &format!("{text}\nअनुच्छेद {n}-{step}।\n"));
            std::thread::sleep(Duration::from_millis(30));
        }
        for client in clients {
            let (path, status) = client.join().expect("a client thread");
            let expected = if path == "/nope/" { 404 } else { 200 };
            assert_eq!(status, expected, "{path}");
        }
    };
    round(0);
    let before = rss_kb(pid);
    for n in 1..6 {
        round(n);
    }
    let after = rss_kb(pid);
    // Flat: a thousand more requests and fifteen rebuilds do not make the server grow.
    assert!(after < before + before / 2 + 20_000, "RSS grew from {before} kB to {after} kB");
}

/// A raw HTTP/1.1 request line and headers sent to `address` as they are given; the
/// status and everything read until the server closes, the response's headers end
/// (for a stream that stays open), or three seconds pass.
fn raw_request(address: &str, request: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(3))).unwrap();
    stream.write_all(request.as_bytes()).unwrap();
    let mut raw = Vec::new();
    let mut buf = [0u8; 16384];
    while !String::from_utf8_lossy(&raw).contains("\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    (status, text)
}

/// A GET of `path` naming `host` (none when `None`), the connection closed after it.
fn get_as(address: &str, path: &str, host: Option<&str>) -> (u16, String) {
    let host = host.map(|h| format!("Host: {h}\r\n")).unwrap_or_default();
    raw_request(address, &format!("GET {path} HTTP/1.1\r\n{host}Connection: close\r\n\r\n"))
}

/// The paths of everything the server answers: a page, a 404, the live-reload client and
/// its event stream, and the desk.
const EVERY_KIND_OF_PATH: [&str; 5] =
    ["/hi/briefings/budget/", "/no/such/page/", "/__patrika/live.js", "/__patrika/events", "/__patrika/desk/"];

#[test]
fn requests_naming_another_host_are_refused_everywhere_as_dns_rebinding_would_send_them() {
    let site = fixture("basic");
    let server = serve(&site);
    let port: u16 = server.address.rsplit(':').next().unwrap().parse().unwrap();
    let foreign = [
        Some(format!("evil.example:{port}")),
        Some(format!("127.0.0.1.nip.io:{port}")),
        Some(format!("localtest.me:{port}")),
        Some(format!("127.0.0.1:{}", port.wrapping_add(1))),
        Some("127.0.0.1".to_string()),
        Some(format!("[::1]:{port}")),
        Some(format!("localhost.:{port}")),
        Some(format!("LOCALHOST.example:{port}")),
        None,
    ];
    for path in EVERY_KIND_OF_PATH {
        for host in &foreign {
            let (status, response) = get_as(&server.address, path, host.as_deref());
            assert_eq!(status, 421, "{path} with Host {host:?}:\n{response}");
            assert!(!response.contains("<html") && !response.contains("event:"), "{path} {host:?}: {response}");
        }
        for host in [format!("127.0.0.1:{port}"), format!("localhost:{port}"), format!("LocalHost:{port}")] {
            let (status, response) = get_as(&server.address, path, Some(&host));
            let expected = if path == "/no/such/page/" { 404 } else { 200 };
            assert_eq!(status, expected, "{path} with Host {host}:\n{response}");
        }
    }
    // A request line naming another host is refused even with the right Host header.
    let (status, _) = raw_request(
        &server.address,
        &format!("GET http://evil.example:{port}/hi/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\r\n"),
    );
    assert_eq!(status, 421);
    let (status, _) = raw_request(
        &server.address,
        &format!(
            "GET /hi/ HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nHost: evil.example:{port}\r\nConnection: close\r\n\r\n"
        ),
    );
    assert_eq!(status, 421, "two Host headers");
}

#[test]
fn interface_localhost_serves_on_loopback_under_its_name() {
    let site = fixture("basic");
    let server = serve_args(&site.root, &["--interface", "localhost"], &[]);
    assert!(server.address.starts_with("localhost:"), "{}", server.address);
    let port = server.address.rsplit(':').next().unwrap();
    let (status, _, body) = get(&server.address, "/hi/briefings/budget/");
    assert_eq!(status, 200);
    assert!(body.contains("/__patrika/live.js"));
    let (status, _) = get_as(&format!("127.0.0.1:{port}"), "/__patrika/desk/", Some(&format!("127.0.0.1:{port}")));
    assert_eq!(status, 200);
    let (status, _) = get_as(&format!("127.0.0.1:{port}"), "/hi/", Some(&format!("rebind.example:{port}")));
    assert_eq!(status, 421);
    let junk = Command::new(env!("CARGO_BIN_EXE_patrika"))
        .args(["serve", "--root", &site.root_arg(), "--port", "0", "--interface", "my-laptop.local"])
        .output()
        .unwrap();
    assert_eq!(junk.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&junk.stderr).contains("is not an IP address to listen on (nor `localhost`)"));
}

#[test]
fn all_interfaces_print_every_address_served_with_a_warning_and_answer_each() {
    let site = fixture("basic");
    let server = serve_args(&site.root, &["--interface", "0.0.0.0"], &[]);
    // The first address listed is the one `serve_args` read; the others follow.
    let mut addresses = vec![server.address.clone()];
    while let Ok(line) = server.stdout.recv_timeout(Duration::from_secs(5)) {
        if line.starts_with("translation desk at ") {
            break;
        }
        if let Some(url) = line.strip_prefix("  http://") {
            addresses.push(url.trim_end_matches('/').to_string());
        }
    }
    assert!(addresses.iter().any(|a| a.starts_with("127.0.0.1:")), "{addresses:?}");
    assert!(!addresses.iter().any(|a| a.starts_with("0.0.0.0")), "{addresses:?}");
    let warning = std::iter::from_fn(|| server.stderr.recv_timeout(Duration::from_secs(5)).ok())
        .find(|line| line.starts_with("warning: --interface"))
        .expect("a warning about the network");
    assert!(
        warning.starts_with("warning: --interface 0.0.0.0 puts the preview on the network")
            && warning.contains("drafts")
            && warning.contains("translation desk"),
        "{warning}"
    );
    let port = addresses[0].rsplit(':').next().unwrap().to_string();
    for address in &addresses {
        let (status, response) = get_as(address, "/__patrika/desk/", Some(address));
        assert_eq!(status, 200, "{address}: {response}");
        let (status, _) = get_as(address, "/__patrika/desk/", Some(&format!("attacker.example:{port}")));
        assert_eq!(status, 421, "{address}");
        // The desk's API, which writes files, answers this machine only.
        let (status, body) = crate::desk_api::call(address, "GET", "/__patrika/desk/api/sets", None, &[], false);
        let loopback = address.starts_with("127.") || address.starts_with("[::1]");
        assert_eq!(status, if loopback { 200 } else { 403 }, "{address}: {body}");
    }
}

/// `patrika <args> --root <site>` with SIGINT ignored, as a background job of a shell script
/// starts it (the shell ignores SIGINT for it, and `exec` keeps that).
#[cfg(unix)]
fn started_with_sigint_ignored(site: &TestSite, args: &[&str]) -> Running {
    let mut child = Command::new("sh")
        .args(["-c", "trap '' INT; exec \"$0\" \"$@\"", env!("CARGO_BIN_EXE_patrika")])
        .args(args)
        .args(["--root", &site.root_arg()])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let stdout = lines(child.stdout.take().unwrap());
    let stderr = lines(child.stderr.take().unwrap());
    Running { child, address: String::new(), stdout, stderr }
}

/// The lines a process prints until it says it is ready ("… (Ctrl-C to stop)…").
fn until_ready(running: &Running) -> Vec<String> {
    let mut seen = Vec::new();
    while !seen.last().is_some_and(|l: &String| l.contains("(Ctrl-C to stop)")) {
        let line = running.stdout.recv_timeout(Duration::from_secs(60));
        seen.push(line.unwrap_or_else(|_| panic!("not ready; printed {seen:?}")));
    }
    seen
}

#[cfg(unix)]
#[test]
fn serve_and_watch_stop_on_sigint_even_when_started_with_it_ignored() {
    let site = fixture("basic");
    for (args, signal) in
        [(&["serve", "--port", "0"][..], "INT"), (&["build", "--watch"], "INT"), (&["serve", "--port", "0"], "TERM")]
    {
        let mut running = started_with_sigint_ignored(&site, args);
        until_ready(&running);
        let pid = running.child.id();
        let sent = Command::new("sh").args(["-c", &format!("kill -{signal} {pid}")]).status().unwrap();
        assert!(sent.success());
        let started = Instant::now();
        let status = loop {
            if let Some(status) = running.child.try_wait().unwrap() {
                break status;
            }
            assert!(started.elapsed() < Duration::from_secs(10), "{args:?} did not stop on SIG{signal}");
            std::thread::sleep(Duration::from_millis(20));
        };
        assert_eq!(status.code(), Some(0), "{args:?}: stopping is how a preview ends");
        let rest: Vec<String> = running.stdout.try_iter().collect();
        assert_eq!(rest.last().map(String::as_str), Some("Stopped."), "{args:?}: {rest:?}");
    }
    assert!(site.root.join("public/hi/briefings/budget/index.html").is_file(), "watch left its output in place");
}

#[test]
fn serve_and_watch_summarise_builds_in_the_words_of_build() {
    let site = fixture("basic");
    let built = crate::support::run(&["build", "--root", &site.root_arg()]);
    // "10 pages (hi 6, en 4)": what every summary line says the site has.
    let pages = |line: &str| line.split(" as ").next().unwrap().split_once(' ').unwrap().1.to_string();
    assert!(built.out.starts_with("Built 10 pages (hi 6, en 4) as "), "{}", built.out);
    for args in [&["serve", "--port", "0"][..], &["build", "--watch"]] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_patrika"))
            .args(args)
            .args(["--root", &site.root_arg()])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        let running = Running { child, address: String::new(), stdout, stderr };
        let seen = until_ready(&running);
        assert_eq!(pages(&seen[0]), pages(&built.out), "{args:?}: {seen:?}");
        // The cards `build` drew above are taken from the cache.
        assert!(seen[0].contains(" files, 8 cards (0 drawn) in ") && seen[0].contains(" ms"), "{seen:?}");
        // The site's own folder, not `.`, wherever the command was started.
        let root = site.root.canonicalize().unwrap().display().to_string();
        let ready = seen.last().unwrap();
        assert!(
            ready.starts_with(&format!("Serving {root} at http://")) || ready.starts_with(&format!("Watching {root} ")),
            "{ready}"
        );
        let text = site.read("content/briefings/old.hi.md");
        site.write("content/briefings/old.hi.md", &format!("{text}\nएक और वाक्य।\n"));
        let line = next_line_starting(&running, "Rebuil");
        assert!(line.starts_with(&format!("Rebuilt {} as ", pages(&built.out))), "{line}");
        assert!(line.contains(" rendered again after content/briefings/old.hi.md changed"), "{line}");
        site.write("content/briefings/old.hi.md", &text.replace("+++\n", "+++\ntitle = \"x\"\n"));
        let failed = next_line_starting(&running, "Rebuild failed");
        assert!(
            failed.starts_with("Rebuild failed with 1 error in ")
                && failed.ends_with(" after content/briefings/old.hi.md changed; the last good site stays up"),
            "{failed}"
        );
        site.write("content/briefings/old.hi.md", &text);
        next_line_starting(&running, "Rebuilt ");
    }
}

/// The next line the process prints that starts with `start` (a save may be seen twice, so
/// other rebuild lines may come first).
fn next_line_starting(running: &Running, start: &str) -> String {
    loop {
        let line = running.stdout.recv_timeout(Duration::from_secs(10)).unwrap_or_else(|_| panic!("no `{start}` line"));
        if line.starts_with(start) {
            return line;
        }
    }
}
