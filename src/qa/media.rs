//! The `media` and `alt` rules: a picture or shortcode in the original must be
//! in the translation too (and the other way round), and every image needs alt
//! text, in every language. Pure.

use std::collections::BTreeMap;

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::diagnostic::{Diagnostic, Rule};
use crate::read::document::SourceDoc;
use crate::read::shortcodes::{self, Call};

/// One picture or shortcode of a body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct MediaItem {
    /// What it is, the same in every language: `image qingdao.jpg`, `shortcode figure(qingdao.jpg)`.
    pub key: String,
    /// Byte offset in the file.
    pub offset: usize,
    /// An image (Markdown or a `src` shortcode) whose alt text is missing or blank.
    pub missing_alt: bool,
}

/// The images and shortcodes of a document's body, in order.
pub(crate) fn media_of(doc: &SourceDoc) -> Vec<MediaItem> {
    let base = doc.body_offset;
    let mut items = Vec::new();
    let mut image: Option<(String, usize, String)> = None;
    for (event, range) in Parser::new_ext(doc.body(), Options::all()).into_offset_iter() {
        match event {
            Event::Start(Tag::Image { dest_url, .. }) => {
                image = Some((dest_url.to_string(), range.start, String::new()))
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some((_, _, alt)) = &mut image {
                    alt.push_str(&t);
                }
            }
            Event::End(TagEnd::Image) => {
                if let Some((dest, at, alt)) = image.take() {
                    let key = format!("image {}", dest.split(['#', '?']).next().unwrap_or(&dest));
                    items.push(MediaItem { key, offset: base + at, missing_alt: alt.trim().is_empty() });
                }
            }
            _ => {}
        }
    }
    let (calls, _) = shortcodes::find(doc.body());
    // A call whose name no shortcode can have is an error already; QA leaves it to that.
    for call in calls.iter().flat_map(|c| std::iter::once(c).chain(&c.calls_in_body)) {
        if shortcodes::is_name(&call.name) {
            items.push(shortcode_item(call, base));
        }
    }
    items.sort_by_key(|i| i.offset);
    items
}

fn shortcode_item(call: &Call, base: usize) -> MediaItem {
    let text = |name: &str| call.text(name);
    // What identifies it across languages: the picture or address, never the words around it.
    let target = text("src").or_else(|| text("url"));
    let key = match target {
        Some(t) => format!("shortcode {}({t})", call.name),
        None => format!("shortcode {}", call.name),
    };
    let missing_alt = text("src").is_some() && text("alt").is_none_or(|alt| alt.trim().is_empty());
    MediaItem { key, offset: base + call.range.start, missing_alt }
}

/// `media`: each picture or shortcode missing on either side, counted as multisets.
pub(crate) fn media(source: &SourceDoc, translation: &SourceDoc) -> Vec<Diagnostic> {
    let group = |doc: &SourceDoc| {
        let mut m: BTreeMap<String, Vec<usize>> = BTreeMap::new();
        for item in media_of(doc) {
            m.entry(item.key).or_default().push(item.offset);
        }
        m
    };
    let (in_source, in_translation) = (group(source), group(translation));
    let mut out = Vec::new();
    for (key, offsets) in &in_source {
        let here = in_translation.get(key).map_or(0, Vec::len);
        if let Some(&missing) = offsets.get(here) {
            let (line, col) = source.line_col(missing);
            out.push(finding(
                translation,
                translation.body_offset,
                format!("the source has {key} ({}:{line}:{col}) but the translation does not", source.path.display()),
            ));
        }
    }
    for (key, offsets) in &in_translation {
        if let Some(&extra) = offsets.get(in_source.get(key).map_or(0, Vec::len)) {
            out.push(finding(translation, extra, format!("{key} is not in the source {}", source.path.display())));
        }
    }
    out
}

/// `alt`: every image without alt text, in any document.
pub(crate) fn alt(doc: &SourceDoc) -> Vec<Diagnostic> {
    media_of(doc)
        .into_iter()
        .filter(|i| i.missing_alt)
        .map(|i| {
            let what = i.key.split_once(' ').map_or(i.key.as_str(), |(_, w)| w);
            let mut d = finding(
                doc,
                i.offset,
                format!("{what} has no alt text: describe the picture for readers who cannot see it"),
            );
            d.rule = Some(Rule::Alt);
            d
        })
        .collect()
}

fn finding(doc: &SourceDoc, offset: usize, message: String) -> Diagnostic {
    let (line, col) = doc.line_col(offset);
    Diagnostic::warning(&doc.path, line, col, message).with_rule(Rule::Media)
}
