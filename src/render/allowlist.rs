//! The allow-list for an author's raw HTML: the elements, attributes and style properties
//! that stay, and the elements removed with their content. Read by the cleaner
//! ([`crate::render::raw_html`]) and by what reports its removals
//! ([`crate::render::removals`]), so the two cannot disagree. Data only.

/// Elements an author may use: text formatting, lists, tables, quotes and pictures.
pub(crate) const TAGS: &[&str] = &[
    "a",
    "abbr",
    "b",
    "bdi",
    "bdo",
    "blockquote",
    "br",
    "caption",
    "cite",
    "code",
    "col",
    "colgroup",
    "dd",
    "del",
    "details",
    "dfn",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "rp",
    "rt",
    "ruby",
    "s",
    "samp",
    "small",
    "span",
    "strong",
    "sub",
    "summary",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "time",
    "tr",
    "u",
    "ul",
    "var",
    "wbr",
];

/// Elements removed with everything in them, and why.
pub(crate) const DROPPED_WITH_CONTENT: &[(&str, &str)] = &[
    ("script", "scripts are not published"),
    ("noscript", "scripts are not published"),
    ("template", "scripts are not published"),
    ("style", "styles are not published: the theme styles the page"),
    ("iframe", "frames and embedded objects are not published; the `embed` shortcode links a video or post"),
    ("frame", "frames and embedded objects are not published"),
    ("frameset", "frames and embedded objects are not published"),
    ("noframes", "frames and embedded objects are not published"),
    ("object", "frames and embedded objects are not published"),
    ("embed", "frames and embedded objects are not published; the `embed` shortcode links a video or post"),
    ("noembed", "frames and embedded objects are not published"),
    ("applet", "frames and embedded objects are not published"),
    ("svg", "inline SVG is not published: put the picture in the briefing's folder"),
    ("math", "inline MathML is not published"),
    ("textarea", "form controls are not published"),
    ("select", "form controls are not published"),
    ("title", "only the page's own title is published"),
    ("xmp", "not an element Patrika publishes"),
];

/// Attributes any allowed element may carry.
pub(crate) const GENERIC_ATTRIBUTES: &[&str] = &["class", "dir", "id", "lang", "title"];

/// Attributes particular elements may carry, besides the generic ones.
pub(crate) const TAG_ATTRIBUTES: &[(&str, &[&str])] = &[
    ("a", &["href", "hreflang"]),
    ("img", &["src", "alt", "width", "height", "loading", "decoding"]),
    ("td", &["colspan", "rowspan", "headers", "style"]),
    ("th", &["colspan", "rowspan", "headers", "scope", "style"]),
    ("ol", &["start", "reversed", "type"]),
    ("li", &["value"]),
    ("time", &["datetime"]),
    ("del", &["datetime"]),
    ("ins", &["datetime"]),
    ("details", &["open"]),
    ("col", &["span"]),
    ("colgroup", &["span"]),
];

/// The one CSS property kept (on table cells, where Markdown puts a column's alignment).
pub(crate) const STYLE_PROPERTIES: &[&str] = &["text-align"];

/// Elements that never hold anything, so "its text stays" would not fit them.
pub(crate) const VOID: &[&str] =
    &["area", "base", "basefont", "bgsound", "input", "keygen", "link", "meta", "param", "source", "track"];

/// Whether an allowed attribute holds a URL that a reader's browser would follow or load.
pub(crate) fn is_url_attribute(attribute: &str) -> bool {
    matches!(attribute, "href" | "src")
}

pub(crate) fn tag_attributes(tag: &str) -> &'static [&'static str] {
    TAG_ATTRIBUTES.iter().find(|(t, _)| *t == tag).map_or(&[], |(_, a)| a)
}
