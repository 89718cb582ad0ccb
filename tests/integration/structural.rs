//! Edits that move briefings in lists — a new title or date, other topics, a file added
//! or deleted, a translation added or taken away, a new slug — are patched in `serve`,
//! and after random sequences of them every file equals a fresh build's, byte for byte,
//! with no file extra and none missing, with `[search]` off and on.

use std::path::Path;

use crate::incremental::{Preview, Rng, markdown_files, rebuild_and_compare, set_field, with_search};
use crate::support::fixture;

/// The basic fixture (two lists per language, two briefings a list page) with twelve more
/// briefings in two sections and three topics, so that edits cross page boundaries.
fn archive() -> crate::support::TestSite {
    let site = fixture("basic");
    for n in 0..12 {
        let section = ["briefings", "analysis"][n % 2];
        let topics = ["[\"economy\"]", "[\"weather\"]", "[\"economy\", \"weather\"]", "[\"trade\"]"][n % 4];
        let date = format!("2025-0{}-{:02}", 1 + n % 6, 1 + n);
        let hi = format!(
            "+++\ntitle = \"संग्रह {n}\"\ndate = {date}\ntopics = {topics}\n+++\n\nपाठ {n}। [बजट](@/briefings/budget.md)\n"
        );
        site.write(&format!("content/{section}/a{n}.hi.md"), &hi);
        if n % 3 != 0 {
            let en = format!(
                "+++\ntitle = \"Archive {n}\"\ndate = {date}\ntopics = {topics}\n\n[translation]\nfrom = \"hi\"\n+++\n\nText {n}. [Budget](@/briefings/budget.md)\n"
            );
            site.write(&format!("content/{section}/a{n}.en.md"), &en);
        }
    }
    site
}

/// The briefings (in a section, not an intro) among the site's Markdown files.
fn briefings(root: &Path) -> Vec<String> {
    let files = markdown_files(root);
    files.into_iter().filter(|f| !f.contains("_index") && f.matches('/').count() >= 2 && !f.contains("draft")).collect()
}

/// One random structural edit; returns the files it touched and what it was.
fn structural_edit(root: &Path, rng: &mut Rng, step: usize) -> (Vec<String>, &'static str) {
    let pages = briefings(root);
    let pick = pages[rng.below(pages.len())].clone();
    let text = std::fs::read_to_string(root.join(&pick)).unwrap();
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    let what = match rng.below(9) {
        0 => {
            write(&pick, &set_field(&text, "title", &format!("\"शीर्षक {step} {}\"", rng.below(5))));
            "retitle"
        }
        1 => {
            // Newest, oldest or in between: across list pages, feeds and search parts.
            let date = ["2026-12-31", "2019-01-01", "2025-03-03", "2025-03-04"][rng.below(4)];
            write(&pick, &set_field(&text, "date", date));
            "redate"
        }
        2 => {
            let topics =
                ["[]", "[\"economy\"]", "[\"weather\", \"trade\"]", "[\"new-topic\"]", "[\"economy\", \"new-topic\"]"];
            write(&pick, &set_field(&text, "topics", topics[rng.below(topics.len())]));
            "topics"
        }
        3 => {
            let lang = ["hi", "en"][rng.below(2)];
            let section = ["briefings", "analysis"][rng.below(2)];
            let rel = format!("content/{section}/n{step}.{lang}.md");
            let date = ["2026-06-01", "2018-06-01", "2025-04-15"][rng.below(3)];
            write(
                &rel,
                &format!("+++\ntitle = \"नया {step}\"\ndate = {date}\ntopics = [\"weather\"]\n+++\n\nपाठ {step}।\n"),
            );
            return (vec![rel], "new briefing");
        }
        // Only briefings no other page links to: a link to a deleted file fails both builds alike.
        // A briefing deleted with its translation (a translation without its original is an error).
        4 if pages.len() > 8 && ["/a", "/n"].iter().any(|p| pick.contains(p)) => {
            let translation = pick.replace(".hi.md", ".en.md");
            std::fs::remove_file(root.join(&pick)).unwrap();
            if translation != pick && root.join(&translation).exists() {
                std::fs::remove_file(root.join(&translation)).unwrap();
                return (vec![pick, translation], "deleted with its translation");
            }
            "deleted"
        }
        5 => {
            // A translation of a Hindi briefing that has none, or a translation taken away.
            let hi_only =
                pages.iter().find(|p| p.ends_with(".hi.md") && !root.join(p.replace(".hi.md", ".en.md")).exists());
            match hi_only {
                Some(hi) if rng.below(2) == 0 => {
                    let rel = hi.replace(".hi.md", ".en.md");
                    write(
                        &rel,
                        &format!(
                            "+++\ntitle = \"Translated {step}\"\ndate = 2025-03-03\n\n[translation]\nfrom = \"hi\"\n+++\n\nText.\n"
                        ),
                    );
                    return (vec![rel], "translation added");
                }
                _ => {
                    let en = pages
                        .iter()
                        .find(|p| p.ends_with(".en.md") && root.join(p.replace(".en.md", ".hi.md")).exists());
                    let Some(en) = en else { return (Vec::new(), "nothing") };
                    std::fs::remove_file(root.join(en)).unwrap();
                    return (vec![en.clone()], "translation deleted");
                }
            }
        }
        6 if !pick.contains("monsoon") && !pick.contains("budget") => {
            write(&pick, &set_field(&text, "slug", &format!("\"s{step}\"")));
            "slug"
        }
        7 => {
            write(&pick, &set_field(&text, "authors", &format!("[\"लेखक {}\"]", rng.below(3))));
            "authors"
        }
        _ => {
            write(&pick, &set_field(&text, "summary", &format!("\"सारांश {step}\"")));
            "summary"
        }
    };
    (vec![pick], what)
}

