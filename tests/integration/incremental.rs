//! The incremental rebuild equals a fresh build after any sequence of edits:
//! random edits on a fixture, a cached rebuild and a clean build compared byte for byte,
//! warnings included, with `[search]` off and on (the index made on another thread, as
//! `serve` makes it, and compared file for file with a fresh build's).

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use patrika::pipeline::BuildOptions;
use patrika::serve::live::{LiveSite, RebuildReport};
use patrika::serve::watch::{Change, classify};

use crate::support::fixture;

/// The options `serve` builds with, as far as they change what is built: with search on, its
/// search page asks for the index of recent edits, and each rebuild publishes that index.
fn served() -> BuildOptions {
    BuildOptions { search_edits: true, ..BuildOptions::default() }
}

/// A site kept built as `serve` keeps it: a new search index is made on another thread, and
/// the rebuild its notice asks for publishes it (here, waited for before comparing).
pub(crate) struct Preview {
    live: LiveSite,
    notices: Receiver<Vec<Change>>,
}

impl Preview {
    pub(crate) fn new(root: &Path) -> (Preview, RebuildReport) {
        let (mut live, first) = LiveSite::new(root, served());
        let (sender, notices) = std::sync::mpsc::channel();
        live.index_in_background(sender);
        (Preview { live, notices }, first)
    }

    /// Rebuilds after `changes`, then for each index notice as serve would; reports the first
    /// rebuild (was it a patch, how many pages) with the outcome of the last.
    fn rebuild(&mut self, changes: &[Change]) -> RebuildReport {
        let first = self.live.rebuild(changes);
        let mut last = first.clone();
        while last.search_pending > 0 {
            let notice = self.notices.recv_timeout(Duration::from_secs(600)).expect("the index is made");
            last = self.live.rebuild(&notice);
        }
        RebuildReport { ok: last.ok, diagnostics: last.diagnostics, ..first }
    }

    /// Every file of the site as it is served.
    pub(crate) fn files(&self) -> std::collections::HashMap<String, std::sync::Arc<[u8]>> {
        self.live.files.to_map()
    }
}

/// Turns `[search]` on in the site's config, with parts of three pages, so that an edit
/// re-indexes one part of several and a new date can move a page to another part.
pub(crate) fn with_search(root: &Path) {
    let on = "[search]\nenabled = true\npart_size = 3";
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    let config = config.replace("[search]\nenabled = false", on);
    let config = if config.contains("[search]") { config } else { format!("{config}\n{on}\n") };
    std::fs::write(root.join("config.toml"), config).unwrap();
}

/// A small deterministic generator (xorshift), so a failing sequence can be replayed.
pub(crate) struct Rng(pub u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
}

/// The files of a good build with its warnings, or the findings of a failed one.
type Snapshot = Result<(BTreeMap<String, Vec<u8>>, Vec<String>), Vec<String>>;

fn snapshot(site: &LiveSite, report: &RebuildReport) -> Snapshot {
    let findings = report.diagnostics.iter().map(|d| d.to_string()).collect();
    if report.ok {
        Ok((site.files.to_map().into_iter().map(|(k, v)| (k, v.to_vec())).collect(), findings))
    } else {
        Err(findings)
    }
}

pub(crate) fn markdown_files(root: &Path) -> Vec<String> {
    let content = root.join("content");
    let mut files: Vec<String> = walkdir::WalkDir::new(&content)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.path().strip_prefix(root).unwrap().to_string_lossy().into_owned())
        .collect();
    files.sort();
    files
}

