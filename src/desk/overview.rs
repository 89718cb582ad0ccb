//! The desk's list of translation sets: the state of each language, QA findings and, for
//! stale translations, what changed in the source since (from git), most urgent first.
//! `serve` shows one page of it at a time (findings and diffs are made only for the sets
//! on that page); `status --format html` shows every set.

use std::collections::{BTreeMap, HashSet};

use super::view::{DeskSite, Links, shown};
use crate::diagnostic::Diagnostic;
use crate::history::SourceDiff;
use crate::plan::translation::LangState;
use crate::qa::{self, QaMemo};
use crate::read::content::CONTENT_DIR;
use crate::read::document::SourceDoc;
use crate::read::glossary::Term;

/// Which sets the list shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct ListQuery {
    /// Only sets with something to do (stale, missing, untracked, draft, errors).
    pub needs_work: bool,
    /// Only sets whose key or title has this text (any case).
    pub find: String,
    /// Which page (from 1), and how many sets a page has (`None`: one page of all).
    pub page: usize,
    pub per_page: Option<usize>,
}

/// The list, ready to be written.
pub(crate) struct Overview {
    /// Configured languages: code, name, text direction.
    pub languages: Vec<(String, String, &'static str)>,
    /// Per language, how many sets have it in each state.
    pub totals: Vec<BTreeMap<LangState, usize>>,
    pub rows: Vec<Row>,
    /// Sets the query matches.
    pub matching: usize,
    pub pages: usize,
    pub query: ListQuery,
    pub links: Links,
    /// Problems with no set to sit in (config, templates, sections).
    pub other_findings: Vec<Diagnostic>,
}

/// One translation set.
pub(crate) struct Row {
    pub key: String,
    pub title: String,
    /// The language of the title (the original's).
    pub title_lang: String,
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
    /// For a missing language: the original to translate from.
    pub original: Option<String>,
    pub url: Option<String>,
    /// For a stale translation: the source's language and its changes since, or why they cannot be shown.
    pub diff: Option<(String, Result<SourceDiff, String>)>,
    /// When a page under embargo goes out.
    pub scheduled: Option<chrono::DateTime<chrono::FixedOffset>>,
}

/// Gathers the sets `query` asks for; `diff` tells what changed in a source since a version.
pub(crate) fn gather(
    desk: &DeskSite,
    query: ListQuery,
    glossary: &[Term],
    memo: &mut QaMemo,
    diff: &mut dyn FnMut(&SourceDoc, &str) -> Result<SourceDiff, String>,
) -> Overview {
    let site = &desk.site;
    let urgency = |set: usize| desk.states[set].iter().copied().min().unwrap_or(LangState::Original);
    let find = query.find.to_lowercase();
    let mut order: Vec<usize> = (0..site.sets.len())
        .filter(|&s| !query.needs_work || urgency(s) < LangState::Current)
        .filter(|&s| {
            find.is_empty()
                || site.sets[s].key.to_lowercase().contains(&find)
                || title(desk, s).0.to_lowercase().contains(&find)
        })
        .collect();
    order.sort_by(|&a, &b| urgency(a).cmp(&urgency(b)).then_with(|| site.sets[a].key.cmp(&site.sets[b].key)));
    let matching = order.len();
    let per_page = query.per_page.unwrap_or(matching.max(1));
    let pages = matching.div_ceil(per_page).max(1);
    let page = query.page.clamp(1, pages);
    let shown_sets: Vec<usize> = order.into_iter().skip((page - 1) * per_page).take(per_page).collect();
    let docs: Vec<usize> = shown_sets.iter().flat_map(|&s| site.sets[s].members.values().copied()).collect();
    let mut by_path: BTreeMap<String, Vec<Diagnostic>> = BTreeMap::new();
    let qa_findings = qa::check_docs(site, glossary, &docs, memo);
    for d in desk.diagnostics.iter().cloned().chain(qa_findings) {
        by_path.entry(d.path.to_string_lossy().replace('\\', "/")).or_default().push(d);
    }
    let rows = shown_sets.iter().map(|&s| row(desk, s, &mut by_path, diff)).collect();
    // Problems of files in some set belong to that set's row, even when it is on another page.
    let in_sets: HashSet<String> = site.docs.iter().map(|d| shown(&d.path)).collect();
    let unreadable = site.sets.iter().flat_map(|s| s.unreadable.values().map(|p| format!("{CONTENT_DIR}/{p}")));
    let in_sets: HashSet<String> = in_sets.into_iter().chain(unreadable).collect();
    let other_findings = by_path.into_iter().filter(|(p, _)| !in_sets.contains(p)).flat_map(|(_, d)| d).collect();
    let totals = (0..site.config.languages.len())
        .map(|l| {
            let mut counts = BTreeMap::new();
            for states in &desk.states {
                *counts.entry(states[l]).or_default() += 1;
            }
            counts
        })
        .collect();
    Overview {
        languages: languages(desk),
        totals,
        rows,
        matching,
        pages,
        query: ListQuery { page, ..query },
        links: desk.links,
        other_findings,
    }
}

/// The configured languages: code, name, direction.
pub(crate) fn languages(desk: &DeskSite) -> Vec<(String, String, &'static str)> {
    use crate::read::config::Direction;
    let dir = |d: Direction| if d == Direction::Rtl { "rtl" } else { "ltr" };
    desk.config().languages.iter().map(|l| (l.code.to_string(), l.name.clone(), dir(l.direction))).collect()
}

/// The title of a set (its original's) and the original's language.
fn title(desk: &DeskSite, set: usize) -> (String, String) {
    let translation_set = &desk.site.sets[set];
    let original = translation_set.original(&desk.site.docs);
    original
        .and_then(|l| translation_set.members.get(&l).map(|&d| (desk.site.docs[d].front.title.clone(), l.to_string())))
        .unwrap_or_default()
}

fn row(
    desk: &DeskSite,
    set: usize,
    findings: &mut BTreeMap<String, Vec<Diagnostic>>,
    diff: &mut dyn FnMut(&SourceDoc, &str) -> Result<SourceDiff, String>,
) -> Row {
    let site = &desk.site;
    let translation_set = &site.sets[set];
    let (title, title_lang) = title(desk, set);
    let original = translation_set
        .original(&site.docs)
        .and_then(|l| translation_set.members.get(&l))
        .map(|&d| shown(&site.docs[d].path));
    let mut row_findings = Vec::new();
    let mut cells = Vec::new();
    for (l, language) in site.config.languages.iter().enumerate() {
        let state = desk.states[set][l];
        let Some(&d) = translation_set.members.get(&language.code) else {
            // A file with errors: its findings say what to fix.
            let file = translation_set.unreadable.get(&language.code).map(|p| format!("{CONTENT_DIR}/{p}"));
            row_findings.extend(file.as_ref().and_then(|f| findings.remove(f)).unwrap_or_default());
            let original = original.clone().filter(|_| state == LangState::Missing);
            cells.push(Cell {
                lang: language.code.to_string(),
                state,
                file,
                original,
                url: None,
                diff: None,
                scheduled: None,
            });
            continue;
        };
        let doc = &site.docs[d];
        let file = shown(&doc.path);
        row_findings.extend(findings.remove(&file).unwrap_or_default());
        let page = site.set_pages.get(set).and_then(|pages| pages.get(&language.code)).map(|&p| &site.pages[p]);
        let held = site.publishing.is_held(doc);
        let scheduled = held.then(|| doc.front.publish_at.as_ref().map(|at| at.instant)).flatten();
        // A page under embargo has no published page to link to yet; the preview shows it.
        let published = !(held && desk.links == Links::Published);
        let url = page.filter(|_| published && is_linked(doc.front.draft, desk.links)).map(|p| match desk.links {
            Links::Preview { .. } => site.config.url(&p.path),
            Links::Published => site.config.permalink(&p.path),
        });
        let diff = (state == LangState::Stale).then(|| stale_diff(desk, set, d, diff));
        cells.push(Cell {
            lang: language.code.to_string(),
            state,
            file: Some(file),
            original: None,
            url,
            diff,
            scheduled,
        });
    }
    let present = cells.iter().filter(|c| c.url.is_some()).count();
    let parallel_url = (present > 1 && site.config.parallel_view)
        .then(|| cells.iter().find_map(|c| c.url.clone()))
        .flatten()
        .map(|url| format!("{url}parallel/"));
    Row { key: translation_set.key.clone(), title, title_lang, cells, findings: row_findings, parallel_url }
}

fn is_linked(draft: bool, links: Links) -> bool {
    match links {
        Links::Preview { drafts } => drafts || !draft,
        Links::Published => !draft,
    }
}

/// The language of the source of translation `d`, and what changed in it since it was translated.
fn stale_diff(
    desk: &DeskSite,
    set: usize,
    d: usize,
    diff: &mut dyn FnMut(&SourceDoc, &str) -> Result<SourceDiff, String>,
) -> (String, Result<SourceDiff, String>) {
    let site = &desk.site;
    let Some(meta) = &site.docs[d].front.translation else {
        return (String::new(), Err("not a translation".into()));
    };
    let found = (|| {
        let recorded = meta.source_hash.as_deref().ok_or("no source_hash recorded")?;
        let source_problem = if site.sets[set].unreadable.contains_key(&meta.from) {
            "its source has errors"
        } else {
            "its source is missing"
        };
        let &s = site.sets[set].members.get(&meta.from).ok_or(source_problem)?;
        diff(&site.docs[s], recorded)
    })();
    (meta.from.to_string(), found)
}
