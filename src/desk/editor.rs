//! One translation opened beside its source: both bodies cut into blocks and aligned as
//! the side-by-side view aligns them, the fields to translate, what changed in the source
//! since (for a stale translation) beside the blocks it belongs to, and the file's QA
//! findings, each placed at its block. Pure but for git, which the stale diff reads.

use std::ops::Range;
use std::sync::Arc;

use serde::Serialize;

use super::blocks::{FileParts, body_blocks};
use super::changes::{self, Note, Placed};
use super::edit;
use super::view::{DeskSite, shown};
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::history::SourceDiff;
use crate::plan::translation::{LangState, state_of};
use crate::qa;
use crate::read::content::{CONTENT_DIR, SourceFile};
use crate::read::document::{self, SourceDoc};
use crate::read::glossary::Term;
use crate::render::aligned::align_blocks;

/// A translation beside its source, ready to be shown.
pub(crate) struct Editor {
    pub path: String,
    /// The file's text as read, and the hash of its bytes: what a save starts from.
    pub text: String,
    pub hash: String,
    pub doc: Arc<SourceDoc>,
    pub source: Arc<SourceDoc>,
    pub state: LangState,
    pub fields: Vec<FieldRow>,
    pub rows: Vec<Row>,
    pub findings: Vec<Finding>,
    /// Why what changed in the source cannot be shown, for a stale translation.
    pub diff_problem: Option<String>,
}

/// A front matter field: the source's text, the translation's, and what changed in the source.
pub(crate) struct FieldRow {
    pub name: String,
    pub source: Option<String>,
    pub value: Option<String>,
    pub notes: Vec<Note>,
}

/// One aligned row of blocks.
pub(crate) struct Row {
    pub heading: bool,
    /// The source's block, as written.
    pub source: Option<String>,
    /// The translation's block: its index among the file's blocks, and its text.
    pub block: Option<(usize, String)>,
    /// For a row the translation has no block in: the block a new one goes after.
    pub after: Option<usize>,
    /// What changed in the source's block since the translation was made.
    pub notes: Vec<Note>,
}

/// A QA finding as the desk's script shows it: at its block when it is in the body.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Finding {
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    pub rule: Option<Rule>,
    pub message: String,
    /// The index of the block (of the text checked) it is in.
    pub block: Option<usize>,
}

/// Why a file cannot be opened beside a source.
pub(crate) enum Unopened {
    /// The file does not parse: its problems.
    Unreadable(Vec<Diagnostic>),
    /// An original: nothing to edit beside.
    Original,
    /// Its source is missing (or has errors).
    NoSource,
}

/// The file `path` (relative to the site root) as `text` makes it, read as the build reads it.
pub(crate) fn parse(site: &DeskSite, path: &str, text: &str) -> Result<SourceDoc, Vec<Diagnostic>> {
    let normal = crate::text::normalise(text);
    let content_path = path.strip_prefix(CONTENT_DIR).map_or(path, |p| p.trim_start_matches('/'));
    let file = SourceFile {
        path: path.into(),
        content_path: crate::text::normalise(content_path),
        hash: crate::text::hash_of(&normal),
        text: Arc::new(normal),
    };
    document::parse(&file, site.config())
}

/// The source of translation `doc` in the desk's site.
pub(crate) fn source_of<'a>(site: &'a DeskSite, doc: &SourceDoc) -> Option<&'a Arc<SourceDoc>> {
    let meta = doc.front.translation.as_ref()?;
    site.member(&doc.set_key(), meta.from.as_str())
}