/// Edits a bundle: its picture added, replaced or deleted, a file beside it, the bundle itself.
fn edit_bundle(root: &Path, rng: &mut Rng, step: usize) -> Vec<String> {
    let index = "content/briefings/pic/index.hi.md";
    let photo = "content/briefings/pic/p.jpg";
    let write = |rel: &str, bytes: &[u8]| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    if !root.join(index).exists() {
        let text = "+++\ntitle = \"चित्र\"\ndate = 2025-05-05\nimage = \"p.jpg\"\nimage_alt = \"चित्र\"\n+++\n\n\
                    पाठ।\n\n![चित्र](p.jpg)\n\n{{ figure(src=\"p.jpg\", alt=\"चित्र\") }}\n\n[नोट](note.txt)\n";
        write(index, text.as_bytes());
        write(photo, &patrika::media::testing::noise_photo_jpeg(64, 48, step as u64));
        write("content/briefings/pic/note.txt", b"note");
        return vec![index.into(), photo.into(), "content/briefings/pic/note.txt".into()];
    }
    match rng.below(4) {
        // A new picture under the same name, of another size.
        0 => write(photo, &patrika::media::testing::noise_photo_jpeg(40 + rng.below(60) as u32, 30, step as u64)),
        // Gone: the page's links to it break, in both builds alike; back again at the next edit.
        1 if root.join(photo).exists() => std::fs::remove_file(root.join(photo)).unwrap(),
        1 => write(photo, &patrika::media::testing::noise_photo_jpeg(64, 48, step as u64)),
        2 => {
            let note = root.join("content/briefings/pic/note.txt");
            if note.exists() {
                std::fs::remove_file(note).unwrap();
            } else {
                write("content/briefings/pic/note.txt", format!("note {step}").as_bytes());
            }
            return vec!["content/briefings/pic/note.txt".into()];
        }
        _ => {
            std::fs::remove_dir_all(root.join("content/briefings/pic")).unwrap();
            return vec![index.into(), photo.into()];
        }
    }
    vec![photo.into()]
}

/// Applies one random edit; returns the files it touched (as a watcher would report them).
fn edit(root: &Path, rng: &mut Rng, step: usize, broken: &mut Vec<(String, String)>) -> Vec<String> {
    let files = markdown_files(root);
    let pick = files[rng.below(files.len())].clone();
    let path = root.join(&pick);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    let write = |rel: &str, t: &str| {
        let p = root.join(rel);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, t).unwrap();
    };
    match rng.below(14) {
        0 => write(&pick, &text.replacen("title = \"", &format!("title = \"{step} "), 1)),
        1 => write(&pick, &format!("{text}\nनया अनुच्छेद {step}। A new paragraph.\n")),
        2 => {
            let lang = ["hi", "en"][rng.below(2)];
            let section = ["briefings", "analysis"][rng.below(2)];
            let topics = ["[]", "[\"economy\"]", "[\"weather\", \"economy\"]"][rng.below(3)];
            let rel = format!("content/{section}/new-{step}.{lang}.md");
            write(
                &rel,
                &format!(
                    "+++\ntitle = \"नई {step}\"\ndate = 2025-07-{:02}\ntopics = {topics}\n+++\n\nपाठ {step}।\n",
                    1 + step % 28
                ),
            );
            return vec![rel];
        }
        3 if !pick.contains("_index") && files.len() > 6 => {
            std::fs::remove_file(&path).unwrap();
        }
        4 if !pick.contains("_index") => {
            write(&pick, &text.replacen("+++\n", &format!("+++\nslug = \"s{step}\"\n"), 1))
        }
        5 if !pick.contains("_index") => write(&pick, &text.replacen("+++\n", "+++\ndraft = true\n", 1)),
        6 => {
            if root.join("templates/page.html").exists() {
                std::fs::remove_dir_all(root.join("templates")).unwrap();
            } else {
                write(
                    "templates/page.html",
                    &format!(
                        "<html lang=\"{{{{ lang }}}}\"><body>{step} {{{{ page.title }}}} {{{{ page.content | safe }}}}</body></html>"
                    ),
                );
            }
            return vec!["templates/page.html".into()];
        }
        7 => {
            let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
            let paginate = format!("paginate = {}", 1 + rng.below(3));
            let new = config
                .lines()
                .map(|l| if l.starts_with("paginate") { paginate.as_str() } else { l })
                .collect::<Vec<_>>()
                .join("\n");
            let new = if rng.below(2) == 0 {
                new.replace("[build]", "[build]\nfallback = true")
            } else {
                new.replace("fallback = true\n", "")
            };
            write("config.toml", &new);
            return vec!["config.toml".into()];
        }
        8 => {
            broken.push((pick.clone(), text.clone()));
            write(&pick, "+++\ntitle = \"broken\n+++\n");
        }
        9 if !broken.is_empty() => {
            let (rel, original) = broken.remove(0);
            write(&rel, &original);
            return vec![rel];
        }
        10 if !pick.contains("_index") => {
            // A new date: list order, pagination and feeds move.
            let dated = text.lines().map(|l| {
                if l.starts_with("date = ") {
                    format!("date = 2023-{:02}-{:02}", 1 + step % 12, 1 + step % 28)
                } else {
                    l.to_string()
                }
            });
            write(&pick, &(dated.collect::<Vec<_>>().join("\n") + "\n"));
        }
        // New topics (a duplicate `topics` key in files that have one: then both builds fail alike).
        11 if !pick.contains("_index") => {
            write(&pick, &text.replacen("+++\n", &format!("+++\ntopics = [\"weather\", \"t{}\"]\n", step % 3), 1));
        }
        12 => write(&pick, &text.replacen("+++\n", &format!("+++\nsummary = \"सारांश {step}\"\n"), 1)),
        _ => {
            let target = files[rng.below(files.len())].trim_start_matches("content/").to_string();
            write(&pick, &format!("{text}\n[link {step}](@/{target})\n"));
        }
    }
    vec![pick]
}

