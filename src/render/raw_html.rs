//! Cleans the raw HTML an author writes in Markdown by an allow-list (ammonia): formatting
//! stays; scripts, styles, frames, forms, event attributes and links that run script go.
//! Says what it removed and where, and leaves alone the HTML Patrika made itself (pictures,
//! links, shortcodes), which it is handed as markers. Pure.

use std::sync::LazyLock;

use std::ops::Range;

use pulldown_cmark::Event;

use crate::read::urls::{SCHEMES, url_problem};
use crate::render::allowlist::{
    DROPPED_WITH_CONTENT, GENERIC_ATTRIBUTES, STYLE_PROPERTIES, TAG_ATTRIBUTES, TAGS, is_url_attribute,
};
use crate::render::body::BodyProblem;
use crate::render::removals::{MAX_NESTING, MAX_TAG_BYTES, TooCostly, removals, too_costly};

/// The allow-list as ammonia applies it; its links pass the same check as every author URL.
static CLEANER: LazyLock<ammonia::Builder<'static>> = LazyLock::new(|| {
    let mut builder = ammonia::Builder::default();
    builder
        .tags(TAGS.iter().copied().collect())
        .clean_content_tags(DROPPED_WITH_CONTENT.iter().map(|(t, _)| *t).collect())
        .generic_attributes(GENERIC_ATTRIBUTES.iter().copied().collect())
        .tag_attributes(TAG_ATTRIBUTES.iter().map(|(t, a)| (*t, a.iter().copied().collect())).collect())
        .url_schemes(SCHEMES.iter().copied().collect())
        .url_relative(ammonia::UrlRelative::PassThrough)
        .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect())
        .link_rel(None)
        .strip_comments(true)
        .attribute_filter(|_, attribute, value| {
            if is_url_attribute(attribute) && url_problem(value).is_some() { None } else { Some(value.into()) }
        });
    builder
});

/// Stands for a piece of HTML Patrika made, inside HTML being cleaned: `\u{E004}n\u{E005}`.
/// Private-use characters; put back only where text may stand, never inside a tag.
const PROTECT_START: char = '\u{E004}';
const PROTECT_END: char = '\u{E005}';

/// The marker for the `n`th protected piece.
pub(crate) fn protect_marker(n: usize) -> String {
    format!("{PROTECT_START}{n}{PROTECT_END}")
}

/// Cleans a piece of written HTML, putting Patrika's own pieces back where their markers are.
pub(crate) fn clean(html: &str, protected: &[String]) -> String {
    let cleaned = CLEANER.clean(html).to_string();
    restore(&cleaned, protected)
}

/// A block's raw HTML as one text, with where each piece starts in it and in the body.
struct Written {
    html: String,
    /// (start in `html`, body offset) of each piece.
    pieces: Vec<(usize, usize)>,
}

impl Written {
    /// The pieces of raw HTML (`raw`: event index and body offset of each) of a block.
    fn of(events: &[Event], raw: &[(usize, usize)]) -> Written {
        let mut written = Written { html: String::new(), pieces: Vec::with_capacity(raw.len()) };
        for &(i, offset) in raw {
            if let Some(Event::Html(html) | Event::InlineHtml(html)) = events.get(i) {
                written.pieces.push((written.html.len(), offset));
                written.html.push_str(html);
            }
        }
        written
    }

    /// The body offset of an offset in `html`.
    fn body_offset(&self, at: usize) -> usize {
        let piece = self.pieces.partition_point(|&(start, _)| start <= at).saturating_sub(1);
        let (start, offset) = self.pieces.get(piece).copied().unwrap_or_default();
        offset + (at - start)
    }
}

/// Warnings for what cleaning takes out of a block's raw HTML (`raw`: event index and body
/// offset of each piece), each at its place in the body.
pub(crate) fn report(events: &[Event], raw: &[(usize, usize)]) -> Vec<BodyProblem> {
    let written = Written::of(events, raw);
    removals(&written.html)
        .into_iter()
        .map(|removal| BodyProblem::warning(written.body_offset(removal.offset), removal.message))
        .collect()
}

