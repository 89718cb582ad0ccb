//! Says what cleaning an author's raw HTML takes out, and where it was written: reads the
//! HTML with the tokenizer of the parser ammonia cleans with, against the same allow-list
//! ([`crate::render::raw_html`]), so names and values are what a browser would see. Pure.

use std::cell::{Cell, RefCell};

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

/// How many elements raw HTML may hold open at once. Browsers flatten anything deeper
/// (Chromium at 512), and the parser the cleaning uses takes time that grows with the
/// square of the depth: 100,000 nested `<div>`s would take minutes.
pub(crate) const MAX_NESTING: usize = 512;

/// Elements whose end tag may be left out: the next sibling closes them, so unclosed they
/// do not nest (a table of `<tr><td>` rows, a list of `<li>`s).
const OPTIONAL_END: &[&str] = &[
    "p", "li", "dt", "dd", "tr", "td", "th", "option", "optgroup", "rb", "rt", "rtc", "rp", "thead", "tbody", "tfoot",
    "colgroup", "caption", "html", "head", "body",
];

/// How long one tag may be, from `<` to `>`. The tokenizer compares each attribute with
/// every one before it, so a tag of thousands of attributes (or a `<b` never closed, which
/// makes the text after it attributes) would take minutes; no element needs 16 KiB.
pub(crate) const MAX_TAG_BYTES: usize = 16 * 1024;

/// Why raw HTML is too costly to parse, if it is: where and what.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum TooCostly {
    /// More than [`MAX_NESTING`] elements open at once, first at this offset.
    Nesting(usize),
    /// A tag longer than [`MAX_TAG_BYTES`], starting at this offset.
    LongTag(usize),
}

/// Whether raw HTML is too costly to parse ([`TooCostly`]); a scan of the bytes for long
/// tags, then one pass of the tokenizer for the nesting.
pub(crate) fn too_costly(html: &str) -> Option<TooCostly> {
    let bytes = html.as_bytes();
    let mut from = 0;
    while let Some(i) = memchr::memchr(b'<', &bytes[from..]).map(|i| from + i) {
        let opens_tag = bytes.get(i + 1).is_some_and(|b| b.is_ascii_alphabetic() || *b == b'/');
        let end = memchr::memchr(b'>', &bytes[i..]).map_or(bytes.len(), |k| i + k);
        if opens_tag && end - i > MAX_TAG_BYTES {
            return Some(TooCostly::LongTag(i));
        }
        from = if opens_tag { end } else { i + 1 };
    }
    too_deep(html).map(TooCostly::Nesting)
}

/// Where raw HTML first holds more than [`MAX_NESTING`] elements open, if it does; read with
/// the same tokenizer as [`removals`], in one pass.
fn too_deep(html: &str) -> Option<usize> {
    let sink = DepthReader { depth: Cell::new(0), found: Cell::new(None), finder: RefCell::new(Finder::new(html)) };
    let tokenizer = Tokenizer::new(sink, TokenizerOpts::default());
    let input = BufferQueue::default();
    input.push_back(StrTendril::from(html));
    let _ = tokenizer.feed(&input);
    tokenizer.end();
    tokenizer.sink.found.get()
}

/// Counts the elements open, as the tokens of raw HTML come.
struct DepthReader {
    depth: Cell<usize>,
    found: Cell<Option<usize>>,
    finder: RefCell<Finder>,
}

impl TokenSink for DepthReader {
    type Handle = ();

    fn process_token(&self, token: Token, _line: u64) -> TokenSinkResult<()> {
        let Token::TagToken(tag) = token else { return TokenSinkResult::Continue };
        let name = &*tag.name;
        let nests = !VOID.contains(&name) && !OPTIONAL_END.contains(&name);
        if tag.kind == TagKind::EndTag {
            if nests {
                self.depth.set(self.depth.get().saturating_sub(1));
            }
            return TokenSinkResult::Continue;
        }
        // Every start tag is looked for, in order, so that the finder keeps its place.
        let at = self.finder.borrow_mut().tag(name);
        if nests && !tag.self_closing {
            self.depth.set(self.depth.get() + 1);
            if self.depth.get() > MAX_NESTING && self.found.get().is_none() {
                self.found.set(Some(at));
            }
        }
        text_mode(name)
    }
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
        let mut attributes = state.finder.attributes(at);
        let mut found = Vec::new();
        for attribute in &tag.attrs {
            let attribute_name = &*attribute.name.local;
            if let Some(message) = attribute_removal(name, attribute_name, &attribute.value) {
                found.push(Removal { offset: attributes.find(attribute_name), message });
            }
        }
        state.found.extend(found);
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

    /// Finds the attributes of the element written at `tag_at`, in the order written.
    fn attributes(&self, tag_at: usize) -> Attributes<'_> {
        let rest = self.lower.get(tag_at..).unwrap_or("");
        // The element's own text: up to the next `<` (a quoted `<` cuts it short, which only
        // costs the attribute's column).
        let end = memchr::memchr(b'<', rest.as_bytes().get(1..).unwrap_or(&[])).map_or(rest.len(), |i| i + 1);
        Attributes { element: &rest[..end], tag_at, from: Some(0) }
    }
}

/// Where the attributes of one element are written: each is looked for after the one
/// before it, so an element with thousands of attributes is read once, not once for each.
struct Attributes<'f> {
    element: &'f str,
    tag_at: usize,
    /// Where to look for the next attribute; `None` once one could not be found.
    from: Option<usize>,
}

impl Attributes<'_> {
    /// Where `attribute` is written, else the element itself.
    fn find(&mut self, attribute: &str) -> usize {
        let Some(mut from) = self.from else { return self.tag_at };
        let element = self.element;
        while let Some(i) = element[from..].find(attribute).map(|i| from + i) {
            from = i + attribute.len();
            let before = element[..i].chars().next_back();
            let after = element[from..].chars().next();
            let starts = before.is_some_and(|c| c.is_ascii_whitespace() || matches!(c, '"' | '\'' | '/'));
            if starts && after.is_none_or(|c| c.is_ascii_whitespace() || matches!(c, '=' | '/' | '>')) {
                self.from = Some(from);
                return self.tag_at + i;
            }
        }
        // Not as written (a name the tokenizer changed): the rest go at the element too.
        self.from = None;
        self.tag_at
    }
}