/// Edits outside `content/`: UI strings, static files, the glossary, the site title in config.
fn edit_site(root: &Path, rng: &mut Rng, step: usize) -> Vec<String> {
    let write = |rel: &str, text: &str| {
        let path = root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    };
    match rng.below(4) {
        0 => {
            // The theme's Hindi strings, overridden file by file, with one string changed.
            let builtin = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n/hi.toml");
            let text = std::fs::read_to_string(builtin).unwrap();
            write("themes/default/i18n/hi.toml", &text.replace("अभी अनुवाद नहीं हुआ", &format!("अनुवाद बाकी {step}")));
            vec!["themes/default/i18n/hi.toml".into()]
        }
        1 => {
            let rel = format!("static/notes/{}.txt", rng.below(3));
            if root.join(&rel).exists() && rng.below(2) == 0 {
                std::fs::remove_file(root.join(&rel)).unwrap();
            } else {
                write(&rel, &format!("note {step}\n"));
            }
            vec![rel]
        }
        2 => {
            write("glossary.toml", &format!("[[term]]\nhi = \"बजट {step}\"\nen = \"budget {step}\"\n"));
            vec!["glossary.toml".into()]
        }
        _ => {
            let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
            let retitled: Vec<String> = config
                .lines()
                .map(|l| if l.starts_with("title = ") { format!("title = \"साइट {step}\"") } else { l.to_string() })
                .collect();
            write("config.toml", &(retitled.join("\n") + "\n"));
            vec!["config.toml".into()]
        }
    }
}

