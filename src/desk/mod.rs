//! The translation desk (README, "The translation desk"): gathers, for every translation set, the state
//! of each language, its QA findings and, for stale translations, what changed in
//! the source since (from git), and hands [`html::page`] one [`Desk`] to show.
//! `serve` shows it at `/__patrika/desk/`; `status --format html` writes it as one file.

mod html;

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::Diagnostic;
use crate::history::{self, SourceDiff};
use crate::pipeline::cache::BuildCache;
use crate::pipeline::{self, BuildOptions};
use crate::plan::site::Site;
use crate::plan::translation::LangState;
use crate::qa;
use crate::read::config::Direction;
use crate::read::content::CONTENT_DIR;
use crate::read::glossary;

/// The URL the desk is served at by `serve`.
pub(crate) const DESK_PATH: &str = "/__patrika/desk/";

/// How the desk links to pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Links {
    /// Root-relative URLs of the preview; drafts have pages only when it publishes them.
    Preview { drafts: bool },
    /// Absolute URLs of the published site (a file kept as a CI artifact); drafts have none.
    Published,
}

/// Everything the desk shows.
pub(crate) struct Desk {
    pub site_title: String,
    /// Configured languages: code, name, text direction (`ltr`/`rtl`).
    pub languages: Vec<(String, String, &'static str)>,
    /// Most urgent first.
    pub rows: Vec<Row>,
    /// Problems with no set to sit in (config, templates, sections).
    pub other_findings: Vec<Diagnostic>,
}

/// One translation set.
pub(crate) struct Row {
    pub key: String,
    pub title: String,
    pub cells: Vec<Cell>,
    pub findings: Vec<Diagnostic>,
    pub parallel_url: Option<String>,
}

/// One language of a set.
pub(crate) struct Cell {
    pub lang: String,
    pub state: LangState,
    /// The file, relative to the site root (none when missing).
    pub file: Option<String>,
    pub url: Option<String>,
    /// For a stale translation: the source's language and its changes since, or why they cannot be shown.
    pub diff: Option<(String, Result<SourceDiff, String>)>,
    /// When a page under embargo goes out (RFC 3339).
    pub scheduled: Option<String>,
}

/// Reads the site as `options` build it (the preview's base URL), drafts included since a
/// draft is a state the desk shows, and gathers the desk.
pub(crate) fn gather(
    root: &Path,
    options: &BuildOptions,
    links: Links,
    cache: &mut BuildCache,
) -> Result<Desk, Vec<Diagnostic>> {
    let options = BuildOptions { drafts: true, scheduled: true, ..options.clone() };
    // Files are compared with the cache by modification time and size: no watcher reports to it.
    cache.files.distrust_listing();
    let outcome = pipeline::load_cached(root, &options, cache);
    let Some(loaded) = outcome.value else { return Err(outcome.diagnostics) };
    let site = &loaded.site;
    let mut findings: Vec<Diagnostic> = outcome.diagnostics;
    match glossary::load(&site.config) {
        Ok(terms) => findings.extend(qa::check_cached(site, &terms, &mut cache.qa)),
        Err(errors) => findings.extend(errors),
    }
    let mut by_path: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    for d in findings {
        by_path.entry(d.path.to_string_lossy().into_owned()).or_default().push(d);
    }
    let mut rows: Vec<Row> = (0..site.sets.len()).map(|set| row(site, set, links, &mut by_path)).collect();
    rows.sort_by(|a, b| a.urgency().cmp(&b.urgency()).then_with(|| a.key.cmp(&b.key)));
    Ok(Desk {
        site_title: site.config.language(&site.config.default_language).title.clone(),
        languages: site
            .config
            .languages
            .iter()
            .map(|l| (l.code.to_string(), l.name.clone(), if l.direction == Direction::Rtl { "rtl" } else { "ltr" }))
            .collect(),
        rows,
        other_findings: by_path.into_values().flatten().collect(),
    })
}

/// The desk as one HTML page.
pub(crate) fn page(root: &Path, options: &BuildOptions, links: Links) -> Result<String, Vec<Diagnostic>> {
    page_cached(root, options, links, &mut BuildCache::default())
}

/// The desk as one HTML page, reading the site with what `cache` kept from the last time.
pub(crate) fn page_cached(
    root: &Path,
    options: &BuildOptions,
    links: Links,
    cache: &mut BuildCache,
) -> Result<String, Vec<Diagnostic>> {
    gather(root, options, links, cache).map(|desk| html::page(&desk))
}

impl Row {
    /// The most urgent state of the set's languages (stale first, original last).
    pub(crate) fn urgency(&self) -> LangState {
        self.cells.iter().map(|c| c.state).min().unwrap_or(LangState::Original)
    }
}

fn row(site: &Site, set: usize, links: Links, findings: &mut BTreeMap<String, Vec<Diagnostic>>) -> Row {
    let translation_set = &site.sets[set];
    let original = translation_set.original(&site.docs);
    let title = original
        .and_then(|l| translation_set.members.get(&l))
        .map(|&d| site.docs[d].front.title.clone())
        .unwrap_or_default();
    let mut row_findings = Vec::new();
    let mut cells = Vec::new();
    for language in &site.config.languages {
        let state = translation_set.state(&language.code, &site.docs);
        let Some(&d) = translation_set.members.get(&language.code) else {
            // A file with errors: its findings say what to fix.
            let file = translation_set.unreadable.get(&language.code).map(|p| format!("{CONTENT_DIR}/{p}"));
            row_findings.extend(file.as_ref().and_then(|f| findings.remove(f)).unwrap_or_default());
            cells.push(Cell { lang: language.code.to_string(), state, file, url: None, diff: None, scheduled: None });
            continue;
        };
        let doc = &site.docs[d];
        let file = doc.path.to_string_lossy().into_owned();
        row_findings.extend(findings.remove(&file).unwrap_or_default());
        let page = site.set_pages.get(set).and_then(|pages| pages.get(&language.code)).map(|&p| &site.pages[p]);
        let held = site.publishing.is_held(doc);
        let scheduled = held.then(|| doc.front.publish_at.as_ref().map(|at| at.rfc3339())).flatten();
        // A page under embargo has no published page to link to yet; the preview shows it.
        let published = !(held && links == Links::Published);
        let url = page.filter(|_| published && is_linked(doc.front.draft, links)).map(|p| match links {
            Links::Preview { .. } => site.config.url(&p.path),
            Links::Published => site.config.permalink(&p.path),
        });
        let diff = (state == LangState::Stale).then(|| stale_diff(site, set, d));
        cells.push(Cell { lang: language.code.to_string(), state, file: Some(file), url, diff, scheduled });
    }
    let present = cells.iter().filter(|c| c.url.is_some()).count();
    let parallel_url = (present > 1 && site.config.parallel_view)
        .then(|| cells.iter().find_map(|c| c.url.clone()))
        .flatten()
        .map(|url| format!("{url}parallel/"));
    Row { key: translation_set.key.clone(), title, cells, findings: row_findings, parallel_url }
}

fn is_linked(draft: bool, links: Links) -> bool {
    match links {
        Links::Preview { drafts } => drafts || !draft,
        Links::Published => !draft,
    }
}

/// The language of the source of translation `d`, and what changed in it since it was translated.
fn stale_diff(site: &Site, set: usize, d: usize) -> (String, Result<SourceDiff, String>) {
    let Some(meta) = &site.docs[d].front.translation else {
        return (String::new(), Err("not a translation".into()));
    };
    let diff = || {
        let recorded = meta.source_hash.as_deref().ok_or("no source_hash recorded")?;
        let source_problem = if site.sets[set].unreadable.contains_key(&meta.from) {
            "its source has errors"
        } else {
            "its source is missing"
        };
        let &s = site.sets[set].members.get(&meta.from).ok_or(source_problem)?;
        let source = &site.docs[s];
        let current = (source.front.title.as_str(), source.front.summary.as_deref().unwrap_or(""), source.body());
        history::diff_since_translation(&site.config.root, &source.path, recorded, current).map_err(|e| e.to_string())
    };
    (meta.from.to_string(), diff())
}
