//! Turns a [`SourceFile`] into a [`SourceDoc`]: language from the file name,
//! section and stem from its path, typed front matter and the Markdown body. Pure.

use std::path::PathBuf;
use std::sync::Arc;

use serde::Serialize;

use crate::diagnostic::{Diagnostic, LineIndex, Rule, did_you_mean};
use crate::read::config::{Config, Lang};
use crate::read::content::SourceFile;
use crate::read::controls::{is_stray_control, without_control_characters};
pub(crate) use crate::read::dates::{PageDate, page_date};
use crate::read::identity::{DocKind, FileInfo};
use crate::read::newsroom::{Correction, read_corrections, read_publish_at};
use crate::read::tomlread::{Table, TomlSource};
use crate::read::urls::url_problem;
use crate::text::key_problem;

/// One entry of `[[sources]]`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SourceRef {
    pub title: String,
    pub url: String,
}

/// The `[translation]` table of a translated file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TranslationMeta {
    pub from: Lang,
    pub source_hash: Option<String>,
}

/// Where the front matter fields that later stages point at begin, as byte
/// offsets of the file text (`None`: the field is absent).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct FieldOffsets {
    /// The opening `+++` line, where problems of the front matter as a whole are reported.
    pub front: usize,
    pub title: Option<usize>,
    pub summary: Option<usize>,
    pub slug: Option<usize>,
    pub template: Option<usize>,
    pub translation_key: Option<usize>,
    /// The `[translation]` table.
    pub translation: Option<usize>,
    pub from: Option<usize>,
    pub source_hash: Option<usize>,
    /// The first `[[sources]]` entry.
    pub sources: Option<usize>,
    /// Each item of `topics`, in order.
    pub topics: Vec<usize>,
    /// The `image` value.
    pub image: Option<usize>,
    /// The `publish_at` value.
    pub publish_at: Option<usize>,
}

/// Typed front matter of a page or `_index` file.
#[derive(Debug, Clone, Default)]
pub(crate) struct FrontMatter {
    pub title: String,
    pub date: Option<PageDate>,
    pub updated: Option<PageDate>,
    pub summary: Option<String>,
    pub topics: Vec<String>,
    pub authors: Vec<String>,
    pub translators: Vec<String>,
    /// The briefing's picture, a file of its bundle (`image`), and its alt text.
    pub image: Option<String>,
    pub image_alt: String,
    pub draft: bool,
    pub slug: Option<String>,
    pub translation_key: Option<String>,
    pub template: Option<String>,
    pub sources: Vec<SourceRef>,
    /// `[[corrections]]`, in the order written.
    pub corrections: Vec<Correction>,
    /// The embargo: not published before this moment.
    pub publish_at: Option<PageDate>,
    pub translation: Option<TranslationMeta>,
    pub extra: serde_json::Value,
    /// QA rules silenced for this file (`[check] allow`), and why.
    pub check_allow: Vec<Rule>,
    pub check_reason: String,
    /// Where the fields are in the file.
    pub at: FieldOffsets,
}

impl FrontMatter {
    /// When the page last changed: the newest of `updated` (else `date`) and its corrections.
    pub(crate) fn last_changed(&self) -> Option<&PageDate> {
        let written = self.updated.as_ref().or(self.date.as_ref());
        written.into_iter().chain(self.corrections.iter().map(|c| &c.date)).max()
    }
}

/// A parsed content file, ready to be paired with its translations.
#[derive(Debug, Clone)]
pub(crate) struct SourceDoc {
    /// Relative to the site root (for diagnostics).
    pub path: PathBuf,
    /// What the file's path says: section, stem, kind.
    pub info: FileInfo,
    /// The file's language: its suffix, else the default language.
    pub lang: Lang,
    pub front: FrontMatter,
    /// Byte offset of the Markdown body (after the front matter) within `text`.
    pub body_offset: usize,
    /// The whole normalised file, for positions in diagnostics; the file's own text unless
    /// control characters had to be dropped.
    pub text: Arc<String>,
    /// Hash of the file as read (`text` is a pure function of it).
    pub text_hash: u64,
    /// Problems that did not stop the file from being read (control characters dropped).
    pub warnings: Vec<Diagnostic>,
    /// Where `text`'s lines start, made when the first finding needs a position.
    lines: std::sync::OnceLock<LineIndex>,
    /// The digest of what a translator translates (see `plan::translation::source_hash`),
    /// made once per parse: every rebuild's translation states read it.
    pub(crate) source_digest: std::sync::OnceLock<String>,
}

