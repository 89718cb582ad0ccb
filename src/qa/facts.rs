//! Reads what QA compares out of one document: its numbers, paragraphs,
//! headings, list items, links and script, each with its position. Pure.

use std::collections::BTreeMap;

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
    /// Where each block that holds text starts (paragraph, heading, list item), in order:
    /// the n-th block of a translation is where to look for the n-th block of its source.
    pub blocks: Vec<usize>,
    pub headings: usize,
    pub list_items: usize,
    /// Link destinations with their offsets in the file.
    pub links: Vec<(String, usize)>,
    /// Letters per script (as named by [`script_of`]) in title, summary and body.
    pub letters: BTreeMap<&'static str, usize>,
}

/// The script a letter belongs to, for the scripts Patrika's languages are written in.
pub(crate) fn script_of(c: char) -> Option<&'static str> {
    Some(match c as u32 {
        0x41..=0x5A | 0x61..=0x7A | 0xC0..=0x24F | 0x1E00..=0x1EFF => "Latin",
        0x0400..=0x04FF => "Cyrillic",
        0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF => "Arabic",
        0x0900..=0x097F | 0xA8E0..=0xA8FF => "Devanagari",
        0x0980..=0x09FF => "Bengali",
        0x0A00..=0x0A7F => "Gurmukhi",
        0x0A80..=0x0AFF => "Gujarati",
        0x0B00..=0x0B7F => "Odia",
        0x0B80..=0x0BFF => "Tamil",
        0x0C00..=0x0C7F => "Telugu",
        0x0C80..=0x0CFF => "Kannada",
        0x0D00..=0x0D7F => "Malayalam",
        _ => return None,
    })
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
    let mut items_open = 0;
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES | Options::ENABLE_STRIKETHROUGH;
    for (event, range) in Parser::new_ext(doc.body(), options).into_offset_iter() {
        match event {
            Event::Start(Tag::Paragraph) => {
                if items_open == 0 {
                    f.blocks.push(base + range.start);
                }
                paragraph = Some(Paragraph { text: String::new(), offset: base + range.start })
            }
            Event::End(TagEnd::Paragraph) => {
                if let Some(p) = paragraph.take() {
                    f.paragraphs.push(p);
                }
            }
            Event::Start(Tag::Heading { .. }) => {
                f.headings += 1;
                f.blocks.push(base + range.start);
            }
            Event::Start(Tag::Item) => {
                f.list_items += 1;
                items_open += 1;
                f.blocks.push(base + range.start);
            }
            Event::End(TagEnd::Item) => items_open -= 1,
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

/// Whether a character of the Indic blocks (U+0900–U+0D7F) is a letter, as `char::is_alphabetic`
/// says: asked once per character of the blocks, as the standard library's answer for them
/// is a slow table search, and a 10,000-pair site has a hundred million of them.
fn indic_letter(c: char) -> Option<bool> {
    const START: u32 = 0x0900;
    const END: u32 = 0x0D80;
    static LETTERS: std::sync::OnceLock<Vec<bool>> = std::sync::OnceLock::new();
    let offset = (c as u32).checked_sub(START).filter(|&o| o < END - START)?;
    let letters =
        LETTERS.get_or_init(|| (START..END).map(|u| char::from_u32(u).is_some_and(char::is_alphabetic)).collect());
    Some(letters[offset as usize])
}

fn count_script(text: &str, f: &mut TextFacts) {
    // Counted here per script (a text has one or two), then added to the map once each.
    let mut counts: Vec<(&'static str, usize)> = Vec::new();
    for c in text.chars() {
        let Some(script) = script_of(c) else { continue };
        if !indic_letter(c).unwrap_or_else(|| c.is_alphabetic()) {
            continue;
        }
        match counts.iter_mut().find(|(s, _)| *s == script) {
            Some((_, n)) => *n += 1,
            None => counts.push((script, 1)),
        }
    }
    for (script, n) in counts {
        *f.letters.entry(script).or_default() += n;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn indic_letters_are_what_the_standard_library_says() {
        for u in 0x0880..0x0E00 {
            let Some(c) = char::from_u32(u) else { continue };
            match indic_letter(c) {
                Some(letter) => assert_eq!(letter, c.is_alphabetic(), "U+{u:04X}"),
                None => assert!(!(0x0900..0x0D80).contains(&u), "U+{u:04X} is in the blocks"),
            }
        }
    }

    #[test]
    fn letters_are_counted_per_script() {
        let mut f = TextFacts::default();
        count_script("भारत-रूस 2025 में। India's १२ ਪੰਜਾਬ", &mut f);
        // Vowel signs are letters, digits, dandas and the virama are not.
        let expected = [("Devanagari", "भारतरूसमें".chars().count()), ("Latin", 6), ("Gurmukhi", 5)];
        assert_eq!(f.letters, expected.into_iter().collect::<BTreeMap<_, _>>());
    }
}
