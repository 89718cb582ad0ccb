//! The translation desk: `status --format html` as one file, and `/__patrika/desk/` in
//! `serve`, with every set's states, findings and links; never written by `build`. The
//! editor, in Chromium, is in `desk_editor`; the API in `desk_api`.

use std::time::Duration;

use serde_json::Value;

use crate::browser::{Page, launch};
use crate::diff::History;
use crate::serve::{get, serve, serve_root, wait_for};
use crate::support::{TestSite, fixture};

/// The `<tr>` of a set, from its id to the end of the row.
fn row<'a>(page: &'a str, id: &str) -> &'a str {
    let start = page.find(&format!("<tr id=\"{id}\"")).unwrap_or_else(|| panic!("no row {id} in {page}"));
    let end = page[start..].find("</tr>").unwrap() + start;
    &page[start..end]
}

/// The states shown in a row's cells, in language order.
fn states(row: &str) -> Vec<&str> {
    row.split("<span class=\"badge\" data-state=\"").skip(1).map(|s| &s[..s.find('"').unwrap()]).collect()
}

/// Tracks budget.en.md (done) and translates rail.hi.md into a draft, then edits budget's source.
pub(crate) fn site_with_every_state() -> TestSite {
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
    // In the site's default language, with the words of every language for the switcher.
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"hi\" dir=\"ltr\" data-desk=\"list\">"), "{}", &page[..200]);
    assert!(page.contains("<a href=\"?ui=en\" lang=\"en\" dir=\"ltr\" hreflang=\"en\" data-ui=\"en\">English</a>"));
    assert!(page.contains("\"state.stale\":\"Needs updating\""), "the English words travel with the page");
    // Self-contained: nothing fetched; the Devanagari face inside, no Nastaliq (no Urdu here).
    assert!(!page.contains("<script src") && !page.contains("<link") && !page.contains("@import"));
    assert!(page.split("url(").skip(1).all(|u| u.starts_with("\"data:font/woff2;base64,")), "only data: URLs");
    let face = |family: &str| format!("@font-face {{ font-family: \"{family}\"; font-style: normal; font-weight: 400;");
    assert!(page.contains(&face("Noto Sans Devanagari")) && !page.contains(&face("Noto Nastaliq Urdu")));
    let budget = row(&page, "set-briefings-budget");
    assert_eq!(states(budget), ["original", "stale"]);
    assert!(budget.contains("<span data-t=\"state.stale\">अद्यतन करना है</span>"), "{budget}");
    assert!(
        budget.contains("<a href=\"https://example.org/news/hi/briefings/budget/\"><span data-t=\"action.view\">"),
        "{budget}"
    );
    assert!(budget.contains("<span data-t=\"rule.stale\">अनुवाद के बाद मूल बदल गया है</span>"), "{budget}");
    assert!(!budget.contains("patrika translate"), "no shell commands: {budget}");
    assert!(
        budget.contains("<a class=\"parallel\" href=\"https://example.org/news/hi/briefings/budget/parallel/\">"),
        "{budget}"
    );
    // A file has no server to edit with: no buttons.
    assert!(!page.contains("class=\"button\"") && !page.contains("class=\"translate\""));
    // A draft has no published page to link to.
    let rail = row(&page, "set-briefings-rail");
    assert_eq!(states(rail), ["original", "draft"]);
    assert!(rail.contains("<code class=\"file\">content/briefings/rail.en.md</code>"), "{rail}");
    assert_eq!(rail.matches("data-t=\"action.view\"").count(), 1, "{rail}");
    assert!(rail.contains("mostly in Devanagari script"), "the draft's findings are shown: {rail}");
    assert_eq!(states(row(&page, "set-briefings-old")), ["original", "missing"]);
    // Without git history the desk says why it shows no diff.
    assert!(
        page.contains("<span data-t=\"diff.unavailable\">") && page.contains("the site is not in a git repository"),
        "{page}"
    );
    // Most urgent first.
    let order: Vec<usize> = ["set-briefings-budget", "set-briefings-old", "set-briefings-rail"]
        .iter()
        .map(|id| page.find(&format!("<tr id=\"{id}\"")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "{order:?}");
    assert!(
        page.contains("<li><span lang=\"en\" dir=\"ltr\">English</span>: <span class=\"state-stale\"><bdi>1</bdi> <span data-t=\"state.stale\">"),
        "{page}"
    );
}

