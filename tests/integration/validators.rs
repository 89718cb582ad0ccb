//! Every kind of page passes the W3C Nu HTML checker and axe with zero findings,
//! on the bundled site and on a three-language site with Urdu (right to left).
//! `.ci/run` installs Java, `vnu-jar` and `axe-core` (npm) and runs these.

use std::path::{Path, PathBuf};
use std::time::Duration;

use crate::browser::{Page, launch};
use crate::serve::serve;
use crate::support::{TestSite, fixture, run};

/// Where `.ci/run` puts the npm tools; `PATRIKA_CI_TOOLS` moves it.
fn tool(rel: &str) -> PathBuf {
    let base = std::env::var("PATRIKA_CI_TOOLS")
        .map_or_else(|_| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-tools"), PathBuf::from);
    let path = base.join("node_modules").join(rel);
    assert!(path.exists(), "{} is missing: run `.ci/run`, or npm install vnu-jar axe-core there", path.display());
    path
}

/// A copy of the bundled example site (the repository root is one).
fn bundled_site() -> TestSite {
    let site = fixture("trilingual");
    std::fs::remove_dir_all(site.root.join("content")).unwrap();
    let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
    for file in ["config.toml", "authors.toml", "glossary.toml"] {
        std::fs::copy(repo.join(file), site.root.join(file)).unwrap();
    }
    for entry in walkdir::WalkDir::new(repo.join("content")).into_iter().flatten() {
        let to = site.root.join(entry.path().strip_prefix(repo).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&to).unwrap();
        } else {
            std::fs::copy(entry.path(), &to).unwrap();
        }
    }
    site
}

/// Every HTML file of a build, as URL paths.
fn pages(site: &TestSite) -> Vec<String> {
    let out = site.root.join("public");
    let mut pages: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_name() == "index.html" || e.file_name() == "404.html")
        .map(|e| {
            let rel = e.path().strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/");
            format!("/{}", rel.trim_end_matches("index.html"))
        })
        .collect();
    pages.sort();
    pages
}

/// Every page kind once per language (axe takes seconds a page on two cores): further
/// pages of a paginated list, and further topics and authors, are made by the same templates.
fn one_of_each_kind(pages: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::BTreeSet::new();
    pages
        .into_iter()
        .filter(|p| !p.contains("/page/"))
        .filter(|p| {
            let parts: Vec<&str> = p.trim_matches('/').split('/').collect();
            match parts.as_slice() {
                [lang, kind @ ("authors" | "topics"), _] => seen.insert(format!("{lang}/{kind}")),
                _ => true,
            }
        })
        .collect()
}

#[test]
#[ignore = "needs Java and vnu-jar (npm); .ci/run installs them"]
fn every_page_passes_the_nu_html_checker() {
    let vnu = tool("vnu-jar/build/dist/vnu.jar");
    for site in [bundled_site(), fixture("trilingual")] {
        let r = run(&["build", "--root", &site.root_arg()]);
        assert_eq!(r.code, 0, "{}", r.err);
        let out = std::process::Command::new("java")
            .arg("-jar")
            .arg(&vnu)
            .args(["--errors-only", "--skip-non-html", "--also-check-css"])
            .arg(site.root.join("public"))
            .output()
            .expect("java runs");
        let report = String::from_utf8_lossy(&out.stderr).into_owned() + &String::from_utf8_lossy(&out.stdout);
        assert!(out.status.success(), "the Nu checker found problems:\n{report}");
    }
}

#[test]
#[ignore = "needs headless Chromium and axe-core (npm); .ci/run installs them"]
fn every_page_passes_axe() {
    let axe = std::fs::read_to_string(tool("axe-core/axe.min.js")).unwrap();
    for site in [bundled_site(), fixture("trilingual")] {
        let r = run(&["build", "--root", &site.root_arg()]);
        assert_eq!(r.code, 0, "{}", r.err);
        let server = serve(&site);
        let profile = tempfile::tempdir().unwrap();
        let (_browser, port) = launch("about:blank", profile.path());
        let mut page = Page::connect(port);
        // The root sends a reader on to an edition; `#choose` keeps the chooser for axe.
        let paths: Vec<String> = one_of_each_kind(pages(&site))
            .into_iter()
            .map(|path| if path == "/" { "/#choose".to_string() } else { path })
            .collect();
        let findings = axe_findings(&mut page, &axe, &server.address, &paths);
        assert!(findings.is_empty(), "axe found:\n{}", findings.join("\n"));
    }
}

/// Runs axe on each page (`paths` on the server at `address`); its violations, one a line.
fn axe_findings(page: &mut Page, axe: &str, address: &str, paths: &[String]) -> Vec<String> {
    let mut findings = Vec::new();
    for path in paths {
        let url = format!("http://{address}{path}");
        page.call("Page.navigate", serde_json::json!({ "url": url }));
        let loaded = format!("location.href === {url:?} && document.readyState !== 'loading'");
        let started = std::time::Instant::now();
        while page.eval(&loaded) != serde_json::Value::Bool(true) {
            let state = page.eval("location.href + ' ' + document.readyState");
            assert!(started.elapsed() < Duration::from_secs(15), "{url} never loaded: {state}");
            std::thread::sleep(Duration::from_millis(50));
        }
        // `;0`: the script's own last value is a large object DevTools would try to copy back.
        page.eval(&format!("{axe};0"));
        let result = page.eval(
            "axe.run(document, { resultTypes: ['violations'] }).then(r => r.violations.map(v => \
             v.id + ': ' + v.help + ' — ' + v.nodes.map(n => n.target.join(' ')).join(', ')))",
        );
        for violation in result.as_array().into_iter().flatten() {
            findings.push(format!("{path}: {}", violation.as_str().unwrap_or_default()));
        }
    }
    findings
}

#[test]
#[ignore = "needs headless Chromium and axe-core (npm); .ci/run installs them"]
fn the_desk_passes_axe_in_every_language() {
    let axe = std::fs::read_to_string(tool("axe-core/axe.min.js")).unwrap();
    let site = fixture("trilingual");
    let server = serve(&site);
    let profile = tempfile::tempdir().unwrap();
    let (_browser, port) = launch("about:blank", profile.path());
    let mut page = Page::connect(port);
    let mut paths = Vec::new();
    for ui in ["hi", "en", "ur"] {
        paths.push(format!("/__patrika/desk/?show=all&ui={ui}"));
        for file in ["en", "ur"] {
            paths.push(format!("/__patrika/desk/edit?path=content%2Fbriefings%2Fqingdao.{file}.md&ui={ui}"));
        }
    }
    let findings = axe_findings(&mut page, &axe, &server.address, &paths);
    assert!(findings.is_empty(), "axe found:\n{}", findings.join("\n"));
}
