//! The `empty` rule: a `summary = ""` or a heading without text, left over from a
//! scaffold or an edit. Both publish as nothing (an empty standfirst, an empty
//! `<h2>` in the table of contents), so every file is checked, originals too. Pure.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, Rule};
use crate::read::document::SourceDoc;

/// Findings for one document.
pub(crate) fn empty(doc: &SourceDoc) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    let warn = |offset: usize, message: &str| {
        let (line, col) = doc.line_col(offset);
        Diagnostic::warning(&doc.path, line, col, message.to_string()).with_rule(Rule::Empty)
    };
    // Blank summaries are read as none; the position says one was written.
    if let (Some(at), None) = (doc.front.at.summary, &doc.front.summary) {
        found.push(warn(
            at,
            "empty summary: write one or two sentences, or remove the line so the first paragraph is used",
        ));
    }
    let mut heading: Option<(usize, bool)> = None;
    for (event, range) in Parser::new_ext(doc.body(), Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { .. }) => heading = Some((doc.body_offset + range.start, false)),
            Event::Text(t) | Event::Code(t) if !t.trim().is_empty() => {
                if let Some((_, has_text)) = &mut heading {
                    *has_text = true;
                }
            }
            Event::Start(Tag::Image { .. }) | Event::InlineHtml(_) => {
                if let Some((_, has_text)) = &mut heading {
                    *has_text = true;
                }
            }
            Event::End(TagEnd::Heading(_)) => {
                if let Some((at, false)) = heading.take() {
                    found.push(warn(
                        at,
                        "empty heading: it would publish as a heading without text; write it or remove it",
                    ));
                }
            }
            _ => {}
        }
    }
    found
}
