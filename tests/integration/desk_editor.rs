//! The desk's editor in real headless Chromium, on a machine without Indic system fonts:
//! the theme's faces render Hindi and Urdu; QA follows the typing; a stale translation
//! edited in one block is saved in that block only, and Done makes it current; a file
//! changed on disk meanwhile is a conflict in which both texts survive; unsaved text
//! survives a rebuild and a reload; translation memory offers an earlier translation, and
//! inserting it works.

use std::time::{Duration, Instant};

use serde_json::Value;

use crate::browser::{Browser, Page, launch};
use crate::desk_api::api;
use crate::serve::{Running, serve};
use crate::support::{TestSite, fixture, small_site};

/// Chromium on a desk page (interface in English), once its script is ready.
fn open(server: &Running, path_and_query: &str) -> (Browser, Page, tempfile::TempDir) {
    let profile = tempfile::tempdir().unwrap();
    let (browser, port) = launch(&format!("http://{}/__patrika/desk/{path_and_query}", server.address), profile.path());
    let mut page = Page::connect(port);
    page.wait_until(
        "document.documentElement.getAttribute('data-patrika-live') === 'connected'",
        Duration::from_secs(20),
    );
    (browser, page, profile)
}

fn editor(server: &Running, path: &str) -> (Browser, Page, tempfile::TempDir) {
    let (browser, mut page, profile) = open(server, &format!("edit?path={path}&ui=en"));
    page.wait_until("document.documentElement.dataset.deskReady === '1'", Duration::from_secs(20));
    (browser, page, profile)
}

/// JavaScript for the text box of the row whose translation starts with `start`.
fn box_starting(start: &str) -> String {
    format!("Array.from(document.querySelectorAll('textarea[data-block]')).find(t => t.value.startsWith({start:?}))")
}

/// Types `text` into the element `element` (JavaScript) as a person would: it fires `input`.
fn type_into(page: &mut Page, element: &str, text: &str) {
    let script = format!(
        "(() => {{ const el = {element}; el.focus(); el.value = {text:?}; el.dispatchEvent(new Event('input', {{ bubbles: true }})); return true; }})()"
    );
    assert_eq!(page.eval(&script), Value::Bool(true), "{element}");
}

/// Waits until `check` says the file holds what it should.
fn wait_for_file(site: &TestSite, rel: &str, check: impl Fn(&str) -> bool) -> String {
    let started = Instant::now();
    loop {
        let text = site.read(rel);
        if check(&text) {
            return text;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "{rel} never became as expected:\n{text}");
        std::thread::sleep(Duration::from_millis(50));
    }
}

/// Tracks budget.en.md (done), then edits budget's source: a stale translation.
fn stale_site() -> TestSite {
    let site = fixture("basic");
    assert_eq!(site.run("translate", &["--done", "content/briefings/budget.en.md"]).code, 0);
    let source = site.read("content/briefings/budget.hi.md");
    site.write("content/briefings/budget.hi.md", &source.replacen("।", "। बजट बढ़ा।", 1));
    site
}

#[test]
#[ignore = "needs Chromium (.ci/run installs it)"]
fn hindi_and_urdu_render_in_the_theme_s_faces_and_the_interface_speaks_each_language() {
    let site = fixture("trilingual");
    let server = serve(&site);
    let (_browser, mut page, _profile) = open(&server, "?show=all&ui=ur");
    assert_eq!(page.eval("document.documentElement.dir + ' ' + document.documentElement.lang"), Value::from("rtl ur"));
    assert_eq!(page.eval("document.querySelector('h1').textContent"), Value::from("ترجمہ ڈیسک"));
    // Both scripts are on the page; their faces load from the theme (no system font has them).
    let loaded = "document.fonts.ready.then(() => Array.from(document.fonts).filter(f => f.status === 'loaded').map(f => f.family.replace(/\"/g, '')).sort().join(','))";
    page.wait_until(
        &format!("{loaded}.then(f => f.includes('Noto Nastaliq Urdu') && f.includes('Noto Sans Devanagari'))"),
        Duration::from_secs(15),
    );
    let fetched = "performance.getEntriesByType('resource').map(r => new URL(r.name).pathname).filter(p => p.startsWith('/theme/fonts/')).length";
    assert!(page.eval(fetched).as_u64().unwrap() >= 2, "the theme's font files were fetched");
    // The glyphs of each script are drawn by those faces.
    for (family, text) in [("Noto Sans Devanagari", "हिन्दी"), ("Noto Nastaliq Urdu", "اردو")] {
        let check = format!("document.fonts.check('16px \"{family}\"', {text:?})");
        assert_eq!(page.eval(&check), Value::Bool(true), "{family}");
    }
    // The switcher: English, left to right, its words.
    page.eval("document.querySelector('.switch a[data-ui=\"en\"]').click()");
    page.wait_until(
        "document.documentElement.lang === 'en' && document.documentElement.dir === 'ltr'",
        Duration::from_secs(10),
    );
    page.wait_until(
        "document.querySelector('h1') && document.querySelector('h1').textContent === 'Translation desk'",
        Duration::from_secs(10),
    );
    assert_eq!(
        page.eval(
            "document.querySelector('#set-briefings-qingdao td.cell[data-language=\"اردو\"] .badge').dataset.state"
        ),
        Value::from("untracked")
    );
}