impl SourceDoc {
    /// The translation-set key: `translation_key`, else the path without language suffix.
    pub(crate) fn set_key(&self) -> String {
        match &self.front.translation_key {
            Some(k) => k.clone(),
            None => self.info.stem_path(),
        }
    }

    /// The Markdown after the front matter.
    pub(crate) fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }

    /// The line and column of a byte offset of this file.
    pub(crate) fn line_col(&self, offset: usize) -> (usize, usize) {
        self.lines.get_or_init(|| LineIndex::new(&self.text)).line_col(&self.text, offset)
    }

    /// An error at a byte offset of this file.
    pub(crate) fn error_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        let (line, col) = self.line_col(offset);
        Diagnostic::error(&self.path, line, col, message)
    }

    /// A warning at a byte offset of this file.
    pub(crate) fn warning_at(&self, offset: usize, message: impl Into<String>) -> Diagnostic {
        Diagnostic { severity: crate::diagnostic::Severity::Warning, ..self.error_at(offset, message) }
    }

    /// Where the name-derived identity is decided: the `slug` if set, else the file itself.
    pub(crate) fn slug_offset(&self) -> usize {
        self.front.at.slug.unwrap_or(self.front.at.front)
    }

    /// The URL slug: front matter `slug`, else the file stem.
    pub(crate) fn slug(&self) -> &str {
        self.front.slug.as_deref().unwrap_or(&self.info.stem)
    }
}

const PAGE_KEYS: &[&str] = &[
    "title",
    "date",
    "updated",
    "summary",
    "topics",
    "authors",
    "translators",
    "image",
    "image_alt",
    "draft",
    "publish_at",
    "slug",
    "translation_key",
    "template",
    "sources",
    "corrections",
    "translation",
    "extra",
    "check",
];
const INDEX_KEYS: &[&str] = &["title", "summary", "template", "extra"];
const SOURCE_KEYS: &[&str] = &["title", "url"];
const TRANSLATION_KEYS: &[&str] = &["from", "source_hash"];
const CHECK_KEYS: &[&str] = &["allow", "reason"];

/// The parts of a file around its `+++` front matter.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Split<'a> {
    pub front: &'a str,
    pub front_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

/// Splits `+++` front matter from the body; the error names the byte offset to report.
pub(crate) fn split_front_matter(text: &str) -> Result<Split<'_>, (usize, &'static str)> {
    let leading = text.len() - text.trim_start_matches(['\n', ' ', '\t']).len();
    let rest = &text[leading..];
    if !rest.starts_with("+++") || !rest[3..].starts_with(['\n', '\r', ' ', '\t']) && rest.len() > 3 {
        return Err((leading, "missing front matter: a file must start with a `+++` line"));
    }
    let after_open = leading + rest.find('\n').map_or(rest.len(), |i| i + 1);
    let mut pos = after_open;
    while pos < text.len() {
        let line_end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..line_end].trim_end() == "+++" {
            let body_offset = (line_end + 1).min(text.len());
            return Ok(Split {
                front: &text[after_open..pos],
                front_offset: after_open,
                body: &text[body_offset..],
                body_offset,
            });
        }
        pos = line_end + 1;
    }
    Err((leading, "unclosed front matter: no closing `+++` line"))
}

