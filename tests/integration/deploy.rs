//! `patrika deploy` against a real S3 server (moto, started by each test), plus the
//! refusals that need no server. The deploys run the real binary, with credentials in
//! its environment as a newsroom's CI would give them.

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use object_store::aws::{AmazonS3, AmazonS3Builder};
use object_store::{Attribute, ObjectStore, ObjectStoreExt};

use crate::support::{SMALL_CONFIG, TestSite, small_site};

/// A moto S3 server on a free port of this machine, stopped when dropped.
struct Moto {
    child: Child,
    port: u16,
}

/// `PATRIKA_MOTO_SERVER`, else the `moto_server` of the tests' Python (`.ci/run` installs
/// `moto[server]` into its venv); a test without it fails saying how to install it.
fn moto_binary() -> PathBuf {
    if let Some(path) = std::env::var_os("PATRIKA_MOTO_SERVER") {
        return PathBuf::from(path);
    }
    crate::support::python_program("moto_server", "moto.server", "moto[server]")
}

impl Moto {
    fn start() -> Moto {
        let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
        let child = Command::new(moto_binary())
            .args(["-p", &port.to_string()])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start moto_server, which the deploy tests upload to: {e}"));
        let moto = Moto { child, port };
        let until = Instant::now() + Duration::from_secs(60);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(Instant::now() < until, "moto_server did not start on port {port}");
            std::thread::sleep(Duration::from_millis(100));
        }
        moto
    }

    /// Creates a bucket (moto needs no signature for that).
    fn bucket(&self, name: &str) {
        let mut stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let request = format!(
            "PUT /{name} HTTP/1.1\r\nHost: 127.0.0.1:{}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            self.port
        );
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    }

    fn target(&self, bucket: &str, prefix: &str) -> String {
        format!("s3://{bucket}/{prefix}?region=us-east-1&endpoint=http://127.0.0.1:{}", self.port)
    }

    fn store(&self, bucket: &str) -> AmazonS3 {
        AmazonS3Builder::new()
            .with_bucket_name(bucket)
            .with_region("us-east-1")
            .with_endpoint(format!("http://127.0.0.1:{}", self.port))
            .with_allow_http(true)
            .with_access_key_id("test")
            .with_secret_access_key("test")
            .build()
            .unwrap()
    }

    /// Puts an object at `key` as another tool would: no metadata of Patrika's.
    fn put_foreign(&self, bucket: &str, key: &str, bytes: &[u8]) {
        let store = self.store(bucket);
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(store.put(&object_store::path::Path::from(key), bytes.to_vec().into())).unwrap();
    }

    /// Every object below `prefix`: key → (bytes, Content-Type, Cache-Control, our hash metadata).
    fn objects(&self, bucket: &str, prefix: &str) -> BTreeMap<String, Object> {
        let store = self.store(bucket);
        let runtime = tokio::runtime::Runtime::new().unwrap();
        runtime.block_on(async {
            use futures_util::TryStreamExt;
            let listed: Vec<_> = store.list(Some(&object_store::path::Path::from(prefix))).try_collect().await.unwrap();
            let mut objects = BTreeMap::new();
            for meta in listed {
                let found = store.get(&meta.location).await.unwrap();
                let attribute = |a: Attribute| found.attributes.get(&a).map(|v| v.to_string()).unwrap_or_default();
                let object = Object {
                    content_type: attribute(Attribute::ContentType),
                    cache_control: attribute(Attribute::CacheControl),
                    sha256: attribute(Attribute::Metadata("patrika-sha256".into())),
                    bytes: Vec::new(),
                };
                let bytes = found.bytes().await.unwrap().to_vec();
                let location = meta.location.as_ref();
                let key =
                    if prefix.is_empty() { location } else { location.strip_prefix(&format!("{prefix}/")).unwrap() };
                let key = key.to_string();
                objects.insert(key, Object { bytes, ..object });
            }
            objects
        })
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Object {
    bytes: Vec<u8>,
    content_type: String,
    cache_control: String,
    sha256: String,
}

/// A bilingual site with `pairs` briefings that deploys to `target`.
fn site_with_briefings(target: &str, pairs: usize) -> TestSite {
    let site = small_site(&[]);
    site.write("config.toml", &format!("{SMALL_CONFIG}\n[deploy]\ntarget = \"{target}\"\n"));
    site.write("static/logo.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"1\" height=\"1\"/>");
    for n in 0..pairs {
        write_pair(&site, n, "पहला संस्करण");
    }
    site
}

fn write_pair(site: &TestSite, n: usize, body: &str) {
    site.write(
        &format!("content/briefings/b{n}.hi.md"),
        &format!("+++\ntitle = \"ब्रीफ़िंग {n}\"\ndate = 2025-03-{:02}\n+++\n\n{body} {n}।\n", n % 28 + 1),
    );
    site.write(
        &format!("content/briefings/b{n}.en.md"),
        &format!(
            "+++\ntitle = \"Briefing {n}\"\ndate = 2025-03-{:02}\n[translation]\nfrom = \"hi\"\n+++\n\nText {n}.\n",
            n % 28 + 1
        ),
    );
}

/// `patrika deploy --root <site> <extra…>` as a process with test credentials.
fn deploy_command(site: &TestSite, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_patrika"));
    command.args(["deploy", "--root", &site.root_arg()]).args(extra);
    for (key, _) in std::env::vars_os().filter(|(k, _)| k.to_string_lossy().starts_with("AWS_")) {
        command.env_remove(key);
    }
    command.env("AWS_ACCESS_KEY_ID", "test").env("AWS_SECRET_ACCESS_KEY", "test");
    command
}

struct Deployed {
    code: Option<i32>,
    out: String,
    err: String,
}

fn deploy(site: &TestSite, extra: &[&str]) -> Deployed {
    let output = deploy_command(site, extra).output().unwrap();
    Deployed {
        code: output.status.code(),
        out: String::from_utf8(output.stdout).unwrap(),
        err: String::from_utf8(output.stderr).unwrap(),
    }
}

/// The keys a deploy printed as uploaded, sorted.
fn uploaded(out: &str) -> Vec<String> {
    let mut keys: Vec<String> = out
        .lines()
        .filter_map(|l| l.strip_prefix("uploaded ").and_then(|rest| rest.rsplit_once(" (")).map(|(k, _)| k.to_string()))
        .collect();
    keys.sort();
    keys
}

/// The built files: key → bytes.
fn built(site: &TestSite) -> BTreeMap<String, Vec<u8>> {
    site.output_files()
        .into_iter()
        .filter(|f| f != ".patrika-output")
        .map(|f| {
            let bytes = std::fs::read(site.root.join("public").join(&f)).unwrap();
            (f, bytes)
        })
        .collect()
}

/// The bucket holds exactly the build (plus the manifest), byte for byte.
fn assert_mirrors(objects: &BTreeMap<String, Object>, site: &TestSite) {
    let files = built(site);
    let remote: Vec<&String> = objects.keys().filter(|k| *k != ".patrika-deploy.json").collect();
    assert_eq!(remote, files.keys().collect::<Vec<_>>());
    for (key, bytes) in &files {
        assert!(objects[key].bytes == *bytes, "{key} differs from the build");
    }
}

#[test]
#[ignore = "needs moto_server (Python's moto[server]; .ci/run installs it into target/ci-tools/venv)"]
fn the_first_deploy_uploads_everything_with_its_type_and_cache_headers() {
    let moto = Moto::start();
    moto.bucket("news");
    let site = site_with_briefings(&moto.target("news", "live"), 2);
    site.build();
    let r = deploy(&site, &[]);
    assert_eq!(r.code, Some(0), "{}\n{}", r.out, r.err);
    let files = built(&site);
    assert_eq!(uploaded(&r.out), files.keys().cloned().collect::<Vec<_>>());
    assert!(r.out.contains(&format!("Deployed to s3://news/live: uploaded {} files", files.len())), "{}", r.out);
    let objects = moto.objects("news", "live");
    assert_mirrors(&objects, &site);
    let css = files.keys().find(|k| k.starts_with("theme/style.") && k.len() == "theme/style.0123456789.css".len());
    let css = css.expect("a fingerprinted stylesheet");
    assert!(
        site.output("hi/index.html").contains(&format!("href=\"/{css}\"")),
        "the page links the fingerprinted name"
    );
    let font = files.keys().find(|k| k.starts_with("theme/fonts/noto-sans-devanagari-devanagari-400-normal.")).unwrap();
    let short = "public, max-age=300";
    let year = "public, max-age=31536000, immutable";
    let expected = [
        ("index.html", "text/html; charset=utf-8", short),
        ("hi/index.html", "text/html; charset=utf-8", short),
        ("en/briefings/b1/index.html", "text/html; charset=utf-8", short),
        ("hi/atom.xml", "application/atom+xml; charset=utf-8", short),
        ("sitemap.xml", "application/xml; charset=utf-8", short),
        ("robots.txt", "text/plain; charset=utf-8", short),
        (css.as_str(), "text/css; charset=utf-8", year),
        (font.as_str(), "font/woff2", year),
        ("theme/style.css", "text/css; charset=utf-8", "public, max-age=3600"),
        ("logo.svg", "image/svg+xml; charset=utf-8", "public, max-age=3600"),
    ];
    for (key, content_type, cache_control) in expected {
        let object = &objects[key];
        assert_eq!(
            (object.content_type.as_str(), object.cache_control.as_str()),
            (content_type, cache_control),
            "{key}"
        );
        let sha256: String = {
            use sha2::Digest;
            sha2::Sha256::digest(&object.bytes).iter().map(|b| format!("{b:02x}")).collect()
        };
        assert_eq!(object.sha256, sha256, "{key} carries the hash of its bytes");
    }
    // The fingerprinted stylesheet links the fingerprinted fonts, which are there.
    let linked = String::from_utf8(objects[css].bytes.clone()).unwrap();
    let font_file = font.trim_start_matches("theme/");
    assert!(linked.contains(&format!("url(\"{font_file}\")")), "{linked}");
}

#[test]
#[ignore = "needs moto_server (Python's moto[server]; .ci/run installs it into target/ci-tools/venv)"]
fn a_rebuilt_unchanged_site_uploads_nothing_and_one_edit_uploads_only_what_changed() {
    let moto = Moto::start();
    moto.bucket("news");
    let site = site_with_briefings(&moto.target("news", "site"), 3);
    site.build();
    assert_eq!(deploy(&site, &[]).code, Some(0));
    let before = built(&site);

    site.build();
    let again = deploy(&site, &[]);
    assert_eq!(again.code, Some(0), "{}", again.err);
    assert!(again.out.contains("0 files to upload (0 B), 0 objects to delete"), "{}", again.out);
    assert!(again.out.contains("uploaded 0 files (0 B), deleted 0 objects"), "{}", again.out);
    assert!(again.out.contains(", 0 checked one by one"), "the manifest vouched for every object:\n{}", again.out);

    write_pair(&site, 1, "दूसरा संस्करण");
    site.build();
    let after = built(&site);
    let changed: Vec<String> =
        after.iter().filter(|(k, v)| before.get(*k) != Some(*v)).map(|(k, _)| k.clone()).collect();
    assert!(changed.contains(&"hi/briefings/b1/index.html".to_string()), "{changed:?}");
    assert!(changed.len() < after.len() / 2, "{changed:?}");
    let edit = deploy(&site, &[]);
    assert_eq!(edit.code, Some(0), "{}", edit.err);
    assert_eq!(uploaded(&edit.out), changed);
    assert_mirrors(&moto.objects("news", "site"), &site);
}

#[test]
#[ignore = "needs moto_server (Python's moto[server]; .ci/run installs it into target/ci-tools/venv)"]
fn a_deleted_briefing_is_deleted_remotely_within_max_deletes() {
    let moto = Moto::start();
    moto.bucket("news");
    let site = site_with_briefings(&moto.target("news", "live"), 12);
    site.build();
    assert_eq!(deploy(&site, &[]).code, Some(0));

    std::fs::remove_file(site.root.join("content/briefings/b3.hi.md")).unwrap();
    std::fs::remove_file(site.root.join("content/briefings/b3.en.md")).unwrap();
    site.build();
    let r = deploy(&site, &[]);
    assert_eq!(r.code, Some(0), "{}", r.err);
    for gone in ["hi/briefings/b3/index.html", "en/briefings/b3/index.html", "hi/briefings/b3/parallel/index.html"] {
        assert!(r.out.contains(&format!("deleted {gone}\n")), "{gone}:\n{}", r.out);
    }
    assert_mirrors(&moto.objects("news", "live"), &site);

    // An almost empty build would delete nearly everything: refused, and nothing changes.
    for n in 0..12 {
        let _ = std::fs::remove_file(site.root.join(format!("content/briefings/b{n}.hi.md")));
        let _ = std::fs::remove_file(site.root.join(format!("content/briefings/b{n}.en.md")));
    }
    write_pair(&site, 0, "अकेला");
    let before = moto.objects("news", "live");
    site.build();
    let refused = deploy(&site, &["--max-deletes", "5"]);
    assert_eq!(refused.code, Some(1), "{}", refused.out);
    let deletes = before.len() - 1 - built(&site).keys().filter(|k| before.contains_key(*k)).count();
    assert!(
        refused.err.contains(&format!(
            "refusing to delete {deletes} objects from s3://news/live, more than --max-deletes 5 allows"
        )),
        "{}",
        refused.err
    );
    assert!(refused.err.contains(&format!("run `patrika deploy --max-deletes {deletes}`")), "{}", refused.err);
    assert!(!refused.out.contains("uploaded "), "{}", refused.out);
    assert_eq!(moto.objects("news", "live"), before, "a refused deploy changes nothing");

    let allowed = deploy(&site, &["--max-deletes", &deletes.to_string()]);
    assert_eq!(allowed.code, Some(0), "{}", allowed.err);
    assert_mirrors(&moto.objects("news", "live"), &site);
}

#[test]
#[ignore = "needs moto_server (Python's moto[server]; .ci/run installs it into target/ci-tools/venv)"]
fn objects_patrika_did_not_write_are_never_deleted_and_an_empty_build_never_wipes_a_small_site() {
    let moto = Moto::start();
    moto.bucket("shared");
    // Files of others under the target: at its root, and beside where a site goes.
    moto.put_foreign("shared", "archive/2019/report.pdf", b"%PDF-1.4 report");
    moto.put_foreign("shared", "other-site/index.html", b"<!doctype html><title>other</title>");
    let site = site_with_briefings(&moto.target("shared", ""), 3);
    site.build();
    let first = deploy(&site, &[]);
    assert_eq!(first.code, Some(0), "{}", first.err);
    assert!(
        first.out.contains("2 objects there that Patrika did not write are left alone (such as archive/2019/report.pdf, other-site/index.html)"),
        "{}",
        first.out
    );
    assert!(!first.out.lines().any(|l| l.starts_with("deleted ")), "{}", first.out);
    let all = moto.objects("shared", "");
    assert_eq!(all["archive/2019/report.pdf"].bytes, b"%PDF-1.4 report");
    assert!(all.contains_key("other-site/index.html"));

    // Every briefing removed: a small site's empty build would delete most of what it has there.
    for n in 0..3 {
        std::fs::remove_file(site.root.join(format!("content/briefings/b{n}.hi.md"))).unwrap();
        std::fs::remove_file(site.root.join(format!("content/briefings/b{n}.en.md"))).unwrap();
    }
    site.build();
    let before = moto.objects("shared", "");
    let dry = deploy(&site, &["--dry-run"]);
    assert_eq!(dry.code, Some(0), "{}", dry.err);
    assert!(dry.out.contains("A deploy would do none of this: refusing to delete "), "{}", dry.out);
    let refused = deploy(&site, &[]);
    assert_eq!(refused.code, Some(1), "{}", refused.out);
    assert!(refused.err.contains("more than a quarter of the "), "{}", refused.err);
    assert_eq!(moto.objects("shared", ""), before, "a refused deploy changes nothing");
    // Confirmed with the number it names, it goes ahead, and still leaves the others' files.
    let deletes =
        refused.err.split("run `patrika deploy --max-deletes ").nth(1).and_then(|r| r.split('`').next()).unwrap();
    let confirmed = deploy(&site, &["--max-deletes", deletes]);
    assert_eq!(confirmed.code, Some(0), "{}", confirmed.err);
    let after = moto.objects("shared", "");
    assert!(after.contains_key("archive/2019/report.pdf") && after.contains_key("other-site/index.html"));
    assert!(!after.contains_key("hi/briefings/b0/index.html"));
}

#[test]
#[ignore = "needs moto_server (Python's moto[server]; .ci/run installs it into target/ci-tools/venv)"]
fn a_dry_run_prints_the_plan_and_changes_nothing() {
    let moto = Moto::start();
    moto.bucket("news");
    let site = site_with_briefings(&moto.target("news", "live"), 2);
    site.build();
    let first = deploy(&site, &["--dry-run"]);
    assert_eq!(first.code, Some(0), "{}", first.err);
    assert!(moto.objects("news", "live").is_empty(), "a dry run uploads nothing");
    let files = built(&site);
    assert!(first.out.contains(&format!("{} files to upload", files.len())), "{}", first.out);
    assert!(first.out.contains("assets:\n") && first.out.contains("pages:\n") && first.out.contains("entry points:\n"));
    assert!(first.out.contains("  upload new     hi/briefings/b0/index.html ("), "{}", first.out);
    assert!(first.out.ends_with("Dry run: nothing was uploaded or deleted.\n"), "{}", first.out);
    // Assets are listed before pages, pages before the entry points that link to them.
    let at = |needle: &str| first.out.find(needle).unwrap_or_else(|| panic!("{needle}"));
    assert!(at("theme/style.css") < at("hi/briefings/b0/index.html"));
    assert!(at("hi/briefings/b0/index.html") < at("upload new     hi/index.html"));

    assert_eq!(deploy(&site, &[]).code, Some(0));
    let deployed = moto.objects("news", "live");
    write_pair(&site, 0, "नया");
    std::fs::remove_file(site.root.join("content/briefings/b1.en.md")).unwrap();
    site.build();
    let second = deploy(&site, &["--dry-run"]);
    assert_eq!(second.code, Some(0), "{}", second.err);
    assert!(second.out.contains("  upload changed hi/briefings/b0/index.html ("), "{}", second.out);
    assert!(second.out.contains("  delete en/briefings/b1/index.html\n"), "{}", second.out);
    assert_eq!(moto.objects("news", "live"), deployed);
}

/// Starts a deploy and returns it once it has printed `lines` uploads.
fn deploy_until(site: &TestSite, lines: usize) -> (Child, Vec<String>) {
    let mut child = deploy_command(site, &[]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    let mut reader = BufReader::new(child.stdout.take().unwrap());
    let mut seen = Vec::new();
    let mut line = String::new();
    while seen.len() < lines {
        line.clear();
        assert!(reader.read_line(&mut line).unwrap() > 0, "the deploy ended before {lines} uploads: {seen:?}");
        if line.starts_with("uploaded ") {
            seen.push(line.trim_end().to_string());
        }
    }
    // Keep reading in the background so the deploy never blocks on a full pipe.
    std::thread::spawn(move || std::io::copy(&mut reader, &mut std::io::sink()));
    (child, seen)
}

#[test]
#[ignore = "needs moto_server (Python's moto[server]; .ci/run installs it into target/ci-tools/venv)"]
fn a_deploy_killed_half_way_is_finished_by_the_next_run() {
    let moto = Moto::start();
    moto.bucket("news");
    let site = site_with_briefings(&moto.target("news", "live"), 150);
    site.build();
    let total = built(&site).len();
    let (mut child, _) = deploy_until(&site, 20);
    child.kill().unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), None, "the deploy was killed, not finished");
    let partial = moto.objects("news", "live");
    assert!(!partial.contains_key(".patrika-deploy.json"), "the manifest is written last");
    assert!(partial.len() < total, "{} of {total}", partial.len());

    let rerun = deploy(&site, &[]);
    assert_eq!(rerun.code, Some(0), "{}", rerun.err);
    assert!(uploaded(&rerun.out).len() < total, "the rerun uploads only what is missing");
    let finished = moto.objects("news", "live");
    assert_mirrors(&finished, &site);

    // Identical to a clean deploy of the same build, headers and all.
    site.write("config.toml", &format!("{SMALL_CONFIG}\n[deploy]\ntarget = \"{}\"\n", moto.target("news", "clean")));
    assert_eq!(deploy(&site, &[]).code, Some(0));
    let mut clean = moto.objects("news", "clean");
    let mut finished = finished;
    // The manifests record ETags; everything readers get must be the same.
    clean.remove(".patrika-deploy.json");
    finished.remove(".patrika-deploy.json");
    assert_eq!(finished, clean);
}

