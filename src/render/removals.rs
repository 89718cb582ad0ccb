//! Says what cleaning an author's raw HTML takes out, and where it was written: reads the
//! HTML with the tokenizer of the parser ammonia cleans with, against the same allow-list
//! ([`crate::render::raw_html`]), so names and values are what a browser would see. Pure.

use std::cell::RefCell;

use html5ever::tendril::StrTendril;
use html5ever::tokenizer::states::RawKind;
use html5ever::tokenizer::{BufferQueue, TagKind, Token, TokenSink, TokenSinkResult, Tokenizer, TokenizerOpts};

use crate::read::urls::url_problem;
use crate::render::allowlist::{
    DROPPED_WITH_CONTENT, GENERIC_ATTRIBUTES, STYLE_PROPERTIES, TAGS, VOID, is_url_attribute, tag_attributes,
};

/// One thing the cleaning takes out, at a byte offset of the written HTML.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Removal {
    pub offset: usize,
    pub message: String,
}

/// What cleaning `html` (an author's raw HTML, as written) takes out, in the order written.
/// Read with the tokenizer of the parser ammonia cleans with, so names and attribute values
/// are what a browser would see (`jav&#x09;ascript:` decoded), each at its place.
pub(crate) fn removals(html: &str) -> Vec<Removal> {
    let sink = Reader { state: RefCell::new(Reading { finder: Finder::new(html), found: Vec::new(), skipping: None }) };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    // Nothing here asks the tokenizer to stop for a script, so one feed reads it all.
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.state.into_inner().found
}

/// An element whose content is being passed over: removed with it, so nothing in it is said.
struct Skipping {
    tag: String,
    /// How many of `tag` are open (the same element nested in itself).
    depth: usize,
    /// Inside SVG or MathML, where the parser reads no raw text and some HTML tags end the element.
    foreign: bool,
}

struct Reading {
    finder: Finder,
    found: Vec<Removal>,
    skipping: Option<Skipping>,
}

/// Takes the tokens of raw HTML one by one, as the parser's tree builder would.
struct Reader {
    state: RefCell<Reading>,
}

/// Start tags that end SVG or MathML content: the parser puts them back in HTML.
const ENDS_FOREIGN: &[&str] = &[
    "b",
    "big",
    "blockquote",
    "body",
    "br",
    "center",
    "code",
    "dd",
    "div",
    "dl",
    "dt",
    "em",
    "embed",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "hr",
    "i",
    "img",
    "li",
    "listing",
    "menu",
    "meta",
    "nobr",
    "ol",
    "p",
    "pre",
    "ruby",
    "s",
    "small",
    "span",
    "strong",
    "strike",
    "sub",
    "sup",
    "table",
    "tt",
    "u",
    "ul",
    "var",
];

/// How the tokenizer reads what follows a start tag in HTML: as raw text for some elements.
fn text_mode(tag: &str) -> TokenSinkResult<()> {
    match tag {
        "script" => TokenSinkResult::RawData(RawKind::ScriptData),
        "style" | "xmp" | "iframe" | "noembed" | "noframes" | "noscript" => TokenSinkResult::RawData(RawKind::Rawtext),
        "textarea" | "title" => TokenSinkResult::RawData(RawKind::Rcdata),
        "plaintext" => TokenSinkResult::Plaintext,
        _ => TokenSinkResult::Continue,
    }
}