/// Parses one content file; every problem in it is reported.
pub(crate) fn parse(file: &SourceFile, config: &Config) -> Result<SourceDoc, Vec<Diagnostic>> {
    let mut diags = Vec::new();
    // A name problem concerns the file as a whole, so it is reported at its start.
    let info = FileInfo::parse(&file.content_path, config)
        .map_err(|message| vec![Diagnostic::error(&file.path, 1, 1, message)])?;
    let lang = info.lang.clone().unwrap_or_else(|| config.default_language.clone());
    let kind = info.kind;
    let split = split_front_matter(&file.text)
        .map_err(|(at, message)| vec![Diagnostic::error_at(&file.path, &file.text, at, message)])?;
    let source = TomlSource { path: &file.path, file_text: &file.text, offset: split.front_offset };
    let Some(table) = source.parse(split.front, &mut diags) else {
        return Err(diags);
    };
    // Missing-key errors point at the opening `+++` line.
    let top = source.table(&table, "", 0..0);
    let mut front = match kind {
        DocKind::Index => read_index(&top, &mut diags),
        DocKind::Page => read_page(&top, config, &source, &mut diags),
    };
    front.at = field_offsets(&top, file.text.find("+++").unwrap_or(0));
    if kind == DocKind::Page && !info.section.is_empty() && front.date.is_none() && !top.contains("date") {
        diags.push(source.error(0..0, "missing required key `date` (pages inside a section folder need a date)"));
    }
    if let Some(slug) = &front.slug
        && let Some(problem) = key_problem(slug)
    {
        diags.push(source.error(top.span_of("slug"), format!("slug `{slug}` {problem}")));
    }
    let topic_offsets = top.item_offsets("topics");
    for (topic, &at) in front.topics.iter().zip(&topic_offsets) {
        if let Some(problem) = key_problem(topic) {
            diags.push(Diagnostic::error_at(&file.path, &file.text, at, format!("topic `{topic}` {problem}")));
        }
    }
    diags.extend(control_characters_in_fields(&top, &front, file));
    diags.extend(crate::read::urls::extra_problems(&top, &file.path, &file.text));
    if !diags.is_empty() {
        return Err(diags);
    }
    let (text, mut warnings) = without_control_characters(file, split.body_offset);
    warnings.extend(crate::read::authors::near_misses(&top, &config.authors, &file.path, &file.text));
    Ok(SourceDoc {
        path: file.path.clone(),
        info,
        lang,
        front,
        body_offset: split.body_offset,
        text,
        text_hash: file.hash,
        warnings,
        lines: std::sync::OnceLock::new(),
        source_digest: std::sync::OnceLock::new(),
    })
}

/// Front matter strings readers see may not hold control characters (a `\u0000` escape, say).
fn control_characters_in_fields(top: &Table, front: &FrontMatter, file: &SourceFile) -> Vec<Diagnostic> {
    let mut fields: Vec<(&str, &str)> = vec![("title", &front.title)];
    fields.extend(front.summary.as_deref().map(|s| ("summary", s)));
    fields.extend(front.authors.iter().map(|a| ("authors", a.as_str())));
    fields.extend(front.translators.iter().map(|t| ("translators", t.as_str())));
    fields.extend(front.sources.iter().flat_map(|s| [("sources", s.title.as_str()), ("sources", s.url.as_str())]));
    fields.extend(front.corrections.iter().map(|c| ("corrections", c.text.as_str())));
    let mut found: Vec<Diagnostic> = fields
        .into_iter()
        .filter_map(|(key, value)| {
            let c = value.chars().find(|&c| is_stray_control(c))?;
            let at = top.offset_of(key).unwrap_or(front.at.front);
            let message = format!("`{key}` contains the control character U+{:04X}; remove it", u32::from(c));
            Some(Diagnostic::error_at(&file.path, &file.text, at, message))
        })
        .collect();
    found.dedup();
    found
}

fn field_offsets(top: &Table, front: usize) -> FieldOffsets {
    let mut diags = Vec::new();
    let translation = top.table("translation", &mut diags);
    FieldOffsets {
        front,
        title: top.offset_of("title"),
        summary: top.offset_of("summary"),
        slug: top.offset_of("slug"),
        template: top.offset_of("template"),
        translation_key: top.offset_of("translation_key"),
        translation: top.offset_of("translation"),
        from: translation.as_ref().and_then(|t| t.offset_of("from")),
        source_hash: translation.as_ref().and_then(|t| t.offset_of("source_hash")),
        sources: top.item_offsets("sources").first().copied(),
        topics: top.item_offsets("topics"),
        image: top.offset_of("image"),
        publish_at: top.offset_of("publish_at"),
    }
}

fn read_title(top: &Table, diags: &mut Vec<Diagnostic>) -> String {
    match top.string("title", diags) {
        Some(t) if t.trim().is_empty() => {
            diags.push(top.error_at("title", "title must not be empty"));
            String::new()
        }
        Some(t) => t,
        None => {
            if !top.contains("title") {
                top.missing("title", diags);
            }
            String::new()
        }
    }
}

fn read_index(top: &Table, diags: &mut Vec<Diagnostic>) -> FrontMatter {
    top.reject_unknown(INDEX_KEYS, diags);
    FrontMatter {
        title: read_title(top, diags),
        // A blank summary is no summary: the first paragraph stands in (the `empty` rule warns).
        summary: top.string("summary", diags).filter(|s| !s.trim().is_empty()),
        template: top.string("template", diags),
        extra: top.json("extra"),
        ..FrontMatter::default()
    }
}