#[test]
#[ignore = "needs moto_server (Python's moto[server]; .ci/run installs it into target/ci-tools/venv)"]
fn a_store_that_goes_away_fails_the_deploy_and_says_what_went_and_what_did_not() {
    let mut moto = Moto::start();
    moto.bucket("news");
    let site = site_with_briefings(&moto.target("news", "live"), 150);
    site.build();
    let (mut child, went) = deploy_until(&site, 10);
    let _ = moto.child.kill();
    let _ = moto.child.wait();
    let mut err = String::new();
    child.stderr.take().unwrap().read_to_string(&mut err).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(1), "{err}");
    assert!(err.contains("error: the deploy to s3://news/live did not finish: uploaded "), "{err}");
    assert!(err.contains("  failed: "), "{err}");
    assert!(err.contains("  not started: hi/index.html\n"), "entry points wait for the pages:\n{err}");
    assert!(err.contains("Run `patrika deploy` again: it uploads only what is still missing."), "{err}");
    for line in went {
        let key = line.trim_start_matches("uploaded ").rsplit_once(" (").unwrap().0;
        assert!(
            !err.contains(&format!(": {key}\n")) && !err.contains(&format!("failed: {key}: ")),
            "{key} went up:\n{err}"
        );
    }
}

#[test]
fn deploy_refuses_a_folder_patrika_did_not_build_and_a_site_without_a_target() {
    let site = site_with_briefings("s3://news/live?endpoint=http://127.0.0.1:9", 1);
    let r = deploy(&site, &[]);
    assert_eq!(r.code, Some(2), "bad usage: {}", r.err);
    assert!(
        r.err.contains("error: there is no built site at ") && r.err.contains("run `patrika build` first"),
        "{}",
        r.err
    );
    site.write("public/index.html", "<p>someone else's</p>");
    let r = deploy(&site, &[]);
    assert_eq!(r.code, Some(2), "bad usage: {}", r.err);
    assert!(r.err.contains("it has no .patrika-output, so Patrika did not build it"), "{}", r.err);

    site.write("config.toml", SMALL_CONFIG);
    let r = deploy(&site, &[]);
    assert_eq!(r.code, Some(2), "bad usage: {}", r.err);
    assert!(r.err.contains("config.toml has no deploy target: add `[deploy]`"), "{}", r.err);
}