/// A block whose raw HTML would cost the parser minutes ([`too_costly`]): more elements
/// open at once than a page can show, or a tag of thousands of attributes. Its raw HTML
/// becomes text, never parsed, with a warning at the element. Whether the block was one.
pub(crate) fn too_costly_to_clean(
    events: &mut [Event],
    raw: &[(usize, usize)],
    problems: &mut Vec<BodyProblem>,
) -> bool {
    let written = Written::of(events, raw);
    let Some(costly) = too_costly(&written.html) else { return false };
    let (at, why) = match costly {
        TooCostly::Nesting(at) => {
            (at, format!("more than {MAX_NESTING} elements open at once, which no browser shows as written"))
        }
        TooCostly::LongTag(at) => (at, format!("a tag longer than {} KiB (is a `>` missing?)", MAX_TAG_BYTES / 1024)),
    };
    let message = format!("raw HTML: {why}: this block's HTML is published as text");
    problems.push(BodyProblem::warning(written.body_offset(at), message));
    for &(i, _) in raw {
        if let Some(Event::Html(html) | Event::InlineHtml(html)) = events.get(i) {
            events[i] = Event::Text(html.clone());
        }
    }
    true
}

/// Sets aside the HTML Patrika made in a block (every HTML event but the author's `raw`
/// ones), leaving a marker in its place that [`clean`] puts it back at.
pub(crate) fn protect(events: &mut [Event], block: Range<usize>, raw: &[(usize, usize)], protected: &mut Vec<String>) {
    for i in block {
        // `raw` is in event order: a search, not a scan (a block may hold 100,000 pieces).
        if raw.binary_search_by_key(&i, |&(r, _)| r).is_ok() {
            continue;
        }
        if let Some(Event::Html(html) | Event::InlineHtml(html)) = events.get(i) {
            let marker = protect_marker(protected.len());
            protected.push(html.to_string());
            events[i] = Event::Text(marker.into());
        }
    }
}

/// Cleans the written blocks of `html` at `dirty`, moving the block starts after each.
pub(crate) fn clean_blocks(html: &mut String, dirty: &[Range<usize>], starts: &mut [usize], protected: &[String]) {
    for block in dirty.iter().rev() {
        let cleaned = clean(&html[block.clone()], protected);
        for start in starts.iter_mut().filter(|s| **s >= block.end && block.end > block.start) {
            *start = *start - block.end + block.start + cleaned.len();
        }
        html.replace_range(block.clone(), &cleaned);
    }
}

/// Puts protected pieces back at their markers in text; a marker inside a tag (an author's
/// attribute copying one) is dropped, and each piece is put back once.
fn restore(cleaned: &str, protected: &[String]) -> String {
    if !cleaned.contains(PROTECT_START) {
        return cleaned.to_string();
    }
    let mut out = String::with_capacity(cleaned.len() + protected.iter().map(String::len).sum::<usize>());
    let mut used = vec![false; protected.len()];
    // ammonia writes every attribute value in double quotes, and `<` in text as `&lt;`.
    let (mut in_tag, mut in_quotes) = (false, false);
    let mut rest = cleaned;
    while let Some(c) = rest.chars().next() {
        rest = &rest[c.len_utf8()..];
        match c {
            PROTECT_START => {
                let end = rest.find(PROTECT_END).unwrap_or(rest.len());
                let number = rest[..end].parse::<usize>().ok();
                rest = rest.get(end + PROTECT_END.len_utf8()..).unwrap_or("");
                if let Some(n) = number.filter(|&n| !in_tag && n < protected.len() && !used[n]) {
                    used[n] = true;
                    out.push_str(&protected[n]);
                }
            }
            PROTECT_END => {}
            '"' if in_tag => {
                in_quotes = !in_quotes;
                out.push(c);
            }
            '<' if !in_tag => {
                in_tag = true;
                out.push(c);
            }
            '>' if in_tag && !in_quotes => {
                in_tag = false;
                out.push(c);
            }
            c => out.push(c),
        }
    }
    out
}

/// Whether a piece of raw HTML is nothing but one comment (`<!-- more -->`), which the
/// browser shows nobody: such a piece needs no cleaning.
pub(crate) fn is_inert_comment(html: &str) -> bool {
    let html = html.trim();
    let Some(inner) = html.strip_prefix("<!--").and_then(|h| h.strip_suffix("-->")) else { return false };
    !inner.contains("--") && !inner.starts_with('>') && !inner.starts_with("->") && !inner.contains('<')
}

#[cfg(test)]
#[path = "raw_html_tests.rs"]
mod tests;