#[test]
fn serve_shows_the_desk_and_it_follows_edits_while_build_never_writes_it() {
    let site = site_with_every_state();
    let server = serve(&site);
    let (status, headers, page) = get(&server.address, "/__patrika/desk/?ui=en");
    assert_eq!(status, 200, "{page}");
    assert!(headers.to_lowercase().contains("content-type: text/html; charset=utf-8"), "{headers}");
    assert!(page.contains("<script src=\"/__patrika/desk/desk.js\" defer></script>"), "the desk's own script");
    // The live-reload client only in its quiet form, which never reloads over edits.
    assert!(page.contains("<script src=\"/__patrika/live.js\" data-quiet defer></script>"), "{page}");
    assert!(!page.contains("data-build"), "{page}");
    assert!(page.starts_with("<!DOCTYPE html>\n<html lang=\"en\" dir=\"ltr\""), "{}", &page[..100]);
    // The site is named in the desk's language.
    assert!(page.contains("<title>Translation desk · News</title>"), "{}", &page[..600]);
    let budget = row(&page, "set-briefings-budget");
    assert!(budget.contains("<a href=\"/hi/briefings/budget/\">"), "preview links are root-relative: {budget}");
    assert!(budget.contains("href=\"edit?path=content%2Fbriefings%2Fbudget.en.md&amp;ui=en\""), "{budget}");
    let old = row(&page, "set-briefings-old");
    assert!(old.contains("data-path=\"content/briefings/old.hi.md\" data-to=\"en\""), "{old}");
    assert!(old.contains(">Translate into English</span>"), "{old}");
    // The translator brings budget in line: after the rebuild the desk says current.
    assert_eq!(site.run("translate", &["--done", "content/briefings/budget.en.md"]).code, 0);
    wait_for(&server.address, "/__patrika/desk/?show=all", Duration::from_secs(5), |_, body| {
        states(row(body, "set-briefings-budget")) == ["original", "current"]
    });
    // The default list has what needs work; a current set is only in the list of all.
    let (_, _, work) = get(&server.address, "/__patrika/desk/");
    assert!(work.contains("id=\"set-briefings-old\"") && !work.contains("id=\"set-briefings-budget\""), "{work}");
    let (_, _, found) = get(&server.address, "/__patrika/desk/?show=all&q=MONSOON");
    assert!(found.contains("id=\"set-monsoon\"") && !found.contains("id=\"set-briefings-budget\""), "{found}");
    let built = site.run("build", &[]);
    assert_eq!(built.code, 0, "{}", built.err);
    assert!(!site.output_files().iter().any(|f| f.contains("__patrika")), "build never writes the desk");
}

#[test]
#[ignore = "needs Chromium (.ci/run installs it)"]
fn chromium_shows_the_desk_with_the_diff_and_follows_an_edit() {
    let mut history = History::new();
    let (source, translation) = ("content/briefings/monsoon.hi.md", "content/briefings/monsoon.en.md");
    let hindi = |body: &str| format!("+++\ntitle = \"मानसून\"\ndate = 2026-01-01\n+++\n\n{body}");
    history.write(source, &hindi("बारिश जल्दी आई।\n\nकेरल में तीन दिन पहले।\n"));
    history.commit(&[source], "the original");
    history.write(
        translation,
        "+++\ntitle = \"Monsoon\"\ndate = 2026-01-01\n\n[translation]\nfrom = \"hi\"\n+++\n\nThe rains came early.\n\nIn Kerala three days early.\n",
    );
    let done = crate::support::run(&["translate", "--done", history.site.join(translation).to_str().unwrap()]);
    assert_eq!(done.code, 0, "{}", done.err);
    history.commit(&[translation], "the translation");
    // The editor changes one word of the original (on disk: uncommitted edits count).
    history.write(source, &hindi("बारिश जल्दी आई।\n\nकेरल में चार दिन पहले।\n"));

    let server = serve_root(&history.site, &[]);
    let profile = tempfile::tempdir().unwrap();
    let (_browser, devtools) = launch(&format!("http://{}/__patrika/desk/?show=all", server.address), profile.path());
    let mut page = Page::connect(devtools);
    page.wait_until("document.querySelector('#set-briefings-monsoon') !== null", Duration::from_secs(15));
    let badges =
        "Array.from(document.querySelectorAll('#set-briefings-monsoon .badge')).map(b => b.dataset.state).join(' ')";
    assert_eq!(page.eval(badges), Value::from("original stale"));
    let marks = "Array.from(document.querySelectorAll('.diff mark')).map(m => m.textContent).join(' ')";
    assert_eq!(page.eval(marks), Value::from("तीन चार"), "the changed word, removed and added");
    assert_eq!(
        page.eval("getComputedStyle(document.querySelector('.diff .added')).backgroundColor !== 'rgba(0, 0, 0, 0)'"),
        Value::Bool(true)
    );
    // A second edit: the desk reloads itself after the rebuild and shows the new change.
    history.write(source, &hindi("बारिश जल्दी आई।\n\nकेरल में पाँच दिन पहले।\n"));
    page.wait_until(&format!("{marks} === 'तीन पाँच'"), Duration::from_secs(15));
    // The translator brings it in line: the diff goes, the state is current.
    let done = crate::support::run(&["translate", "--done", history.site.join(translation).to_str().unwrap()]);
    assert_eq!(done.code, 0, "{}", done.err);
    page.wait_until(
        &format!("{badges} === 'original current' && !document.querySelector('.diff')"),
        Duration::from_secs(15),
    );
    // Phone width: the row becomes a card with each language labelled.
    page.call(
        "Emulation.setDeviceMetricsOverride",
        serde_json::json!({"width": 390, "height": 800, "deviceScaleFactor": 1, "mobile": true}),
    );
    let label = "getComputedStyle(document.querySelector('#set-briefings-monsoon td.cell'), '::before').content";
    assert_eq!(page.eval(label), Value::from("\"हिन्दी\""));
    assert_eq!(page.eval("document.documentElement.scrollWidth <= 390"), Value::Bool(true), "no sideways scrolling");
}

