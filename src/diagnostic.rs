//! Problems an author must fix, located as `path:line:col` in their own file.
//! Owns position arithmetic (character columns, never bytes); prints nothing.

use std::fmt;
use std::path::{Path, PathBuf};

use serde::Serialize;

/// How serious a finding is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Error,
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// A translation QA rule (README, "QA rules"); its name is stable (`[check] allow`, JSON output).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Rule {
    Stale,
    Untracked,
    Numbers,
    Glossary,
    Structure,
    Links,
    Sources,
    Untranslated,
    Media,
    Alt,
    Empty,
    Corrections,
    Embargo,
}

impl Rule {
    /// Every rule, in the order `check` documents them.
    pub(crate) const ALL: [Rule; 13] = [
        Rule::Stale,
        Rule::Untracked,
        Rule::Numbers,
        Rule::Glossary,
        Rule::Structure,
        Rule::Links,
        Rule::Sources,
        Rule::Untranslated,
        Rule::Media,
        Rule::Alt,
        Rule::Empty,
        Rule::Corrections,
        Rule::Embargo,
    ];

    /// The stable name, as written in `[check] allow`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Rule::Stale => "stale",
            Rule::Untracked => "untracked",
            Rule::Numbers => "numbers",
            Rule::Glossary => "glossary",
            Rule::Structure => "structure",
            Rule::Links => "links",
            Rule::Sources => "sources",
            Rule::Untranslated => "untranslated",
            Rule::Media => "media",
            Rule::Alt => "alt",
            Rule::Empty => "empty",
            Rule::Corrections => "corrections",
            Rule::Embargo => "embargo",
        }
    }

    /// The rule of a name, if it is one.
    pub(crate) fn from_name(name: &str) -> Option<Rule> {
        Rule::ALL.into_iter().find(|r| r.name() == name)
    }
}

impl fmt::Display for Rule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// A 1-based line and character column in a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Position {
    pub line: usize,
    pub col: usize,
}

impl Position {
    /// The very start of a file: the right place only for problems of the file as a whole.
    pub(crate) const FILE: Position = Position { line: 1, col: 1 };

    /// The position of a byte offset of `text`.
    pub(crate) fn of(text: &str, byte_offset: usize) -> Position {
        let (line, col) = line_col(text, byte_offset);
        Position { line, col }
    }
}

/// One finding in the user's site, at a 1-based line and character column.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub struct Diagnostic {
    pub path: PathBuf,
    pub line: usize,
    pub col: usize,
    pub severity: Severity,
    /// The QA rule of a translation finding; `None` for everything else.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule: Option<Rule>,
    pub message: String,
}

impl Diagnostic {
    /// Creates an error at a known line and column.
    pub(crate) fn error(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic { path: path.into(), line, col, severity: Severity::Error, rule: None, message: message.into() }
    }

    /// Creates a warning at a known line and column.
    pub(crate) fn warning(path: impl Into<PathBuf>, line: usize, col: usize, message: impl Into<String>) -> Self {
        Diagnostic { severity: Severity::Warning, ..Diagnostic::error(path, line, col, message) }
    }

    /// Creates an error at a position found while parsing.
    pub(crate) fn error_pos(path: impl Into<PathBuf>, at: Position, message: impl Into<String>) -> Self {
        Diagnostic::error(path, at.line, at.col, message)
    }

    /// Creates an error at a byte offset of a text that was read from `path`.
    pub(crate) fn error_at(path: &Path, text: &str, byte_offset: usize, message: impl Into<String>) -> Self {
        let (line, col) = line_col(text, byte_offset);
        Diagnostic::error(path, line, col, message)
    }

    /// Marks this finding as one of a QA rule.
    pub(crate) fn with_rule(self, rule: Rule) -> Self {
        Diagnostic { rule: Some(rule), ..self }
    }

    /// Whether this finding fails a build.
    pub(crate) fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Paths print with forward slashes so output is the same on every OS.
        let path = self.path.to_string_lossy().replace('\\', "/");
        write!(f, "{}:{}:{}: {}: {}", path, self.line, self.col, self.severity, self.message)?;
        if let Some(rule) = self.rule {
            write!(f, " [{rule}]")?;
        }
        Ok(())
    }
}

/// Converts a byte offset into a 1-based line and a 1-based column counted in characters.
pub(crate) fn line_col(text: &str, byte_offset: usize) -> (usize, usize) {
    let mut offset = byte_offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let col = before[line_start..].chars().count() + 1;
    (line, col)
}

