//! The translation desk: `status --format html` as one file, and `/__patrika/desk/` in
//! `serve`, with every set's states, findings and links; never written by `build`.

use std::time::Duration;

use crate::serve::{get, serve, wait_for};
use crate::support::{TestSite, fixture};

/// The `<tr>` of a set, from its id to the end of the row.
fn row<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!("<tr id=\"{id}\"")).unwrap_or_else(|| panic!("no row {id} in {page}"));
    let end = page[start..].find("</tr>").unwrap() + start;
    &page[start..end]
}

/// The states shown in a row's cells, in language order.
fn states(row: &str) -> Vec<&str> {
    row.split("<span class=\"badge\">").skip(1).map(|s| &s[..s.find('<').unwrap()]).collect()
}

/// Tracks budget.en.md (done) and translates rail.hi.md into a draft, then edits budget's source.
fn site_with_every_state() -> TestSite {
    let site = fixture("basic");
    assert_eq!(site.run("translate", &["--done", "content/briefings/budget.en.md"]).code, 0);
    assert_eq!(site.run("translate", &["content/briefings/rail.hi.md", "--to", "en"]).code, 0);
    let source = site.read("content/briefings/budget.hi.md");
    site.write("content/briefings/budget.hi.md", &source.replacen("।", "। बजट बढ़ा।", 1));
    site
}

#[test]
fn status_html_is_the_desk_in_one_self_contained_file() {
    let site = site_with_every_state();
    let r = site.run("status", &["--format", "html"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let page = r.out;
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\">"));
    // Self-contained: no script, no stylesheet or font fetched.
    assert!(!page.contains("<script") && !page.contains("<link") && !page.contains("@import"), "{page}");
    let budget = row(&page, "set-briefings-budget");
    assert_eq!(states(budget), ["original", "stale"]);
    assert!(budget.contains("<a href=\"https://example.org/news/hi/briefings/budget/\">page</a>"), "{budget}");
    assert!(budget.contains("stale translation: content/briefings/budget.hi.md changed"), "{budget}");
    assert!(
        budget.contains(
            "<a class=\"parallel\" href=\"https://example.org/news/hi/briefings/budget/parallel/\">side by side</a>"
        ),
        "{budget}"
    );
    // A draft has no published page to link to.
    let rail = row(&page, "set-briefings-rail");
    assert_eq!(states(rail), ["original", "draft"]);
    assert!(rail.contains("<code class=\"file\">content/briefings/rail.en.md</code>"), "{rail}");
    assert_eq!(rail.matches(">page</a>").count(), 1, "{rail}");
    assert!(rail.contains("mostly in Devanagari script"), "the draft's findings are shown: {rail}");
    assert_eq!(states(row(&page, "set-briefings-old")), ["original", "missing"]);
    // Without git history the desk says why it shows no diff, in words.
    assert!(
        page.contains("What changed in the source of <code>content/briefings/budget.en.md</code> cannot be shown: the site is not in a git repository"),
        "{page}"
    );
    // Most urgent first.
    let order: Vec<usize> = ["set-briefings-budget", "set-briefings-old", "set-briefings-rail"]
        .iter()
        .map(|id| page.find(&format!("<tr id=\"{id}\"")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(
        page.contains("<li><span lang=\"en\" dir=\"ltr\">English</span>: <span class=\"state-stale\">1 stale</span>"),
        "{page}"
    );
}

#[test]
fn serve_shows_the_desk_and_it_follows_edits_while_build_never_writes_it() {
    let site = site_with_every_state();
    let server = serve(&site);
    let (status, headers, page) = get(&server.address, "/__patrika/desk/");
    assert_eq!(status, 200, "{page}");
    assert!(headers.to_lowercase().contains("content-type: text/html; charset=utf-8"), "{headers}");
    assert!(page.contains("/__patrika/live.js"), "the desk reloads itself like any page");
    let budget = row(&page, "set-briefings-budget");
    assert!(budget.contains("<a href=\"/hi/briefings/budget/\">page</a>"), "preview links are root-relative: {budget}");
    // The translator brings budget in line: after the rebuild the desk says current.
    assert_eq!(site.run("translate", &["--done", "content/briefings/budget.en.md"]).code, 0);
    wait_for(&server.address, "/__patrika/desk/", Duration::from_secs(5), |_, body| {
        states(row(body, "set-briefings-budget")) == ["original", "current"]
    });
    let built = site.run("build", &[]);
    assert_eq!(built.code, 0, "{}", built.err);
    assert!(!site.output_files().iter().any(|f| f.contains("__patrika")), "build never writes the desk");
}
