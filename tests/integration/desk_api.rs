//! The desk's JSON API in a running `serve`, without a browser: every status code it
//! answers (200, 201, 400, 403, 404, 409, 413, 421, 503), what it writes and what it never does.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};

use crate::desk::site_with_every_state;
use crate::serve::{Running, serve, wait_for};
use crate::support::small_site;

const API: &str = "/__patrika/desk/api/";

/// One raw HTTP/1.1 request: (status, body). `headers` are sent as given; the desk's header
/// and the server's own `Host` are added unless `bare`.
pub fn call(
    address: &str,
    method: &str,
    path: &str,
    body: Option<&str>,
    headers: &[(&str, &str)],
    bare: bool,
) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !bare {
        head.push_str(&format!("Host: {address}\r\nX-Patrika-Desk: 1\r\n"));
    }
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = body.unwrap_or("");
    head.push_str(&format!("Content-Type: application/json\r\nContent-Length: {}\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).unwrap();
    // A refused upload may be answered before it is all sent; the answer is what counts.
    let _ = stream.write_all(body.as_bytes());
    let mut raw = Vec::new();
    let _ = stream.read_to_end(&mut raw);
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text.split_whitespace().nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let body = text.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

/// A desk API request with its header; the answer as JSON.
pub fn api(server: &Running, method: &str, name: &str, body: Option<Value>) -> (u16, Value) {
    let text = body.map(|b| b.to_string());
    let (status, answer) = call(&server.address, method, &format!("{API}{name}"), text.as_deref(), &[], false);
    (status, serde_json::from_str(&answer).unwrap_or_else(|_| panic!("{method} {name}: {status} {answer}")))
}

fn state(server: &Running, key: &str, lang: &str) -> String {
    let (status, sets) = api(server, "GET", "sets", None);
    assert_eq!(status, 200, "{sets}");
    let set = sets.as_array().unwrap().iter().find(|s| s["key"] == key).unwrap_or_else(|| panic!("{key} in {sets}"));
    set["languages"][lang].as_str().unwrap().to_string()
}

#[test]
fn every_request_needs_the_desk_header_this_host_and_the_desk_s_origin() {
    let site = site_with_every_state();
    let server = serve(&site);
    let port = server.address.rsplit(':').next().unwrap();
    let (status, body) = call(&server.address, "GET", &format!("{API}sets"), None, &[("Host", &server.address)], true);
    assert_eq!(status, 403, "{body}");
    assert!(body.contains("X-Patrika-Desk: 1"), "{body}");
    let wrong = [("Host", server.address.as_str()), ("X-Patrika-Desk", "yes")];
    assert_eq!(call(&server.address, "GET", &format!("{API}sets"), None, &wrong, true).0, 403);
    let foreign = format!("rebind.example:{port}");
    let (status, body) =
        call(&server.address, "GET", &format!("{API}sets"), None, &[("Host", &foreign), ("X-Patrika-Desk", "1")], true);
    assert_eq!(status, 421, "{body}");
    let (status, body) =
        call(&server.address, "GET", &format!("{API}sets"), None, &[("Origin", "https://evil.example")], false);
    assert_eq!(status, 403, "{body}");
    let own = format!("http://{}", server.address);
    let (status, body) = call(&server.address, "GET", &format!("{API}sets"), None, &[("Origin", &own)], false);
    assert_eq!(status, 200, "{body}");
    // The sets, as `status --format json` prints them.
    let sets: Value = serde_json::from_str(&body).unwrap();
    let printed: Value = serde_json::from_str(&site.run("status", &["--format", "json"]).out).unwrap();
    assert_eq!(sets, printed);
    assert_eq!(state(&server, "briefings/budget", "en"), "stale");
    assert_eq!(api(&server, "GET", "no-such-thing", None).0, 404);
}

#[test]
fn a_file_is_read_saved_whole_and_never_over_a_newer_version() {
    let site = site_with_every_state();
    let server = serve(&site);
    let path = "content/briefings/budget.en.md";
    let (status, file) = api(&server, "GET", &format!("file?path={path}"), None);
    assert_eq!(status, 200, "{file}");
    assert_eq!(file["path"], path);
    assert_eq!(file["text"], site.read(path));
    let hash = file["hash"].as_str().unwrap().to_string();
    assert!(hash.starts_with("sha256:") && hash.len() == 71, "{hash}");
    let edited = site.read(path).replace("252,000 crore", "2,52,000 crore");
    let (status, saved) = api(&server, "PUT", "file", Some(json!({"path": path, "text": edited, "base_hash": hash})));
    assert_eq!(status, 200, "{saved}");
    assert_eq!(site.read(path), edited);
    let new_hash = saved["hash"].as_str().unwrap();
    assert_ne!(new_hash, hash);
    assert!(saved["findings"].as_array().unwrap().iter().any(|f| f["rule"] == "stale"), "{saved}");
    // Someone saves again from the old version: refused, with the file as it is now.
    let (status, conflict) =
        api(&server, "PUT", "file", Some(json!({"path": path, "text": "mine", "base_hash": hash})));
    assert_eq!(status, 409, "{conflict}");
    assert_eq!(conflict["hash"], new_hash);
    assert_eq!(conflict["text"], edited);
    assert_eq!(site.read(path), edited, "nothing was overwritten");
    // No temporary file is left beside it.
    let left: Vec<String> = std::fs::read_dir(site.root.join("content/briefings"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("tmp"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    let (status, missing) = api(&server, "GET", "file?path=content/briefings/nothing.en.md", None);
    assert_eq!(status, 404, "{missing}");
}

#[test]
fn paths_outside_content_or_not_language_files_are_refused_and_nothing_is_written() {
    let site = site_with_every_state();
    #[cfg(unix)]
    {
        std::fs::write(site.root.parent().unwrap().join("outside.en.md"), "+++\ntitle = \"x\"\n+++\n").unwrap();
        std::os::unix::fs::symlink(
            site.root.parent().unwrap().join("outside.en.md"),
            site.root.join("content/briefings/leak.en.md"),
        )
        .unwrap();
    }
    let server = serve(&site);
    let config = site.read("config.toml");
    let mut bad = vec![
        "../config.toml",
        "config.toml",
        "/etc/passwd",
        "content/../config.toml",
        "content/./briefings/budget.en.md",
        "content//briefings/budget.en.md",
        "content\\briefings\\budget.en.md",
        "content/briefings/budget.fr.md",
        "content/briefings/budget.en.txt",
        "content/briefings/.budget.en.md",
        "content/briefings/budget.en.md~",
        "templates/page.html",
        "content",
        "",
    ];
    if cfg!(unix) {
        bad.push("content/briefings/leak.en.md");
    }
    for path in bad {
        let encoded: String = url::form_urlencoded::byte_serialize(path.as_bytes()).collect();
        let (status, body) = api(&server, "GET", &format!("file?path={encoded}"), None);
        assert_eq!(status, 400, "GET {path:?}: {body}");
        let (status, body) =
            api(&server, "PUT", "file", Some(json!({"path": path, "text": "x", "base_hash": "sha256:0"})));
        assert_eq!(status, 400, "PUT {path:?}: {body}");
        let (status, body) = api(&server, "POST", "done", Some(json!({"path": path})));
        assert_eq!(status, 400, "done {path:?}: {body}");
        let (status, body) = api(&server, "POST", "translate", Some(json!({"path": path, "to": "en"})));
        assert_eq!(status, 400, "translate {path:?}: {body}");
    }
    // A picture is no page to edit, and the answer does not say to rename it `.md`.
    let (_, body) = api(&server, "GET", "file?path=content%2Fbriefings%2Fbudget.en.txt", None);
    assert!(body.to_string().contains("`budget.en.txt` is not a Markdown file"), "{body}");
    assert_eq!(site.read("config.toml"), config);
    if cfg!(unix) {
        let outside = std::fs::read_to_string(site.root.parent().unwrap().join("outside.en.md")).unwrap();
        assert_eq!(outside, "+++\ntitle = \"x\"\n+++\n");
    }
    // Bodies that are not the JSON asked for, and bodies too large.
    let (status, body) = call(&server.address, "PUT", &format!("{API}file"), Some("{\"path\": 3}"), &[], false);
    assert_eq!(status, 400, "{body}");
    let huge = format!(
        "{{\"path\":\"content/briefings/budget.en.md\",\"text\":\"{}\",\"base_hash\":\"x\"}}",
        "a".repeat(9 << 20)
    );
    let (status, body) = call(&server.address, "PUT", &format!("{API}file"), Some(&huge), &[], false);
    assert_eq!(status, 413, "{body}");
}

#[test]
fn translate_scaffolds_a_missing_language_and_done_records_the_source() {
    let site = site_with_every_state();
    let server = serve(&site);
    let (status, made) =
        api(&server, "POST", "translate", Some(json!({"path": "content/briefings/old.hi.md", "to": "en"})));
    assert_eq!(status, 201, "{made}");
    assert_eq!(made["path"], "content/briefings/old.en.md");
    let text = site.read("content/briefings/old.en.md");
    assert_eq!(made["text"], text.as_str());
    assert!(
        text.contains("draft = true") && text.contains("[translation]\nfrom = \"hi\"\nsource_hash = \"sha256:"),
        "{text}"
    );
    let (status, again) =
        api(&server, "POST", "translate", Some(json!({"path": "content/briefings/old.hi.md", "to": "en"})));
    assert_eq!(status, 409, "{again}");
    let (status, body) =
        api(&server, "POST", "translate", Some(json!({"path": "content/briefings/old.hi.md", "to": "fr"})));
    assert_eq!(status, 400, "{body}");
    // Done on the stale translation: the set turns current once the rebuild has read it.
    let before = site.read("content/briefings/budget.en.md");
    let (status, done) = api(&server, "POST", "done", Some(json!({"path": "content/briefings/budget.en.md"})));
    assert_eq!(status, 200, "{done}");
    let after = site.read("content/briefings/budget.en.md");
    let hash = done["source_hash"].as_str().unwrap();
    let expected: Vec<String> = before
        .lines()
        .map(|l| if l.starts_with("source_hash = ") { format!("source_hash = \"{hash}\"") } else { l.to_string() })
        .collect();
    assert_eq!(after, expected.join("\n") + "\n", "only the recorded hash changed");
    wait_for(&server.address, "/__patrika/desk/?show=all", Duration::from_secs(10), |_, _| {
        state(&server, "briefings/budget", "en") == "current"
    });
    let (status, body) = api(&server, "POST", "done", Some(json!({"path": "content/briefings/budget.hi.md"})));
    assert_eq!(status, 400, "an original: {body}");
}

#[test]
fn edits_are_composed_block_by_block_and_checked_without_writing() {
    let site = site_with_every_state();
    let server = serve(&site);
    let path = "content/briefings/budget.en.md";
    let text = site.read(path);
    let edits = json!({"blocks": {"0": "The government set aside 999,000 crore rupees."}, "fields": {"title": "Railways: more money"}});
    let (status, composed) = api(&server, "POST", "compose", Some(json!({"text": text, "edits": edits})));
    assert_eq!(status, 200, "{composed}");
    let composed = composed["text"].as_str().unwrap().to_string();
    let first_block = text.lines().find(|l| l.starts_with("The government")).unwrap();
    let expected = text
        .replace(first_block, "The government set aside 999,000 crore rupees.")
        .replace("\"More money for the railways in the budget\"", "\"Railways: more money\"");
    assert_eq!(composed, expected);
    let (status, checked) = api(&server, "POST", "check", Some(json!({"path": path, "text": composed})));
    assert_eq!(status, 200, "{checked}");
    let numbers: Vec<&Value> =
        checked["findings"].as_array().unwrap().iter().filter(|f| f["rule"] == "numbers").collect();
    assert!(!numbers.is_empty() && numbers.iter().all(|f| f["block"] == 0), "{checked}");
    assert_eq!(site.read(path), text, "checking writes nothing");
    let bad = json!({"text": text, "edits": {"blocks": {"40": "x"}}});
    assert_eq!(api(&server, "POST", "compose", Some(bad)).0, 400);
}

#[test]
fn translation_memory_suggests_an_earlier_translation_with_the_numbers_of_the_new_source() {
    let hindi = |title: &str, body: &str| format!("+++\ntitle = \"{title}\"\ndate = 2026-01-01\n+++\n\n{body}\n");
    let site = small_site(&[
        (
            "content/briefings/a.hi.md",
            &hindi("पहली", "मानसून केरल में 3 दिन पहले पहुँचा और किसानों ने बुआई शुरू की।\n\nदूसरा अनुच्छेद अलग है।"),
        ),
        ("content/briefings/b.hi.md", &hindi("दूसरी", "मानसून केरल में 5 दिन पहले पहुँचा और किसानों ने बुआई शुरू की।")),
    ]);
    site.write(
        "content/briefings/a.en.md",
        "+++\ntitle = \"First\"\ndate = 2026-01-01\n\n[translation]\nfrom = \"hi\"\n+++\n\nThe monsoon reached Kerala 3 days early and farmers began sowing.\n\nThe second paragraph is different.\n",
    );
    assert_eq!(site.run("translate", &["--done", "content/briefings/a.en.md"]).code, 0);
    assert_eq!(site.run("translate", &["content/briefings/b.hi.md", "--to", "en"]).code, 0);
    let server = serve(&site);
    let asked =
        json!({"path": "content/briefings/b.en.md", "text": "मानसून केरल में 5 दिन पहले पहुँचा और किसानों ने बुआई शुरू की।"});
    let (status, found) = api(&server, "POST", "suggest", Some(asked));
    assert_eq!(status, 200, "{found}");
    let first = &found["suggestions"][0];
    assert_eq!(first["text"], "The monsoon reached Kerala 5 days early and farmers began sowing.", "{found}");
    assert_eq!(first["adapted"], true);
    assert_eq!(first["from"], "content/briefings/a.en.md");
    let similarity = first["similarity"].as_u64().unwrap();
    assert!((80..100).contains(&similarity), "{similarity}");
    // The same text exactly: 100%, nothing to adapt; an original asks for nothing.
    let same =
        json!({"path": "content/briefings/b.en.md", "text": "मानसून केरल में 3 दिन पहले पहुँचा और किसानों ने बुआई शुरू की।"});
    let (_, found) = api(&server, "POST", "suggest", Some(same));
    assert_eq!(found["suggestions"][0]["similarity"], 100, "{found}");
    assert_eq!(found["suggestions"][0]["adapted"], false);
    let original = json!({"path": "content/briefings/b.hi.md", "text": "x"});
    assert_eq!(api(&server, "POST", "suggest", Some(original)).0, 400);
}

#[test]
fn a_site_that_cannot_be_read_is_503_with_why_until_it_is_fixed() {
    let site = site_with_every_state();
    let config = site.read("config.toml");
    site.write("config.toml", &format!("{config}\n[broken\n"));
    let server = serve(&site);
    let (status, body) = api(&server, "GET", "sets", None);
    assert_eq!(status, 503, "{body}");
    assert!(body["error"].as_str().unwrap().contains("config.toml:"), "it says where: {body}");
    let path = "content/briefings/budget.en.md";
    let before = site.read(path);
    let (status, body) = api(&server, "PUT", "file", Some(json!({"path": path, "text": "x", "base_hash": "sha256:0"})));
    assert_eq!(status, 503, "{body}");
    assert_eq!(site.read(path), before, "nothing was written");
    // Fixed, the desk follows the rebuild.
    site.write("config.toml", &config);
    let mut last = (0, Value::Null);
    for _ in 0..100 {
        last = api(&server, "GET", "sets", None);
        if last.0 == 200 {
            break;
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_eq!(last.0, 200, "{}", last.1);
    assert_eq!(state(&server, "briefings/budget", "en"), "stale");
}
