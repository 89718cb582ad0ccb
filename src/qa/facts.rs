//! Reads what QA compares out of one document: its numbers, paragraphs,
//! headings, list items, links and script, each with its position. Pure.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use super::numbers::{FoundNumber, numbers};
use crate::read::document::SourceDoc;

/// A paragraph's text and the byte offset (in the file) where it starts.
#[derive(Debug, Clone)]
pub(crate) struct Paragraph {
    pub text: String,
    pub offset: usize,
}

/// What QA needs to know about one document.
#[derive(Debug, Clone, Default)]
pub(crate) struct TextFacts {
    /// Numbers in title, summary and body; offsets are in the whole file.
    pub numbers: Vec<FoundNumber>,
    pub paragraphs: Vec<Paragraph>,
    pub headings: usize,
    pub list_items: usize,
    /// Link destinations with their offsets in the file.
    pub links: Vec<(String, usize)>,
    /// Letters in Devanagari and in Latin script.
    pub devanagari_letters: usize,
    pub latin_letters: usize,
}

/// Collects the facts of a document's title, summary and body.
pub(crate) fn facts(doc: &SourceDoc) -> TextFacts {
    let mut f = TextFacts::default();
    let fields = [(Some(&doc.front.title), doc.front.at.title), (doc.front.summary.as_ref(), doc.front.at.summary)];
    for (field, offset) in fields.into_iter().filter_map(|(f, at)| Some((f?, at))) {
        // Past the opening quote: offsets inside the string are then right unless it has escapes.
        let at = offset.map_or(doc.front.at.front, |o| o + 1);
        f.numbers.extend(numbers(field).into_iter().map(|mut n| {
            n.offset += at;
            n
        }));
        count_script(field, &mut f);
    }
    let base = doc.body_offset;
    let mut paragraph: Option<Paragraph> = None;
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(doc.body(), options).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) => {
                paragraph = Some(Paragraph { text: String::new(), offset: base + range.start })
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(p) = paragraph.take() {
                    f.paragraphs.push(p);
                }
            }
            Event::Start(Tag::Heading { .. }) => f.headings += 1,
            Event::Start(Tag::Item) => f.list_items += 1,
            Event::Start(Tag::Link { dest_url, .. }) => f.links.push((dest_url.to_string(), base + range.start)),
            Event::Text(text) | Event::Code(text) => {
                f.numbers.extend(numbers(&text).into_iter().map(|mut n| {
                    n.offset += base + range.start;
                    n
                }));
                count_script(&text, &mut f);
                if let Some(p) = paragraph.as_mut() {
                    p.text.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(p) = paragraph.as_mut() {
                    p.text.push(' ');
                }
            }
            _ => {}
        }
    }
    f
}

fn count_script(text: &str, f: &mut TextFacts) {
    for c in text.chars().filter(|c| c.is_alphabetic()) {
        if ('\u{0900}'..='\u{097F}').contains(&c) {
            f.devanagari_letters += 1;
        } else if c.is_ascii_alphabetic() || ('\u{00C0}'..='\u{024F}').contains(&c) {
            f.latin_letters += 1;
        }
    }
}