/// Random structural edits from `seed`, each rebuild compared with a fresh build; returns
/// (patched, rebuilds). With `fallback`, lists show briefings not yet translated too.
fn structural_edits_equal_fresh_builds(seed: u64, search: bool, fallback: bool, steps: usize) -> (usize, usize) {
    let site = archive();
    if search {
        with_search(&site.root);
    }
    if fallback {
        let config = site.read("config.toml").replace("[build]", "[build]\nfallback = true");
        site.write("config.toml", &config);
    }
    let (mut live, first) = Preview::new(&site.root);
    assert!(first.ok, "{:?}", first.diagnostics);
    let mut rng = Rng(seed);
    let (mut patched, mut rebuilds) = (0, 0);
    for step in 0..steps {
        let (touched, what) = structural_edit(&site.root, &mut rng, step);
        if touched.is_empty() {
            continue;
        }
        let touched: Vec<&str> = touched.iter().map(String::as_str).collect();
        let report = rebuild_and_compare(
            &mut live,
            &site.root,
            &touched,
            &format!("seed {seed} (search {search}) step {step}: {what} {touched:?}"),
        );
        assert!(report.ok, "step {step}: {what}: {:?}", report.diagnostics);
        patched += usize::from(report.patched);
        rebuilds += 1;
    }
    (patched, rebuilds)
}

#[test]
fn structural_edits_are_patched_and_equal_fresh_builds() {
    let (mut patched, mut rebuilds) = (0, 0);
    for (seed, fallback) in [(1_u64, false), (0x9e37_79b9_7f4a_7c15, true), (2024, false), (99, true)] {
        let (p, r) = structural_edits_equal_fresh_builds(seed, false, fallback, 40);
        patched += p;
        rebuilds += r;
    }
    // Only edits that change the navigation (a section emptied or new) go the full way.
    assert!(patched * 10 >= rebuilds * 8, "only {patched} of {rebuilds} structural edits were patched");
}

#[test]
fn structural_edits_with_search_are_patched_and_equal_fresh_builds() {
    let (mut patched, mut rebuilds) = (0, 0);
    for (seed, fallback) in [(7_u64, false), (0x5eed, true)] {
        let (p, r) = structural_edits_equal_fresh_builds(seed, true, fallback, 30);
        patched += p;
        rebuilds += r;
    }
    assert!(patched * 10 >= rebuilds * 8, "only {patched} of {rebuilds} structural edits were patched");
}

#[test]
fn a_search_part_that_loses_its_last_page_is_taken_off_the_site() {
    let site = archive();
    with_search(&site.root);
    for n in 0..3 {
        site.write(
            &format!("content/briefings/dec{n}.hi.md"),
            "+++\ntitle = \"दिसंबर\"\ndate = 2029-12-01\n+++\n\nपाठ।\n",
        );
    }
    let alone = "content/briefings/alone.hi.md";
    site.write(alone, "+++\ntitle = \"अकेला\"\ndate = 2030-01-01\n+++\n\nअकेला पाठ।\n");
    let (mut live, first) = Preview::new(&site.root);
    assert!(first.ok, "{:?}", first.diagnostics);
    let has_part = |live: &Preview| live.files().keys().any(|k| k.starts_with("pagefind/hi-2030-01/"));
    assert!(has_part(&live), "the page of January 2030 has a part of its own");
    std::fs::remove_file(site.root.join(alone)).unwrap();
    let report = rebuild_and_compare(&mut live, &site.root, &[alone], "the part's last page deleted");
    assert!(report.ok && report.patched, "{:?}", report.diagnostics);
    assert!(!has_part(&live), "the part is gone with its page");
}