/// Line starts and character counts of one text, found once, so that many offsets become
/// line:col in a lookup each: a file with tens of thousands of findings (a control
/// character on every line, a number on every line) would otherwise take minutes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LineIndex {
    /// Byte offset of each line's first byte.
    starts: Vec<usize>,
    /// (byte offset, characters before it) every [`CHECKPOINT`] bytes or so, at char boundaries.
    checkpoints: Vec<(usize, usize)>,
}

/// How far apart the character-count checkpoints are, in bytes.
const CHECKPOINT: usize = 1024;

impl LineIndex {
    pub(crate) fn new(text: &str) -> LineIndex {
        let starts = std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect();
        let mut checkpoints = vec![(0, 0)];
        let (mut at, mut chars) = (0, 0);
        while at + CHECKPOINT < text.len() {
            let mut next = at + CHECKPOINT;
            while !text.is_char_boundary(next) {
                next += 1;
            }
            chars += text[at..next].chars().count();
            checkpoints.push((next, chars));
            at = next;
        }
        LineIndex { starts, checkpoints }
    }

    /// How many characters of `text` come before `offset` (a char boundary).
    fn chars_before(&self, text: &str, offset: usize) -> usize {
        let (at, chars) = self.checkpoints[self.checkpoints.partition_point(|&(at, _)| at <= offset) - 1];
        chars + text[at..offset].chars().count()
    }

    /// [`line_col`] of `text`, the text this index was made of.
    pub(crate) fn line_col(&self, text: &str, byte_offset: usize) -> (usize, usize) {
        let mut offset = byte_offset.min(text.len());
        while !text.is_char_boundary(offset) {
            offset -= 1;
        }
        let line = self.starts.partition_point(|&start| start <= offset);
        let start = self.starts[line - 1];
        (line, self.chars_before(text, offset) - self.chars_before(text, start) + 1)
    }
}

/// Sorts diagnostics by file and position and drops exact repeats.
pub(crate) fn sorted(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    diagnostics.sort();
    diagnostics.dedup();
    diagnostics
}

/// Suggests the closest known name to a misspelt one, if any is close enough.
pub(crate) fn did_you_mean<'a>(unknown: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (strsim::damerau_levenshtein(unknown, k), k))
        .filter(|(distance, k)| *distance <= 2.max(k.chars().count() / 3))
        .min()
        .map(|(_, k)| k)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_characters_not_bytes() {
        let text = "title = \"x\"\nशीर्षक = 1 @";
        let at = text.find('@').unwrap();
        assert_eq!(line_col(text, at), (2, 12));
    }

    #[test]
    fn offset_inside_a_character_snaps_back() {
        let text = "क";
        assert_eq!(line_col(text, 1), (1, 1));
        assert_eq!(line_col(text, 99), (1, 2));
    }

    proptest::proptest! {
        #[test]
        fn line_col_counts_lines_and_characters(text in "[a\\nक्षत्र ी\u{200d}]{0,40}", offset in 0usize..200) {
            let (line, col) = line_col(&text, offset);
            let mut at = offset.min(text.len());
            while !text.is_char_boundary(at) {
                at -= 1;
            }
            let before = &text[..at];
            proptest::prop_assert_eq!(line, before.matches('\n').count() + 1);
            proptest::prop_assert_eq!(col, before.rsplit('\n').next().unwrap_or("").chars().count() + 1);
        }

        #[test]
        fn the_line_index_agrees_with_line_col(
            parts in proptest::collection::vec("[a\nक्षत्र ी\u{200d}]{0,40}", 0..120),
            offsets in proptest::collection::vec(0usize..6000, 1..20),
        ) {
            // Long enough texts to cross many checkpoints, with lines long and short.
            let text = parts.concat();
            let index = LineIndex::new(&text);
            for offset in offsets {
                proptest::prop_assert_eq!(index.line_col(&text, offset), line_col(&text, offset), "{}", offset);
            }
        }
    }

    #[test]
    fn suggestion_for_a_typo() {
        assert_eq!(did_you_mean("titel", ["title", "date"]), Some("title"));
        assert_eq!(did_you_mean("zzzzzz", ["title", "date"]), None);
    }

    #[test]
    fn rule_names_are_distinct_and_read_back() {
        let mut names: Vec<&str> = Rule::ALL.iter().map(|r| r.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Rule::ALL.len());
        for rule in Rule::ALL {
            assert_eq!(Rule::from_name(rule.name()), Some(rule));
            assert_eq!(serde_json::to_string(&rule).unwrap(), format!("\"{}\"", rule.name()));
        }
        assert_eq!(Rule::from_name("Stale"), None);
    }

    #[test]
    fn display_reads_path_line_col() {
        let d = Diagnostic::error("content/a.hi.md", 3, 7, "bad");
        assert_eq!(d.to_string(), "content/a.hi.md:3:7: error: bad");
    }
}