/// Random edits from `seed` on the basic fixture (with `[search]` on if `search`), each
/// rebuild compared with a fresh build; returns how many were patches.
fn random_edits_equal_fresh_builds(seed: u64, search: bool, steps: usize) -> usize {
    let site = fixture("basic");
    if search {
        with_search(&site.root);
    }
    let options = served();
    let mut rng = Rng(seed);
    let mut broken = Vec::new();
    {
        let (mut live, first) = Preview::new(&site.root);
        let (fresh_site, fresh_report) = LiveSite::new(&site.root, options.clone());
        assert_eq!(snapshot(&live.live, &first), snapshot(&fresh_site, &fresh_report));
        if search {
            assert!(live.live.files.to_map().keys().any(|k| k.starts_with("pagefind/")), "no index was published");
        }
        let output = site.root.join("public");
        let mut patched = 0;
        for step in 0..steps {
            // What the watcher would report for the files this edit touched.
            let touched = if rng.below(4) == 0 {
                edit_site(&site.root, &mut rng, step)
            } else if rng.below(5) == 0 {
                edit_bundle(&site.root, &mut rng, step)
            } else {
                edit(&site.root, &mut rng, step, &mut broken)
            };
            let changes: Vec<_> =
                touched.iter().filter_map(|rel| classify(&site.root, &output, &site.root.join(rel))).collect();
            let report = live.rebuild(&changes);
            patched += usize::from(report.patched);
            let incremental = snapshot(&live.live, &report);
            let (fresh_site, fresh_report) = LiveSite::new(&site.root, options.clone());
            let fresh = snapshot(&fresh_site, &fresh_report);
            if incremental != fresh {
                let describe = |s: &Snapshot| match s {
                    Ok((files, warnings)) => format!("{} files; {}", files.len(), warnings.join("\n")),
                    Err(d) => d.join("\n"),
                };
                let differing: Vec<String> = match (&incremental, &fresh) {
                    (Ok((a, _)), Ok((b, _))) => {
                        a.keys().chain(b.keys()).filter(|k| a.get(*k) != b.get(*k)).cloned().collect()
                    }
                    _ => Vec::new(),
                };
                panic!(
                    "seed {seed} (search {search}) step {step}: incremental ({}) differs from fresh ({}); files: {differing:?}",
                    describe(&incremental),
                    describe(&fresh)
                );
            }
        }
        patched
    }
}

#[test]
fn incremental_rebuilds_equal_fresh_builds() {
    let patched: usize = [0x9e37_79b9_7f4a_7c15_u64, 42, 7_777_777]
        .into_iter()
        .map(|seed| random_edits_equal_fresh_builds(seed, false, 40))
        .sum();
    // Body and summary edits take the shortcut; the sequences must cover it, not only full builds.
    assert!(patched >= 5, "only {patched} of 120 rebuilds were patches");
}

#[test]
fn incremental_rebuilds_with_search_equal_fresh_builds_index_included() {
    let patched: usize = [42, 0x5eed].into_iter().map(|seed| random_edits_equal_fresh_builds(seed, true, 30)).sum();
    assert!(patched >= 3, "only {patched} of 60 rebuilds were patches");
}

/// Rebuilds after `touched` and checks the result against a fresh build; returns the report.
pub(crate) fn rebuild_and_compare(live: &mut Preview, root: &Path, touched: &[&str], what: &str) -> RebuildReport {
    let output = root.join("public");
    let changes: Vec<_> = touched.iter().filter_map(|rel| classify(root, &output, &root.join(rel))).collect();
    let report = live.rebuild(&changes);
    let (fresh_site, fresh_report) = LiveSite::new(root, served());
    let (incremental, fresh) = (snapshot(&live.live, &report), snapshot(&fresh_site, &fresh_report));
    if incremental != fresh {
        let differing: Vec<String> = match (&incremental, &fresh) {
            (Ok((a, wa)), Ok((b, wb))) => {
                let mut d: Vec<String> = a.keys().chain(b.keys()).filter(|k| a.get(*k) != b.get(*k)).cloned().collect();
                d.dedup();
                d.push(format!("warnings {wa:?} / {wb:?}"));
                d
            }
            (a, b) => vec![format!("{:?} / {:?}", a.as_ref().err(), b.as_ref().err())],
        };
        panic!("{what}: the rebuild differs from a fresh build: {differing:?}");
    }
    report
}