#[test]
fn check_reports_a_bad_target_at_its_column_and_warns_about_credentials() {
    let site = small_site(&[]);
    let config = format!(
        "{SMALL_CONFIG}\n[deploy]\ntarget = \"s3://news/live?region=ap-south-1&regoin=x\"\n\
         [build]\noutput_dir = \"public\"\n"
    );
    site.write("config.toml", &config);
    let r = site.run_check();
    let line = config.lines().position(|l| l.starts_with("target")).unwrap() + 1;
    assert!(
        r.contains(&format!(
            "config.toml:{line}:44: error: unknown key `regoin` in the target URL's query (did you mean `region`?)"
        )),
        "{r}"
    );
    let with_key = format!("{SMALL_CONFIG}\n[deploy]\ntarget = \"s3://AKIAIOSFODNN7EXAMPLE:x@news/live\"\n");
    site.write("config.toml", &with_key);
    let r = site.run_check();
    let line = with_key.lines().position(|l| l.starts_with("target")).unwrap() + 1;
    assert!(
        r.contains(&format!("config.toml:{line}:16: warning: `target` holds what looks like an AWS access key id; credentials belong in the environment")),
        "{r}"
    );
}

impl TestSite {
    /// Everything `check` printed.
    fn run_check(&self) -> String {
        let r = self.run("check", &[]);
        format!("{}{}", r.out, r.err)
    }
}