fn read_page(top: &Table, config: &Config, source: &TomlSource, diags: &mut Vec<Diagnostic>) -> FrontMatter {
    top.reject_unknown(PAGE_KEYS, diags);
    let sources = read_sources(top, diags);
    let translation = top.table("translation", diags).and_then(|t| {
        t.reject_unknown(TRANSLATION_KEYS, diags);
        let source_hash = t.string("source_hash", diags);
        let Some(from) = t.string("from", diags) else {
            if !t.contains("from") {
                t.missing("from", diags);
            }
            return None;
        };
        match config.lang(&from) {
            Some(lang) => Some(TranslationMeta { from: lang.clone(), source_hash }),
            None => {
                diags.push(source.error(
                    t.span_of("from"),
                    format!(
                        "translation.from `{from}` is not a configured language (configured: {})",
                        config.language_list()
                    ),
                ));
                None
            }
        }
    });
    let (check_allow, check_reason) = match top.table("check", diags) {
        Some(check) => {
            check.reject_unknown(CHECK_KEYS, diags);
            let mut allow = Vec::new();
            for name in check.strings("allow", diags) {
                match Rule::from_name(&name) {
                    Some(rule) => allow.push(rule),
                    None => {
                        let names = Rule::ALL.map(Rule::name);
                        let hint = did_you_mean(&name, names).map_or_else(
                            || format!(" (rules: {})", names.join(", ")),
                            |k| format!(" (did you mean `{k}`?)"),
                        );
                        diags.push(check.error_at("allow", &format!("`{name}` is not a QA rule{hint}")));
                    }
                }
            }
            (allow, check.string("reason", diags).unwrap_or_default())
        }
        None => (Vec::new(), String::new()),
    };
    FrontMatter {
        title: read_title(top, diags),
        date: top.date("date", diags).and_then(|d| page_date(d, top, "date", diags)),
        updated: top.date("updated", diags).and_then(|d| page_date(d, top, "updated", diags)),
        // A blank summary is no summary: the first paragraph stands in (the `empty` rule warns).
        summary: top.string("summary", diags).filter(|s| !s.trim().is_empty()),
        topics: top.strings("topics", diags),
        authors: top.strings("authors", diags),
        translators: top.strings("translators", diags),
        image: top.string("image", diags),
        image_alt: read_image_alt(top, diags),
        draft: top.boolean("draft", diags).unwrap_or(false),
        slug: top.string("slug", diags),
        translation_key: top.string("translation_key", diags),
        template: top.string("template", diags),
        sources,
        corrections: read_corrections(top, diags),
        publish_at: read_publish_at(top, diags),
        translation,
        extra: top.json("extra"),
        check_allow,
        check_reason,
        at: FieldOffsets::default(),
    }
}

/// Reads `[[sources]]`: a title each, and a URL a reader may follow.
fn read_sources(top: &Table, diags: &mut Vec<Diagnostic>) -> Vec<SourceRef> {
    top.tables("sources", diags)
        .iter()
        .filter_map(|s| {
            s.reject_unknown(SOURCE_KEYS, diags);
            let title = s.string("title", diags);
            if title.is_none() && !s.contains("title") {
                s.missing("title", diags);
            }
            let url = s.string("url", diags).unwrap_or_default();
            if let Some(problem) = url_problem(&url) {
                diags.push(s.error_at("url", &format!("source url {problem}")));
            }
            Some(SourceRef { title: title?, url })
        })
        .collect()
}

/// `image_alt` is required with `image`: a picture without words shuts out readers who cannot see it.
fn read_image_alt(top: &Table, diags: &mut Vec<Diagnostic>) -> String {
    let alt = top.string("image_alt", diags).unwrap_or_default();
    if top.contains("image") && alt.trim().is_empty() && !top.contains("image_alt") {
        diags.push(
            top.error_at("image", "`image` needs `image_alt`: describe the picture for readers who cannot see it"),
        );
    } else if top.contains("image") && alt.trim().is_empty() {
        diags.push(top.error_at("image_alt", "`image_alt` must not be empty: describe the picture"));
    }
    alt
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_finds_front_matter_and_body_offsets() {
        let text = "+++\ntitle = \"क\"\n+++\nBody\n";
        let s = split_front_matter(text).unwrap();
        assert_eq!(s.front, "title = \"क\"\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(&text[s.body_offset..], "Body\n");
    }

    #[test]
    fn unclosed_and_missing_front_matter_are_errors() {
        assert_eq!(
            split_front_matter("+++\ntitle = 1\n").unwrap_err().1,
            "unclosed front matter: no closing `+++` line"
        );
        assert!(split_front_matter("# Just markdown").unwrap_err().1.starts_with("missing front matter"));
    }
}