impl TokenSink for Reader {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else { return TokenSinkResult::Continue };
        let mut state = self.state.borrow_mut();
        // The parser reads `<image>` as `<img>`.
        let name = if &*tag.name == "image" { "img" } else { &*tag.name };
        if tag.kind == TagKind::EndTag {
            if let Some(skipping) = state.skipping.as_mut().filter(|s| s.tag == name) {
                skipping.depth -= 1;
                if skipping.depth == 0 {
                    state.skipping = None;
                }
            }
            return TokenSinkResult::Continue;
        }
        let at = state.finder.tag(&tag.name);
        if let Some(skipping) = &mut state.skipping {
            if !(skipping.foreign && ENDS_FOREIGN.contains(&name)) {
                skipping.depth += usize::from(skipping.tag == name && !tag.self_closing);
                return if skipping.foreign { TokenSinkResult::Continue } else { text_mode(name) };
            }
            state.skipping = None;
        }
        let foreign = matches!(name, "svg" | "math");
        if let Some((_, why)) = DROPPED_WITH_CONTENT.iter().find(|(t, _)| *t == name) {
            let message = format!("raw HTML: `<{name}>` removed with its content: {why}");
            state.found.push(Removal { offset: at, message });
            if !(foreign && tag.self_closing) {
                state.skipping = Some(Skipping { tag: name.to_string(), depth: 1, foreign });
            }
            return if foreign { TokenSinkResult::Continue } else { text_mode(name) };
        }
        if !TAGS.contains(&name) {
            let kept = if VOID.contains(&name) { "" } else { "; its text stays" };
            let message = format!("raw HTML: `<{name}>` removed (only formatting elements are published{kept})");
            state.found.push(Removal { offset: at, message });
            return text_mode(name);
        }
        for attribute in &tag.attrs {
            let attribute_name = &*attribute.name.local;
            if let Some(message) = attribute_removal(name, attribute_name, &attribute.value) {
                let offset = state.finder.attribute(at, attribute_name);
                state.found.push(Removal { offset, message });
            }
        }
        TokenSinkResult::Continue
    }

    fn adjusted_current_node_present_but_not_in_html_namespace(&self) -> bool {
        // `<![CDATA[…]]>` is text inside SVG and MathML, a comment elsewhere.
        self.state.borrow().skipping.as_ref().is_some_and(|s| s.foreign)
    }
}

/// What cleaning takes out of an attribute of an allowed element, if anything.
pub(crate) fn attribute_removal(tag: &str, attribute: &str, value: &str) -> Option<String> {
    let why = if attribute.starts_with("on") {
        "event attributes run script".to_string()
    } else if !GENERIC_ATTRIBUTES.contains(&attribute) && !tag_attributes(tag).contains(&attribute) {
        "not an attribute Patrika publishes".to_string()
    } else if is_url_attribute(attribute) {
        url_problem(value)?
    } else if attribute == "style" {
        let other = value
            .split(';')
            .filter_map(|declaration| declaration.split_once(':').map(|(property, _)| property.trim()))
            .find(|property| !STYLE_PROPERTIES.iter().any(|kept| property.eq_ignore_ascii_case(kept)))?;
        return Some(format!("raw HTML: `{other}` removed from the `style` of `<{tag}>` (only `text-align` is kept)"));
    } else {
        return None;
    };
    Some(format!("raw HTML: `{attribute}` removed from `<{tag}>`: {why}"))
}

/// Finds where the elements and attributes of raw HTML were written, taking the elements
/// in the order written: each is looked for after the one before it.
struct Finder {
    /// The HTML with ASCII letters lowercased (same byte offsets), as tag names are matched.
    lower: String,
    /// Where to look for the next element, and where the last one found is.
    next: usize,
    last: usize,
}

impl Finder {
    fn new(html: &str) -> Finder {
        Finder { lower: html.to_ascii_lowercase(), next: 0, last: 0 }
    }

    /// Where the next `<tag` is written; where the last one was when it cannot be found.
    fn tag(&mut self, tag: &str) -> usize {
        let opener = format!("<{tag}");
        let mut from = self.next;
        while let Some(i) = self.lower.get(from..).and_then(|rest| rest.find(&opener)).map(|i| from + i) {
            from = i + opener.len();
            let after = self.lower[from..].chars().next();
            if after.is_none_or(|c| c.is_ascii_whitespace() || c == '/' || c == '>') {
                (self.next, self.last) = (from, i);
                return i;
            }
        }
        self.last
    }

    /// Where an attribute of the element written at `tag_at` is, else the element itself.
    fn attribute(&self, tag_at: usize, attribute: &str) -> usize {
        let Some(rest) = self.lower.get(tag_at..) else { return tag_at };
        // The element's own text: up to the next `<` (a quoted `<` cuts it short, which only
        // costs the attribute's column).
        let end = rest.char_indices().skip(1).find(|&(_, c)| c == '<').map_or(rest.len(), |(i, _)| i);
        let element = &rest[..end];
        let mut from = 0;
        while let Some(i) = element[from..].find(attribute).map(|i| from + i) {
            from = i + attribute.len();
            let before = element[..i].chars().next_back();
            let after = element[from..].chars().next();
            let starts = before.is_some_and(|c| c.is_ascii_whitespace() || matches!(c, '"' | '\'' | '/'));
            if starts && after.is_none_or(|c| c.is_ascii_whitespace() || matches!(c, '=' | '/' | '>')) {
                return tag_at + i;
            }
        }
        tag_at
    }
}