#[test]
#[ignore = "needs Chromium (.ci/run installs it)"]
fn a_stale_translation_edited_in_one_block_is_saved_there_only_and_done_makes_it_current() {
    let site = stale_site();
    let server = serve(&site);
    let path = "content/briefings/budget.en.md";
    let before = site.read(path);
    let (_browser, mut page, _profile) = editor(&server, path);
    assert_eq!(page.eval("document.querySelector('.meta .badge').dataset.state"), Value::from("stale"));
    let old_block = before.lines().find(|l| l.starts_with("The government")).unwrap().to_string();
    // QA follows the typing, beside the block: a wrong figure is found, and the right one clears it.
    let wrong = "The government set aside 999 crore rupees for the railways. See the [rail briefing](rail.md) and the [about page](@/about.md).";
    type_into(&mut page, &box_starting("The government"), wrong);
    let block_findings =
        format!("{}.parentNode.querySelector('.block-findings').textContent", box_starting("The government"));
    page.wait_until(
        &format!("{block_findings}.includes('A number differs from the original')"),
        Duration::from_secs(10),
    );
    assert_eq!(site.read(path), before, "checking writes nothing");
    let new_block = "The government set aside 2,52,000 crore rupees for the railways, more than ever. See the [rail briefing](rail.md) and the [about page](@/about.md).";
    type_into(&mut page, &box_starting("The government"), new_block);
    page.wait_until(
        &format!("!{block_findings}.includes('A number differs') && !document.getElementById('findings').textContent.includes('A number differs')"),
        Duration::from_secs(10),
    );
    page.wait_until("document.querySelector('.actions .status').textContent.length > 0", Duration::from_secs(15));
    page.eval("window.beforeSave = true; document.querySelector('.actions .save').click()");
    let after = wait_for_file(&site, path, |t| t != before);
    assert_eq!(after, before.replacen(&old_block, new_block, 1), "only that block changed");
    // The page comes back with the saved text; Done records the source's version.
    let kept = "Object.keys(localStorage).filter(k => k.startsWith('patrika-desk:')).length";
    let reloaded = "window.beforeSave === undefined && document.documentElement.dataset.deskReady === '1'";
    page.wait_until(&format!("{reloaded} && {kept} === 0"), Duration::from_secs(15));
    page.wait_until(
        &format!("{} !== undefined", box_starting("The government set aside 2,52,000")),
        Duration::from_secs(15),
    );
    page.eval("document.querySelector('.actions .done').click()");
    wait_for_file(&site, path, |t| t != after);
    let started = Instant::now();
    loop {
        let (_, sets) = api(&server, "GET", "sets", None);
        let budget = sets.as_array().unwrap().iter().find(|s| s["key"] == "briefings/budget").cloned().unwrap();
        if budget["languages"]["en"] == "current" {
            break;
        }
        assert!(started.elapsed() < Duration::from_secs(15), "{budget}");
        std::thread::sleep(Duration::from_millis(100));
    }
    page.wait_until("document.querySelector('.meta .badge').dataset.state === 'current'", Duration::from_secs(15));
}

#[test]
#[ignore = "needs Chromium (.ci/run installs it)"]
fn a_file_changed_on_disk_meanwhile_is_a_conflict_in_which_both_texts_survive() {
    let site = stale_site();
    let server = serve(&site);
    let path = "content/briefings/budget.en.md";
    let (_browser, mut page, _profile) = editor(&server, path);
    page.eval("window.beforeEdit = true");
    type_into(&mut page, &box_starting("The government"), "My version of the first paragraph, 252,000 crore.");
    // Someone else changes the same file on disk.
    let theirs = site.read(path).replace("## Highlights", "## Key points");
    site.write(path, &theirs);
    // The rebuild does not replace the page: the edits are unsaved.
    page.wait_until("document.getElementById('notice').textContent.length > 0", Duration::from_secs(15));
    assert_eq!(page.eval("window.beforeEdit === true"), Value::Bool(true), "the page was not reloaded");
    page.eval("document.querySelector('.actions .save').click()");
    page.wait_until("!document.getElementById('conflict').hidden", Duration::from_secs(10));
    assert_eq!(page.eval("document.getElementById('theirs').value"), Value::from(theirs.as_str()));
    let yours = page.eval("document.getElementById('yours').value");
    assert!(
        yours.as_str().unwrap().contains("My version of the first paragraph")
            && !yours.as_str().unwrap().contains("Key points"),
        "{yours}"
    );
    assert_eq!(site.read(path), theirs, "nothing was overwritten");
    let kept = page.eval("Object.keys(localStorage).map(k => localStorage.getItem(k)).join('')");
    assert!(kept.as_str().unwrap().contains("My version of the first paragraph"), "{kept}");
    // Choosing the version on disk opens it, and still offers yours beside it.
    page.eval("document.querySelector('#conflict .take-theirs').click()");
    let reloaded = "window.beforeEdit === undefined && document.documentElement.dataset.deskReady === '1'";
    page.wait_until(
        &format!("{reloaded} && document.querySelector('#notice button') !== null"),
        Duration::from_secs(15),
    );
    page.eval("document.querySelector('#notice button').click()");
    page.wait_until(
        "document.getElementById('yours').value.includes('My version of the first paragraph')",
        Duration::from_secs(5),
    );
}

