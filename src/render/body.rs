//! What the Markdown stage hands on: a rendered body, the problems found in it, and the
//! one HTML escape every renderer uses. Types only, so that the renderer's helpers
//! (pictures, raw HTML) can name them without importing the renderer.

use serde::Serialize;

use crate::diagnostic::Severity;
use crate::plan::bundles::Variant;

/// One heading in the table of contents.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct TocEntry {
    pub level: u8,
    pub id: String,
    pub title: String,
}

/// A rendered Markdown body.
#[derive(Debug, Clone, Default)]
pub(crate) struct RenderedBody {
    pub html: String,
    /// HTML of the text before `<!-- more -->`, else of the first paragraph.
    pub summary_html: String,
    pub toc: Vec<TocEntry>,
    pub word_count: usize,
    /// The text a reader reads, without markup (what words are counted and searched in).
    pub plain: String,
    /// Where each top-level block starts in `html`, and whether it is a heading.
    pub blocks: Vec<(usize, bool)>,
    /// Hash of the source text and of where its links went; equal fingerprints, equal output.
    pub fingerprint: u64,
    /// The front matter `image`, resolved: WebP variants and the fallback.
    pub picture: Option<(Vec<Variant>, Variant)>,
}

/// A problem in the Markdown, at a byte offset of the body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct BodyProblem {
    pub offset: usize,
    pub message: String,
    pub severity: Severity,
}

impl BodyProblem {
    /// A mistake that stops the build.
    pub(crate) fn error(offset: usize, message: impl Into<String>) -> BodyProblem {
        BodyProblem { offset, message: message.into(), severity: Severity::Error }
    }

    /// Something changed on the way to the page that the author should know of.
    pub(crate) fn warning(offset: usize, message: impl Into<String>) -> BodyProblem {
        BodyProblem { offset, message: message.into(), severity: Severity::Warning }
    }
}

/// Escapes text for an HTML or XML attribute or element (`&#39;` is valid in both).
pub(crate) fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            // Characters XML 1.0 cannot carry at all: dropped, so feeds always parse.
            '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}' => {}
            c => out.push(c),
        }
    }
    out
}