/// Opens the translation at `path` with the file's `text` (hash `hash`); `diff` tells what
/// changed in a source since a recorded version (from git).
pub(crate) fn open(
    site: &DeskSite,
    path: &str,
    text: String,
    hash: String,
    glossary: &[Term],
    diff: &mut dyn FnMut(&SourceDoc, &str) -> Result<SourceDiff, String>,
) -> Result<Editor, Unopened> {
    let doc = Arc::new(parse(site, path, &text).map_err(Unopened::Unreadable)?);
    let Some(meta) = &doc.front.translation else { return Err(Unopened::Original) };
    let source = Arc::clone(source_of(site, &doc).ok_or(Unopened::NoSource)?);
    let state = state_of(&doc, Some(&source));
    let parts = FileParts::of(&text).map_err(|why| Unopened::Unreadable(vec![doc.error_at(0, why)]))?;
    let source_body = source.body_offset..source.text.len();
    let source_blocks: Vec<Range<usize>> =
        body_blocks(&source.text, &source_body).into_iter().map(|b| b.range).collect();
    let (placed, diff_problem) = match (state, meta.source_hash.as_deref()) {
        (LangState::Stale, Some(recorded)) => match diff(&source, recorded) {
            Ok(found) => (changes::place(&found, &source.text, &source_body, &source_blocks), None),
            Err(why) => (Placed::default(), Some(why)),
        },
        _ => (Placed::default(), None),
    };
    let rows = rows(&source, &text, &parts.body, placed.blocks);
    let with_image = source.front.image.is_some() || doc.front.image.is_some();
    let fields = edit::fields(&text, with_image, source.front.sources.len())
        .map_err(|why| Unopened::Unreadable(vec![doc.error_at(0, why)]))?
        .into_iter()
        .filter(|f| f.name != "summary" || f.value.is_some() || source.front.summary.is_some())
        .map(|f| {
            let (from_source, notes) = match f.name.as_str() {
                "title" => (Some(source.front.title.clone()), placed.title.clone()),
                "summary" => (source.front.summary.clone(), placed.summary.clone()),
                "image_alt" => (Some(source.front.image_alt.clone()), Vec::new()),
                name => (source_title(&source, name), Vec::new()),
            };
            FieldRow { name: f.name, source: from_source, value: f.value, notes }
        })
        .collect();
    let findings = findings(&doc, Some(&source), glossary, site);
    Ok(Editor { path: path.to_string(), text, hash, doc, source, state, fields, rows, findings, diff_problem })
}

/// The title of source `sources.N.title` names, in the source.
fn source_title(source: &SourceDoc, name: &str) -> Option<String> {
    let index: usize = name.strip_prefix("sources.")?.strip_suffix(".title")?.parse().ok()?;
    source.front.sources.get(index).map(|s| s.title.clone())
}

/// The source's blocks and the translation's (in `text`, its body at `body`), aligned.
fn rows(source: &SourceDoc, text: &str, body: &Range<usize>, mut notes: Vec<Vec<Note>>) -> Vec<Row> {
    let source_blocks = body_blocks(&source.text, &(source.body_offset..source.text.len()));
    let blocks = body_blocks(text, body);
    let flags = |b: &[super::blocks::Block]| b.iter().map(|b| b.heading).collect::<Vec<bool>>();
    let mut last_block = None;
    align_blocks(&[flags(&source_blocks), flags(&blocks)])
        .into_iter()
        .map(|row| {
            let block = row.blocks[1].map(|i| (i, text[blocks[i].range.clone()].to_string()));
            if block.is_some() {
                last_block = row.blocks[1];
            }
            Row {
                heading: row.heading,
                source: row.blocks[0].map(|i| source.text[source_blocks[i].range.clone()].to_string()),
                after: if block.is_none() { last_block } else { None },
                block,
                notes: row.blocks[0].and_then(|i| notes.get_mut(i)).map(std::mem::take).unwrap_or_default(),
            }
        })
        .collect()
}

/// The QA findings of `doc` (as it is on disk, or as it would be saved), each placed at
/// the block it is in; the file's own warnings from reading it come first.
pub(crate) fn findings(
    doc: &SourceDoc,
    source: Option<&SourceDoc>,
    glossary: &[Term],
    site: &DeskSite,
) -> Vec<Finding> {
    let found = doc.warnings.iter().cloned().chain(qa::file_findings(doc, source, glossary, site.config()));
    let blocks = body_blocks(&doc.text, &(doc.body_offset..doc.text.len()));
    let line_starts: Vec<usize> = std::iter::once(0).chain(doc.text.match_indices('\n').map(|(i, _)| i + 1)).collect();
    found
        .map(|d| {
            let at = line_starts.get(d.line.saturating_sub(1)).copied().unwrap_or(0);
            let block = blocks.iter().rposition(|b| b.range.start <= at && at < b.range.end.max(b.range.start + 1));
            Finding { line: d.line, col: d.col, severity: d.severity, rule: d.rule, message: d.message, block }
        })
        .collect()
}

/// The findings of a file that does not parse, as the desk shows them.
pub(crate) fn problems(diagnostics: Vec<Diagnostic>) -> Vec<Finding> {
    diagnostics
        .into_iter()
        .map(|d| Finding {
            line: d.line,
            col: d.col,
            severity: d.severity,
            rule: d.rule,
            message: d.message,
            block: None,
        })
        .collect()
}

/// The path of a document as the desk names it.
pub(crate) fn path_of(doc: &SourceDoc) -> String {
    shown(&doc.path)
}