/// Sets a top-level front matter field: its line replaced if it has one, else added first.
pub(crate) fn set_field(text: &str, key: &str, value: &str) -> String {
    let front_end = text[3..].find("\n+++").map_or(text.len(), |i| i + 3);
    let prefix = format!("{key} = ");
    match text[..front_end].lines().find(|l| l.starts_with(&prefix)) {
        Some(line) => text.replacen(line, &format!("{prefix}{value}"), 1),
        None => text.replacen("+++\n", &format!("+++\n{prefix}{value}\n"), 1),
    }
}

/// Gives every page of the site at `root` three edits that must be patched (a paragraph, a
/// summary, an `updated` date), a new title (a full build) and a broken link (a failed
/// build), comparing each rebuild with a fresh build.
fn every_page_edit_is_patched_or_rebuilt_like_fresh(root: &Path) {
    let (mut live, first) = Preview::new(root);
    assert!(first.ok && !first.patched, "{:?}", first.diagnostics);
    let pages: Vec<String> = markdown_files(root).into_iter().filter(|f| !f.contains("_index")).collect();
    let (mut patched, mut edits, mut drafts) = (0, 0, 0);
    for (n, rel) in pages.iter().enumerate() {
        let path = root.join(rel);
        let text = std::fs::read_to_string(&path).unwrap();
        let draft = text.contains("draft = true");
        drafts += usize::from(draft);
        let shortcut_edits = [
            format!("{text}\nनया अनुच्छेद {n}। A new paragraph {n}.\n"),
            set_field(&text, "summary", &format!("\"सारांश {n}\"")),
            set_field(&text, "updated", "2026-03-04"),
        ];
        for (k, edited) in shortcut_edits.iter().enumerate() {
            std::fs::write(&path, edited).unwrap();
            let report = rebuild_and_compare(&mut live, root, &[rel], &format!("{rel}, edit {k}"));
            assert!(report.ok, "{rel}, edit {k}: {:?}", report.diagnostics);
            patched += usize::from(report.patched);
            edits += 1;
        }
        // A new title can reorder lists: patched too (lists made again), with the same result.
        std::fs::write(&path, set_field(&text, "title", &format!("\"नया शीर्षक {n}\""))).unwrap();
        let retitled = rebuild_and_compare(&mut live, root, &[rel], &format!("{rel}, retitled"));
        assert!(retitled.ok, "{rel}: {:?}", retitled.diagnostics);
        assert_eq!(retitled.patched, !draft, "{rel}: a new title is patched, unless the page is an unpublished draft");
        // A broken link fails the build as a fresh one would, and the fix comes back.
        std::fs::write(&path, format!("{text}\n[x](@/nowhere.md)\n")).unwrap();
        let broken = rebuild_and_compare(&mut live, root, &[rel], &format!("{rel}, broken link"));
        assert_eq!(broken.ok, draft, "{rel}: a broken link fails the build, unless the page is an unpublished draft");
        std::fs::write(&path, &text).unwrap();
        rebuild_and_compare(&mut live, root, &[rel], &format!("{rel}, restored"));
    }
    let search = std::fs::read_to_string(root.join("config.toml")).unwrap().contains("[search]\nenabled = true");
    let indexed = live.live.files.to_map().keys().any(|k| k.starts_with("pagefind/"));
    assert_eq!(indexed, search, "the search index is published exactly when `[search]` is on");
    // Drafts are not published, so their edits go the full way; every published page's edits are patched.
    assert_eq!(patched, edits - 3 * drafts, "of {edits} edits to {} pages ({drafts} drafts)", pages.len());
}

#[test]
fn edits_to_the_text_of_pages_are_patched_and_equal_fresh_builds() {
    for name in ["basic", "trilingual"] {
        let site = fixture(name);
        every_page_edit_is_patched_or_rebuilt_like_fresh(&site.root);
    }
}

#[test]
fn edits_to_the_text_of_pages_are_patched_and_equal_fresh_builds_with_search() {
    let site = fixture("basic");
    with_search(&site.root);
    every_page_edit_is_patched_or_rebuilt_like_fresh(&site.root);
}