#[test]
fn the_desk_shows_a_file_with_errors_as_error_with_its_finding() {
    let site = crate::support::small_site(&[
        (
            "content/briefings/monsoon.hi.md",
            "+++\ntitle = \"मानसून\"\ndate = 2026-01-01\nsummary = = \"x\"\n+++\n\nबारिश।\n",
        ),
        (
            "content/briefings/monsoon.en.md",
            "+++\ntitle = \"Monsoon\"\ndate = 2026-01-01\n\n[translation]\nfrom = \"hi\"\nsource_hash = \"sha256:0123456789abcdef\"\n+++\n\nRain.\n",
        ),
    ]);
    let page = site.run("status", &["--format", "html"]).out;
    let monsoon = row(&page, "set-briefings-monsoon");
    assert_eq!(states(monsoon)[0], "error", "{monsoon}");
    assert!(monsoon.contains("<code class=\"file\">content/briefings/monsoon.hi.md</code>"), "{monsoon}");
    assert!(
        monsoon.contains("<code class=\"place\">content/briefings/monsoon.hi.md:4:"),
        "its error is on its row: {monsoon}"
    );
    assert!(!page.contains("has no `hi` file") && !page.contains("its source is missing"), "{page}");
}

#[test]
fn the_desk_reports_a_damaged_repository_as_damage() {
    let (h, _) = crate::diff::edited_twice();
    let blob = h.corrupt(&format!("HEAD~1:site/{}", crate::diff::SRC));
    let r = crate::support::run(&["status", "--root", h.site.to_str().unwrap(), "--format", "html"]);
    assert!(r.out.contains("<small lang=\"en\" dir=\"ltr\">the git repository is damaged: blob "), "{}", r.out);
    assert!(r.out.contains(&blob) && !r.out.contains("never been committed"), "{}", r.out);
}

#[test]
fn the_editor_puts_the_original_s_changed_words_beside_their_block_and_never_shows_the_more_marker() {
    let mut history = History::new();
    let (source, translation) = ("content/briefings/monsoon.hi.md", "content/briefings/monsoon.en.md");
    let hindi = |title: &str, second: &str| {
        format!(
            "+++\ntitle = \"{title}\"\ndate = 2026-01-01\n+++\n\nबारिश जल्दी आई।\n\n<!-- more -->\n\n{second}\n\nकिसान ख़ुश हैं।\n"
        )
    };
    history.write(source, &hindi("मानसून", "केरल में तीन दिन पहले।"));
    history.commit(&[source], "the original");
    history.write(
        translation,
        "+++\ntitle = \"Monsoon\"\ndate = 2026-01-01\n\n[translation]\nfrom = \"hi\"\n+++\n\nThe rains came early.\n\n<!-- more -->\n\nIn Kerala three days early.\n\nFarmers are happy.\n",
    );
    let done = crate::support::run(&["translate", "--done", history.site.join(translation).to_str().unwrap()]);
    assert_eq!(done.code, 0, "{}", done.err);
    history.commit(&[translation], "the translation");
    // One word of the second paragraph changes, and one of the title.
    history.write(source, &hindi("मानसून जल्दी", "केरल में चार दिन पहले।"));

    let server = serve_root(&history.site, &[]);
    let (status, _, page) = get(&server.address, &format!("/__patrika/desk/edit?path={translation}&ui=en"));
    assert_eq!(status, 200, "{page}");
    let rows: Vec<&str> = page.split("<div class=\"pair block").skip(1).collect();
    assert_eq!(rows.len(), 3, "three blocks, the marker none of them: {page}");
    let changed = |row: &str| row.contains("<aside class=\"changed\">");
    assert!(!changed(rows[0]) && !changed(rows[2]), "unchanged blocks carry nothing: {page}");
    assert!(rows[1].contains("In Kerala three days early."), "{}", rows[1]);
    assert!(
        rows[1].contains("<del>केरल में <mark>तीन</mark> दिन पहले।</del>")
            && rows[1].contains("<ins>केरल में <mark>चार</mark> दिन पहले।</ins>"),
        "the changed word beside its block: {}",
        rows[1]
    );
    let title = page.split("<div class=\"pair field\">").nth(1).unwrap();
    assert!(title.contains("<ins>मानसून <mark>जल्दी</mark></ins>"), "beside the title: {title}");
    assert!(!page.contains("<!-- more -->") && !page.contains("&lt;!-- more --&gt;"), "{page}");
}
