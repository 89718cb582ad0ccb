//! `serve`'s edits part: a page edited while its search index part is made again on another
//! thread is published at once in `pagefind/{lang}-edits/`, with the id of its old version
//! listed for the search page to leave out; once its part is made again the edits part goes,
//! and the page is in the index once, as it is now.

use std::collections::BTreeMap;
use std::io::Read;
use std::time::Duration;

use patrika::pipeline::BuildOptions;
use patrika::serve::live::LiveSite;
use patrika::serve::watch::classify;
use serde_json::{Value, json};

use crate::support::{TestSite, fixture};

const BUDGET: &str = "/hi/briefings/budget/";
const NEW_WORD: &str = "झुमरीतलैयाविशेष";

/// The `basic` fixture with search on, in parts of two pages.
fn searchable_in_small_parts() -> TestSite {
    let site = fixture("basic");
    site.write("config.toml", &format!("{}\n[search]\nenabled = true\npart_size = 2\n", site.read("config.toml")));
    site
}

/// The published files below `pagefind/`.
fn index_files(live: &LiveSite) -> BTreeMap<String, Vec<u8>> {
    let files = live.files.to_map();
    files.into_iter().filter(|(path, _)| path.starts_with("pagefind/")).map(|(p, b)| (p, b.to_vec())).collect()
}

/// Every fragment that holds the page at `url`: its part's folder, its id and its text.
fn versions_of(files: &BTreeMap<String, Vec<u8>>, url: &str) -> Vec<(String, String, String)> {
    let mut found = Vec::new();
    for (path, bytes) in files {
        let Some((folder, name)) = path.split_once("/fragment/") else { continue };
        let mut text = String::new();
        flate2::read::GzDecoder::new(&bytes[..]).read_to_string(&mut text).unwrap();
        let fragment: Value = serde_json::from_str(text.trim_start_matches("pagefind_dcd")).unwrap();
        if fragment["url"] == url {
            let id = name.trim_end_matches(".pf_fragment").to_string();
            found.push((folder.to_string(), id, fragment["content"].as_str().unwrap().to_string()));
        }
    }
    found.sort();
    found
}

fn manifest(files: &BTreeMap<String, Vec<u8>>, lang: &str) -> Value {
    serde_json::from_slice(&files[&format!("pagefind/{lang}-edits.json")]).unwrap()
}

#[test]
fn an_edit_is_found_in_the_edits_part_at_once_and_once_when_its_part_is_made_again() {
    let site = searchable_in_small_parts();
    let options = BuildOptions { search_edits: true, ..BuildOptions::default() };
    let (mut live, first) = LiveSite::new(&site.root, options);
    assert!(first.ok, "{:?}", first.diagnostics);
    let (sender, notices) = std::sync::mpsc::channel();
    live.index_in_background(sender);
    let files = index_files(&live);
    for lang in ["hi", "en"] {
        assert_eq!(manifest(&files, lang), json!({ "index": null, "skip": [] }));
    }
    let before = versions_of(&files, BUDGET);
    assert_eq!(before.len(), 1, "{before:?}");
    let (part, old_id, _) = &before[0];
    assert!(part.starts_with("pagefind/hi-20"), "{part}");

    let text = site.read("content/briefings/budget.hi.md").replace("बजट में रेलवे को ज़्यादा पैसा", NEW_WORD);
    site.write("content/briefings/budget.hi.md", &text);
    let path = site.root.join("content/briefings/budget.hi.md");
    let change = classify(&site.root, &site.root.join("public"), &path).unwrap();
    let edited = live.rebuild(std::slice::from_ref(&change));
    assert!(edited.ok, "{:?}", edited.diagnostics);
    assert_eq!(edited.search_pending, 1);
    // At once: the old version stays in its part, listed to be left out; the new one is in
    // the edits part, alone there.
    let files = index_files(&live);
    let now = versions_of(&files, BUDGET);
    assert_eq!(now.len(), 2, "{now:?}");
    assert_eq!((&now[0].0, &now[0].1), (part, old_id));
    assert!(!now[0].2.contains(NEW_WORD));
    assert_eq!(now[1].0, "pagefind/hi-edits");
    assert!(now[1].2.contains(NEW_WORD), "{}", now[1].2);
    assert_eq!(manifest(&files, "hi"), json!({ "index": "hi-edits/", "skip": [old_id] }));
    assert_eq!(manifest(&files, "en"), json!({ "index": null, "skip": [] }));
    let entry: Value = serde_json::from_slice(&files["pagefind/hi-edits/pagefind-entry.json"]).unwrap();
    assert_eq!(entry["languages"]["hi"]["page_count"], 1);

    // Once the part is made again, the page is in it as it is now, and the edits part is gone.
    let notice = notices.recv_timeout(Duration::from_secs(120)).expect("the part is made");
    let published = live.rebuild(&notice);
    assert!(published.ok && published.search_pending == 0, "{published:?}");
    let files = index_files(&live);
    let after = versions_of(&files, BUDGET);
    assert_eq!(after.len(), 1, "{after:?}");
    assert_eq!(&after[0].0, part);
    assert!(after[0].2.contains(NEW_WORD));
    assert_eq!(manifest(&files, "hi"), json!({ "index": null, "skip": [] }));
    assert!(!files.keys().any(|p| p.starts_with("pagefind/hi-edits/")), "the edits part is gone");
}

#[test]
fn a_deleted_page_is_left_out_at_once_and_gone_when_its_part_is_made_again() {
    let site = searchable_in_small_parts();
    let (mut live, first) = LiveSite::new(&site.root, BuildOptions { search_edits: true, ..BuildOptions::default() });
    assert!(first.ok, "{:?}", first.diagnostics);
    let (sender, notices) = std::sync::mpsc::channel();
    live.index_in_background(sender);
    let old = "/hi/briefings/old/";
    let before = versions_of(&index_files(&live), old);
    assert_eq!(before.len(), 1, "{before:?}");
    let path = site.root.join("content/briefings/old.hi.md");
    std::fs::remove_file(&path).unwrap();
    let change = classify(&site.root, &site.root.join("public"), &path).unwrap();
    let deleted = live.rebuild(std::slice::from_ref(&change));
    assert!(deleted.ok && deleted.search_pending >= 1, "{deleted:?}");
    // Its old version is left out at once (pages the deletion moved to another part may be
    // in the edits part meanwhile; it is not).
    let files = index_files(&live);
    assert_eq!(versions_of(&files, old), before, "its part is as it was until made again");
    assert_eq!(manifest(&files, "hi")["skip"], json!([before[0].1]));
    let mut report = deleted;
    while report.search_pending > 0 {
        let notice = notices.recv_timeout(Duration::from_secs(120)).expect("the parts are made");
        report = live.rebuild(&notice);
    }
    let files = index_files(&live);
    assert_eq!(versions_of(&files, old), []);
    assert_eq!(manifest(&files, "hi"), json!({ "index": null, "skip": [] }));
}