/// The bundled example site: authors, translators, bundles with pictures, shortcodes, a stale
/// translation; with fallback entries and one item per list page, an edit lands on many list
/// pages. Every page's edits, with `[search]` as `search` says.
fn the_bundled_site_patches_like_fresh_builds(search: bool) {
    let (_dir, root) = crate::search::bundled_site();
    let config = std::fs::read_to_string(root.join("config.toml")).unwrap();
    let searched = format!("[search]\nenabled = {search}");
    let config = config
        .replace("fallback = false", "fallback = true")
        .replace("paginate = 20", "paginate = 1")
        .replace("[search]\nenabled = true", &searched);
    assert!(config.contains("paginate = 1") && config.contains(&searched), "the bundled config changed");
    std::fs::write(root.join("config.toml"), config).unwrap();
    every_page_edit_is_patched_or_rebuilt_like_fresh(&root);
}

#[test]
fn the_bundled_site_patches_like_fresh_builds_with_fallback_and_short_pages() {
    the_bundled_site_patches_like_fresh_builds(false);
}

#[test]
fn the_bundled_site_patches_like_fresh_builds_with_search() {
    the_bundled_site_patches_like_fresh_builds(true);
}

#[test]
fn a_batch_with_a_picture_or_two_pages_is_handled_whole() {
    let site = fixture("basic");
    let root = site.root.clone();
    let index = "content/briefings/pic/index.hi.md";
    let photo = "content/briefings/pic/p.jpg";
    let write = |rel: &str, bytes: &[u8]| std::fs::write(root.join(rel), bytes).unwrap();
    std::fs::create_dir_all(root.join("content/briefings/pic")).unwrap();
    let text = "+++\ntitle = \"चित्र\"\ndate = 2025-05-05\nimage = \"p.jpg\"\nimage_alt = \"चित्र\"\n+++\n\nपाठ।\n\n![चित्र](p.jpg)\n";
    write(index, text.as_bytes());
    write(photo, &patrika::media::testing::noise_photo_jpeg(64, 48, 1));
    let (mut live, first) = Preview::new(&root);
    assert!(first.ok);
    // The page's text and its picture in one save: the picture changes the plan, so all is rebuilt.
    write(index, format!("{text}\nनया अनुच्छेद।\n").as_bytes());
    write(photo, &patrika::media::testing::noise_photo_jpeg(90, 30, 2));
    let both = rebuild_and_compare(&mut live, &root, &[index, photo], "text and picture");
    assert!(both.ok && !both.patched, "a batch with a picture must take the full build");
    // Two pages' text in one save: one patch.
    let pages = ["content/briefings/budget.hi.md", "content/briefings/budget.en.md"];
    for rel in pages {
        let old = std::fs::read_to_string(root.join(rel)).unwrap();
        write(rel, format!("{old}\nदो फ़ाइलें एक साथ। Two files at once.\n").as_bytes());
    }
    let two = rebuild_and_compare(&mut live, &root, &pages, "two pages");
    assert!(two.ok && two.patched, "two edited pages are one patch");
    assert!(two.rendered >= 4, "both pages and their side-by-side views: {}", two.rendered);
    // vim's save: a probe file made and deleted beside the page, then the page; the probe changes nothing.
    let rel = "content/briefings/rail.hi.md";
    let old = std::fs::read_to_string(root.join(rel)).unwrap();
    write(rel, format!("{old}\nविम से सहेजा।\n").as_bytes());
    let vim = rebuild_and_compare(&mut live, &root, &["content/briefings/4913", rel], "vim's save");
    assert!(vim.ok && vim.patched, "a vanished probe file must not stop the patch");
    // A folder of pages moved away is reported as the folder alone: the full way.
    assert!(live.live.files.to_map().contains_key("hi/analysis/windows/index.html"));
    std::fs::rename(root.join("content/analysis"), root.parent().unwrap().join("analysis-moved")).unwrap();
    let moved = rebuild_and_compare(&mut live, &root, &["content/analysis"], "folder moved away");
    assert!(moved.ok && !moved.patched);
    assert!(
        !live.live.files.to_map().contains_key("hi/analysis/windows/index.html"),
        "the moved folder's pages are gone"
    );
}

