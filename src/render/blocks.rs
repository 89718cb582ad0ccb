//! Finds the top-level blocks of a body in its written HTML: marks put before each block
//! (and around those whose raw HTML is to be cleaned) are noted as the writer hands them
//! over and left out, so the HTML is written once. Pure.

use std::ops::Range;

use pulldown_cmark::{Event, Tag};

/// Stands where a top-level block begins in the HTML; [`BlockStarts`] notes it and leaves it out.
/// NUL cannot come out of an author's text (the Markdown parser makes it U+FFFD, entities
/// included, and Patrika's own HTML drops it), so no text can pass for a mark; the newline
/// keeps the HTML writer's line breaks as they were.
const BLOCK_MARK: &str = "\u{0}\u{E001}\n";

/// Stand around a top-level block whose raw HTML is to be cleaned; left out like [`BLOCK_MARK`].
const CLEAN_START: &str = "\u{0}\u{E004}\n";
const CLEAN_END: &str = "\u{0}\u{E005}\n";

/// Puts a mark before every top-level block, and marks around the `dirty` ones; returns the
/// events and, per block, whether it is a heading.
pub(super) fn mark_blocks<'a>(events: Vec<Event<'a>>, dirty: &[Range<usize>]) -> (Vec<Event<'a>>, Vec<bool>) {
    let mut out = Vec::with_capacity(events.len() + events.len() / 4);
    let mut headings = Vec::new();
    let mut depth = 0usize;
    let (mut starts, mut ends) = (dirty.iter().map(|r| r.start).peekable(), dirty.iter().map(|r| r.end).peekable());
    for (i, event) in events.into_iter().enumerate() {
        if ends.next_if_eq(&i).is_some() {
            out.push(Event::Html(CLEAN_END.into()));
        }
        if starts.next_if_eq(&i).is_some() {
            out.push(Event::Html(CLEAN_START.into()));
        }
        match &event {
            Event::Start(tag) => {
                if depth == 0 {
                    headings.push(matches!(tag, Tag::Heading { .. }));
                    out.push(Event::Html(BLOCK_MARK.into()));
                }
                depth += 1;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Rule | Event::Html(_) | Event::InlineHtml(_) | Event::Text(_) if depth == 0 => {
                headings.push(false);
                out.push(Event::Html(BLOCK_MARK.into()));
            }
            _ => {}
        }
        out.push(event);
    }
    if ends.next().is_some() {
        out.push(Event::Html(CLEAN_END.into()));
    }
    (out, headings)
}

/// The HTML being written, where each top-level block starts in it, and where the blocks to
/// clean are: the writer hands every mark over as one piece, which is noted and left out, so
/// the HTML is written once.
pub(super) struct BlockStarts {
    pub html: String,
    pub starts: Vec<usize>,
    pub clean_from: usize,
    pub dirty: Vec<Range<usize>>,
}

impl std::fmt::Write for BlockStarts {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        match s {
            BLOCK_MARK => self.starts.push(self.html.len()),
            CLEAN_START => self.clean_from = self.html.len(),
            CLEAN_END => self.dirty.push(self.clean_from..self.html.len()),
            _ => self.html.push_str(s),
        }
        Ok(())
    }
}