#[test]
#[ignore = "needs Chromium (.ci/run installs it)"]
fn unsaved_text_survives_a_rebuild_and_a_reload() {
    let site = stale_site();
    let server = serve(&site);
    let path = "content/briefings/budget.en.md";
    let (_browser, mut page, _profile) = editor(&server, path);
    page.eval("window.beforeEdit = true");
    // A title is one line: a line break pasted into it becomes a space.
    type_into(&mut page, "document.querySelector('[data-field=\"title\"]')", "Railways get\nmore money");
    type_into(&mut page, &box_starting("- New lines"), "- New lines\n- Stations\n- Faster trains");
    // Another file changes: the site is rebuilt, and this page stays as it is.
    let other = site.read("content/briefings/old.hi.md");
    site.write("content/briefings/old.hi.md", &format!("{other}\nएक और वाक्य।\n"));
    let started = Instant::now();
    while started.elapsed() < Duration::from_secs(3) {
        assert_eq!(page.eval("window.beforeEdit === true"), Value::Bool(true), "reloaded over unsaved edits");
        std::thread::sleep(Duration::from_millis(100));
    }
    page.call("Page.reload", serde_json::json!({}));
    page.wait_until(
        "window.beforeEdit === undefined && document.documentElement.dataset.deskReady === '1'",
        Duration::from_secs(20),
    );
    assert_eq!(
        page.eval("document.querySelector('[data-field=\"title\"]').value"),
        Value::from("Railways get more money")
    );
    assert!(
        page.eval(&format!("{} !== undefined", box_starting("- New lines\n- Stations\n- Faster trains")))
            == Value::Bool(true)
    );
    assert!(
        !page.eval("document.getElementById('notice').hidden").as_bool().unwrap(),
        "the page says it restored them"
    );
    assert!(!site.read(path).contains("Faster trains"), "nothing was saved");
}

#[test]
#[ignore = "needs Chromium (.ci/run installs it)"]
fn translation_memory_offers_an_earlier_translation_and_inserting_it_works() {
    let hindi = |title: &str, body: &str| format!("+++\ntitle = \"{title}\"\ndate = 2026-01-01\n+++\n\n{body}\n");
    let site = small_site(&[
        ("content/briefings/a.hi.md", &hindi("पहली", "मानसून केरल में 3 दिन पहले पहुँचा और किसानों ने बुआई शुरू की।")),
        ("content/briefings/b.hi.md", &hindi("दूसरी", "## बारिश\n\nमानसून केरल में 5 दिन पहले पहुँचा और किसानों ने बुआई शुरू की।")),
    ]);
    site.write(
        "content/briefings/a.en.md",
        "+++\ntitle = \"First\"\ndate = 2026-01-01\n\n[translation]\nfrom = \"hi\"\n+++\n\nThe monsoon reached Kerala 3 days early and farmers began sowing.\n",
    );
    assert_eq!(site.run("translate", &["--done", "content/briefings/a.en.md"]).code, 0);
    let server = serve(&site);
    // The list's button makes the translation and opens it.
    let (_browser, mut page, _profile) = open(&server, "?ui=en");
    page.eval("document.querySelector('#set-briefings-b button.translate').click()");
    page.wait_until(
        "location.pathname.endsWith('/edit') && document.documentElement.dataset.deskReady === '1'",
        Duration::from_secs(20),
    );
    assert!(site.read("content/briefings/b.en.md").contains("draft = true"));
    let paragraph = "Array.from(document.querySelectorAll('.pair.block')).find(r => r.querySelector('.source .text') && r.querySelector('.source .text').textContent.startsWith('मानसून')).querySelector('textarea')";
    page.eval(&format!("{paragraph}.focus()"));
    page.wait_until(&format!("{paragraph}.parentNode.querySelector('.suggestion') !== null"), Duration::from_secs(20));
    let score = page.eval(&format!("{paragraph}.parentNode.querySelector('.suggestion .score').textContent"));
    assert!(score.as_str().unwrap().contains("% the same · numbers updated"), "{score}");
    page.eval(&format!("{paragraph}.parentNode.querySelector('.suggestion .insert').click()"));
    assert_eq!(
        page.eval(&format!("{paragraph}.value")),
        Value::from("The monsoon reached Kerala 5 days early and farmers began sowing.")
    );
    page.wait_until("document.querySelector('.actions .status').textContent.length > 0", Duration::from_secs(15));
}