#[test]
fn a_warning_of_the_render_stage_is_reported_by_a_patch_as_by_a_full_build() {
    // A render-stage finding: the theme's page template warns about pages whose text asks it
    // to (`warning()`). The patch has no code of its own for it: both end in the same finish.
    let site = fixture("basic");
    let root = site.root.clone();
    site.write(
        "templates/page.html",
        "<html lang=\"{{ lang }}\"><body>{{ page.title }} {{ page.content | safe }}\
         {% if \"जाँचें\" in page.content %}{{ warning(message=\"the briefing asks to be checked\") }}{% endif %}\
         </body></html>",
    );
    let (budget, rail) = ("content/briefings/budget.hi.md", "content/briefings/rail.hi.md");
    let (budget_text, rail_text) = (site.read(budget), site.read(rail));
    site.write(budget, &format!("{budget_text}\nजाँचें।\n"));
    let warned = |report: &RebuildReport| -> Vec<String> {
        report.diagnostics.iter().map(|d| d.to_string()).filter(|d| d.contains("asks to be checked")).collect()
    };
    let expected = |rel: &str| format!("{rel}:1:1: warning: template `page.html`: the briefing asks to be checked");
    let (mut live, first) = Preview::new(&root);
    assert!(first.ok, "{:?}", first.diagnostics);
    assert_eq!(warned(&first), [expected(budget)], "a full build reports the template's warning");
    // Another page's text: patched, and the warned page, taken from the last build, still warns.
    site.write(rail, &format!("{rail_text}\nनया अनुच्छेद।\n"));
    let other = rebuild_and_compare(&mut live, &root, &[rail], "another page edited");
    assert!(other.patched);
    assert_eq!(warned(&other), [expected(budget)]);
    // The same words in a second page: patched, and that page warns too.
    site.write(rail, &format!("{rail_text}\nजाँचें।\n"));
    let second = rebuild_and_compare(&mut live, &root, &[rail], "a second page warns");
    assert!(second.patched);
    assert_eq!(warned(&second), [expected(budget), expected(rail)]);
    // The words gone from the first page: patched, and its warning is gone.
    site.write(budget, &budget_text);
    let fixed = rebuild_and_compare(&mut live, &root, &[budget], "the first page no longer warns");
    assert!(fixed.patched);
    assert_eq!(warned(&fixed), [expected(rail)]);
}

#[test]
fn a_corrected_briefing_patches_like_fresh_builds_its_corrections_page_included() {
    let (_dir, root) = crate::search::bundled_site();
    let path = root.join("content/briefings/sco-joint-statement.hi.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let end = text[3..].find("\n+++").unwrap() + 3;
    let correction = "\n\n[[corrections]]\ndate = 2025-07-01\ntext = \"तारीख़ ठीक की गई।\"";
    std::fs::write(&path, format!("{}{correction}{}", &text[..end], &text[end..])).unwrap();
    let (site, report) = LiveSite::new(&root, served());
    let (files, _) = snapshot(&site, &report).expect("the corrected site builds");
    let listed = String::from_utf8(files["hi/corrections/index.html"].clone()).unwrap();
    assert!(listed.contains("तारीख़ ठीक की गई।"), "the corrections page lists the correction");
    // Every edit of the corrected page (its text, summary, title) reaches the corrections page
    // that lists it exactly as a fresh build makes it; the patch used to drop that page.
    every_page_edit_is_patched_or_rebuilt_like_fresh(&root);
}
