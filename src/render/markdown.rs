//! Renders a Markdown body to HTML with pulldown-cmark: heading anchors that keep
//! Devanagari readable, internal links resolved by a caller-supplied function,
//! a table of contents, the summary and the plain text for word counts. Pure.

use std::borrow::Cow;
use std::ops::Range;

use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

use crate::plan::bundles::Variant;
use crate::plan::links::{LinkTarget, is_content_link, is_file_link};
use crate::read::settings::RawHtml;
use crate::read::urls::url_problem;
use crate::render::anchors::{UsedIds, anchor_id, heading_number, unique_id};
use crate::render::blocks::{BlockStarts, mark_blocks};
pub(crate) use crate::render::body::{BodyProblem, RenderedBody, TocEntry, escape};
use crate::render::pictures::picture_html;
use crate::render::raw_html;
use crate::render::removals::attribute_removal;

/// The marker that ends a hand-picked summary.
pub(crate) const MORE_MARKER: &str = "<!-- more -->";

pub(crate) fn options() -> Options {
    Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES
        | Options::ENABLE_SMART_PUNCTUATION
}

/// What rendering a body produced.
#[derive(Debug, Clone)]
pub(crate) struct Markdown {
    pub body: RenderedBody,
    pub problems: Vec<BodyProblem>,
    /// Every content-file link in the body and what it resolved to, in order.
    pub links: Vec<ResolvedLink>,
}

/// One content-file link and where it went.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct ResolvedLink {
    pub dest: String,
    pub target: LinkTarget,
}

/// The state of one pass over a body's Markdown events.
struct Walk<'a, 'r> {
    resolve: &'r dyn Fn(&str) -> LinkTarget,
    events: Vec<Event<'a>>,
    problems: Vec<BodyProblem>,
    links: Vec<ResolvedLink>,
    used_ids: UsedIds,
    toc: Vec<TocEntry>,
    /// Links we replaced with raw HTML need their end replaced too.
    link_is_raw: Vec<bool>,
    heading_start: Option<usize>,
    /// A bundle image being read: where its events start, and its variants.
    picture: Option<(usize, Vec<Variant>, Variant)>,
    /// Rendered shortcodes, put where their markers are.
    inserts: &'r [String],
    /// The open paragraph: where it starts, and whether it holds nothing but shortcodes so far.
    paragraph: Option<(usize, bool)>,
    plain: String,
    raw_html: RawHtml,
    /// How deep the parser is in blocks, and where the open top-level block's events start.
    depth: usize,
    block_start: usize,
    /// The author's raw HTML in the open top-level block: event index and body offset.
    raw: Vec<(usize, usize)>,
    /// Top-level blocks (event ranges) whose raw HTML is cleaned once written.
    dirty: Vec<Range<usize>>,
    /// The HTML Patrika made inside those blocks, kept out of the cleaning.
    protected: Vec<String>,
}

impl<'a> Walk<'a, '_> {
    fn link_start(&mut self, link: Tag<'a>, offset: usize) {
        let Tag::Link { link_type, mut dest_url, title, id } = link else { return };
        if let Some(problem) = url_problem(&dest_url) {
            self.problems.push(BodyProblem::error(offset, format!("link {problem}")));
            // Not written even where the build goes on (`check`, the preview's last error).
            dest_url = CowStr::Borrowed("");
        }
        let target = if is_content_link(&dest_url) || is_file_link(&dest_url) {
            let target = (self.resolve)(&dest_url);
            self.links.push(ResolvedLink { dest: dest_url.to_string(), target: target.clone() });
            target
        } else {
            LinkTarget::External
        };
        let (raw, event) = match target {
            LinkTarget::External => (false, Event::Start(Tag::Link { link_type, dest_url, title, id })),
            LinkTarget::Page { url, hreflang: None } => {
                (false, Event::Start(Tag::Link { link_type, dest_url: url.into(), title, id }))
            }
            LinkTarget::Page { url, hreflang: Some(lang) } => {
                let title_attr =
                    if title.is_empty() { String::new() } else { format!(" title=\"{}\"", escape(&title)) };
                let html = format!("<a href=\"{}\" hreflang=\"{}\"{}>", escape(&url), escape(&lang), title_attr);
                (true, Event::InlineHtml(html.into()))
            }
            LinkTarget::File { url } => (false, Event::Start(Tag::Link { link_type, dest_url: url.into(), title, id })),
            // A link to an image opens its largest variant in its own format.
            LinkTarget::Image { fallback, .. } => {
                (false, Event::Start(Tag::Link { link_type, dest_url: fallback.path.into(), title, id }))
            }
            LinkTarget::Broken(message) => {
                self.problems.push(BodyProblem::error(offset, message));
                (false, Event::Start(Tag::Link { link_type, dest_url, title, id }))
            }
        };
        self.link_is_raw.push(raw);
        self.events.push(event);
    }

    /// Splits text at shortcode markers, putting each call's HTML in its place.
    fn text_with_markers(&mut self, text: CowStr<'a>) {
        let mut rest: &str = &text;
        while let Some(start) = rest.find(MARKER_START) {
            let (before, marked) = rest.split_at(start);
            // A marker character the author typed has no end of its own: it is text.
            let end = marked.find(MARKER_END).map_or(marked.len(), |e| e + MARKER_END.len_utf8());
            let inside = MARKER_START.len_utf8()..end.saturating_sub(MARKER_END.len_utf8());
            let number = marked.get(inside).unwrap_or_default().parse::<usize>();
            if !before.trim().is_empty() {
                self.plain_text(before);
            }
            match number.ok().and_then(|n| self.inserts.get(n)) {
                Some(html) => self.events.push(Event::InlineHtml(html.clone().into())),
                None => self.plain_text(&marked[..end]),
            }
            rest = &marked[end..];
        }
        if !rest.trim().is_empty() {
            self.plain_text(rest);
        }
    }

    fn plain_text(&mut self, text: &str) {
        if let Some((_, only)) = &mut self.paragraph {
            *only = false;
        }
        self.plain.push_str(text);
        self.events.push(Event::Text(text.to_string().into()));
    }

    /// A paragraph that holds nothing but shortcodes becomes their HTML, as a block of its own.
    fn paragraph_end(&mut self) {
        match self.paragraph.take() {
            Some((start, true)) if self.events.len() > start + 1 => {
                let mut html = String::new();
                for e in self.events.drain(start..) {
                    if let Event::InlineHtml(h) = e {
                        html.push_str(&h);
                    }
                }
                html.push('\n');
                self.events.push(Event::Html(html.into()));
            }
            _ => self.events.push(Event::End(TagEnd::Paragraph)),
        }
        self.plain.push('\n');
    }

    fn image_start(&mut self, image: Tag<'a>, offset: usize) {
        let Tag::Image { link_type, mut dest_url, title, id } = image else { return };
        if let Some(problem) = url_problem(&dest_url) {
            self.problems.push(BodyProblem::error(offset, format!("image {problem}")));
            dest_url = CowStr::Borrowed("");
        }
        if !is_file_link(&dest_url) {
            self.events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            return;
        }
        let target = (self.resolve)(&dest_url);
        self.links.push(ResolvedLink { dest: dest_url.to_string(), target: target.clone() });
        let dest_url = match target {
            LinkTarget::Image { webp, fallback } => {
                self.picture = Some((self.events.len(), webp, fallback));
                dest_url
            }
            LinkTarget::File { url } => url.into(),
            LinkTarget::Broken(message) => {
                self.problems.push(BodyProblem::error(offset, message));
                dest_url
            }
            LinkTarget::External | LinkTarget::Page { .. } => dest_url,
        };
        self.events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
    }

    /// Replaces a bundle image's events with its `<picture>`.
    fn image_end(&mut self) {
        let Some((start, webp, fallback)) = self.picture.take() else {
            self.events.push(Event::End(TagEnd::Image));
            return;
        };
        let alt = inline_text(&self.events[start + 1..]);
        let title = match &self.events[start] {
            Event::Start(Tag::Image { title, .. }) if !title.is_empty() => format!(" title=\"{}\"", escape(title)),
            _ => String::new(),
        };
        self.events.truncate(start);
        self.raw.retain(|&(i, _)| i < start);
        let html = picture_html(&webp, &fallback, &alt, &title);
        self.events.push(Event::InlineHtml(html.into()));
    }

    /// `## Title {key=value}` writes attributes as raw HTML does: they pass the same allow-list.
    fn heading_attributes(
        &mut self,
        level: HeadingLevel,
        attrs: Vec<(CowStr<'a>, Option<CowStr<'a>>)>,
        offset: usize,
    ) -> Vec<(CowStr<'a>, Option<CowStr<'a>>)> {
        if self.raw_html == RawHtml::Trusted {
            return attrs;
        }
        let tag = format!("h{}", heading_number(level));
        let mut kept = Vec::with_capacity(attrs.len());
        for (name, value) in attrs {
            match attribute_removal(&tag, &name.to_ascii_lowercase(), value.as_deref().unwrap_or("")) {
                Some(message) => self.problems.push(BodyProblem::warning(offset, message)),
                None => kept.push((name, value)),
            }
        }
        kept
    }

    fn heading_end(&mut self, level: HeadingLevel) {
        if let Some(start) = self.heading_start.take() {
            let title = inline_text(&self.events[start + 1..]);
            if let Event::Start(Tag::Heading { id, .. }) = &mut self.events[start] {
                let wanted = id.as_ref().map_or_else(|| anchor_id(&title), |explicit| explicit.to_string());
                let unique = unique_id(&wanted, &mut self.used_ids);
                *id = Some(CowStr::from(unique.clone()));
                self.toc.push(TocEntry { level: heading_number(level), id: unique, title });
            }
        }
        self.events.push(Event::End(TagEnd::Heading(level)));
        self.plain.push('\n');
    }

    /// Takes one event of the parser, noting where top-level blocks begin and end.
    fn event(&mut self, event: Event<'a>, offset: usize) {
        match event {
            Event::Start(_) => {
                if self.depth == 0 {
                    self.block_start = self.events.len();
                }
                self.depth += 1;
            }
            Event::End(_) => self.depth = self.depth.saturating_sub(1),
            _ => {}
        }
        let ends_block = matches!(event, Event::End(_)) && self.depth == 0;
        self.take(event, offset);
        if ends_block {
            self.block_end();
        }
    }

    /// An author's raw HTML, which is cleaned with the block around it; a lone comment needs nothing.
    fn raw_html(&mut self, event: Event<'a>, offset: usize) {
        if let Event::Html(html) | Event::InlineHtml(html) = &event
            && !raw_html::is_inert_comment(html)
        {
            self.raw.push((self.events.len(), offset));
            // Written HTML keeps its paragraph: only Patrika's own pieces are set apart as blocks.
            if let Some((_, only)) = &mut self.paragraph {
                *only = false;
            }
        }
        self.events.push(event);
    }

    /// A top-level block is complete: one with raw HTML has what cleaning will remove reported,
    /// and Patrika's own HTML in it set aside, to be put back after the cleaning.
    fn block_end(&mut self) {
        if self.raw.is_empty() {
            return;
        }
        let raw = std::mem::take(&mut self.raw);
        match self.raw_html {
            RawHtml::Trusted => {}
            RawHtml::Clean => {
                if raw_html::too_costly_to_clean(&mut self.events, &raw, &mut self.problems) {
                    return;
                }
                let block = self.block_start..self.events.len();
                self.problems.extend(raw_html::report(&self.events, &raw));
                raw_html::protect(&mut self.events, block.clone(), &raw, &mut self.protected);
                self.dirty.push(block);
            }
        }
    }

    fn take(&mut self, event: Event<'a>, offset: usize) {
        match event {
            Event::Html(_) | Event::InlineHtml(_) => self.raw_html(event, offset),
            Event::Start(link @ Tag::Link { .. }) => self.link_start(link, offset),
            Event::Start(image @ Tag::Image { .. }) => self.image_start(image, offset),
            Event::End(TagEnd::Image) => self.image_end(),
            Event::End(TagEnd::Link) => {
                let end = if self.link_is_raw.pop() == Some(true) {
                    Event::InlineHtml("</a>".into())
                } else {
                    Event::End(TagEnd::Link)
                };
                self.events.push(end);
            }
            Event::Start(Tag::Heading { level, id, classes, attrs }) => {
                self.heading_start = Some(self.events.len());
                let attrs = self.heading_attributes(level, attrs, offset);
                self.events.push(Event::Start(Tag::Heading { level, id, classes, attrs }));
            }
            Event::End(TagEnd::Heading(level)) => self.heading_end(level),
            Event::Start(Tag::Paragraph) => {
                self.paragraph = Some((self.events.len(), true));
                self.events.push(event);
            }
            Event::End(TagEnd::Paragraph) => self.paragraph_end(),
            Event::Text(t) if t.contains(MARKER_START) => self.text_with_markers(t),
            Event::Text(ref t) | Event::Code(ref t) => {
                if let Some((_, only)) = &mut self.paragraph
                    && !t.trim().is_empty()
                {
                    *only = false;
                }
                self.plain.push_str(t);
                self.events.push(event);
            }
            Event::End(TagEnd::Item | TagEnd::TableCell) | Event::SoftBreak | Event::HardBreak => {
                self.plain.push('\n');
                self.events.push(event);
            }
            other => self.events.push(other),
        }
    }
}

/// Renders a body; `resolve` turns content-file links into page URLs.
pub(crate) fn render(body: &str, resolve: &dyn Fn(&str) -> LinkTarget, raw_html: RawHtml) -> Markdown {
    render_with(body, resolve, &[], raw_html)
}

/// Where a rendered shortcode goes: `\u{E002}n\u{E003}` stands for `inserts[n]`.
const MARKER_START: char = '\u{E002}';
const MARKER_END: char = '\u{E003}';

/// Renders a body whose shortcodes were expanded into markers for `inserts`.
pub(crate) fn render_with(
    body: &str,
    resolve: &dyn Fn(&str) -> LinkTarget,
    inserts: &[String],
    raw_html: RawHtml,
) -> Markdown {
    // NUL marks where blocks are in the written HTML (see `blocks`): none may come from the text.
    // A space keeps every offset.
    let body: Cow<str> = if body.contains('\u{0}') { body.replace('\u{0}', " ").into() } else { body.into() };
    let body = body.as_ref();
    let mut walk = Walk {
        resolve,
        events: Vec::new(),
        problems: Vec::new(),
        links: Vec::new(),
        used_ids: UsedIds::default(),
        toc: Vec::new(),
        link_is_raw: Vec::new(),
        heading_start: None,
        picture: None,
        inserts,
        paragraph: None,
        plain: String::new(),
        raw_html,
        depth: 0,
        block_start: 0,
        raw: Vec::new(),
        dirty: Vec::new(),
        protected: Vec::new(),
    };
    for (event, range) in Parser::new_ext(body, options()).into_offset_iter() {
        walk.event(event, range.start);
    }
    let summary_html = summary_html(body, &walk, resolve, inserts);
    let (marked, headings) = mark_blocks(walk.events, &walk.dirty);
    let mut out = BlockStarts {
        // The HTML of a body is about as long as its Markdown (a tenth longer at most, mostly).
        html: String::with_capacity(body.len() + body.len() / 8),
        starts: Vec::new(),
        clean_from: 0,
        dirty: Vec::new(),
    };
    // Writing to a String cannot fail.
    let _ = pulldown_cmark::html::write_html_fmt(&mut out, marked.into_iter());
    let BlockStarts { mut html, mut starts, dirty, .. } = out;
    raw_html::clean_blocks(&mut html, &dirty, &mut starts, &walk.protected);
    // A build holds every body until its last page is written: one that outgrew the guess above
    // (and so doubled) is copied to its size, since shrinking in place gives no memory back.
    if html.capacity() - html.len() > html.len() / 8 {
        html = html.as_str().to_owned();
    }
    let blocks = starts.into_iter().zip(headings).collect();
    let word_count = crate::text::words::count(&walk.plain);
    let plain = walk.plain;
    let body =
        RenderedBody { html, summary_html, toc: walk.toc, word_count, plain, blocks, fingerprint: 0, picture: None };
    Markdown { body, problems: walk.problems, links: walk.links }
}

fn summary_html(body: &str, walk: &Walk, resolve: &dyn Fn(&str) -> LinkTarget, inserts: &[String]) -> String {
    if let Some(cut) = memchr::memmem::find(body.as_bytes(), MORE_MARKER.as_bytes()) {
        return render_with(&body[..cut], resolve, inserts, walk.raw_html).body.html;
    }
    let events = &walk.events;
    let start = events.iter().position(|e| matches!(e, Event::Start(Tag::Paragraph)));
    let Some(start) = start else {
        return String::new();
    };
    let end = events[start..]
        .iter()
        .position(|e| matches!(e, Event::End(TagEnd::Paragraph)))
        .map_or(events.len(), |i| start + i + 1);
    let mut html = String::new();
    pulldown_cmark::html::push_html(&mut html, events[start..end].iter().cloned());
    if walk.dirty.iter().any(|block| block.contains(&start)) {
        return raw_html::clean(&html, &walk.protected);
    }
    html
}

fn inline_text(events: &[Event]) -> String {
    let mut s = String::new();
    for e in events {
        if let Event::Text(t) | Event::Code(t) = e {
            s.push_str(t);
        }
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashSet;

    fn no_links(_: &str) -> LinkTarget {
        LinkTarget::External
    }

    #[test]
    fn devanagari_anchor_keeps_matras_and_virama() {
        assert_eq!(anchor_id("प्रधानमंत्री की यात्रा।"), "प्रधानमंत्री-की-यात्रा");
        assert_eq!(anchor_id("India & Russia: S-400"), "india-russia-s-400");
        assert_eq!(anchor_id("???"), "section");
    }

    #[test]
    fn many_equal_headings_get_distinct_ids() {
        let body = "## भारत\n\n".repeat(20_000);
        let r = render(&body, &no_links, RawHtml::Clean).body;
        let ids: HashSet<&str> = r.toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids.len(), 20_000);
        assert_eq!(r.toc[0].id, "भारत");
        assert_eq!(r.toc[19_999].id, "भारत-19999");
    }

    #[test]
    fn escaping_drops_what_xml_cannot_carry() {
        assert_eq!(escape("a\u{0}b\u{1b}c\td\u{ffff}<"), "abc\td&lt;");
    }

    #[test]
    fn headings_get_unique_ids_and_toc() {
        let r = render("## रक्षा सहयोग\n\n## रक्षा सहयोग\n", &no_links, RawHtml::Clean).body;
        assert!(r.html.contains("<h2 id=\"रक्षा-सहयोग\">"));
        assert!(r.html.contains("<h2 id=\"रक्षा-सहयोग-1\">"));
        assert_eq!(r.toc.len(), 2);
    }

    #[test]
    fn top_level_blocks_are_located_in_the_html() {
        let r = render("Intro.\n\n## Part\n\n- a\n- b\n\n> quote\n", &no_links, RawHtml::Clean).body;
        let pieces: Vec<(&str, bool)> = r
            .blocks
            .iter()
            .enumerate()
            .map(|(i, (start, heading))| {
                let end = r.blocks.get(i + 1).map_or(r.html.len(), |b| b.0);
                (r.html[*start..end].trim(), *heading)
            })
            .collect();
        assert_eq!(
            pieces,
            [
                ("<p>Intro.</p>", false),
                ("<h2 id=\"part\">Part</h2>", true),
                ("<ul>\n<li>a</li>\n<li>b</li>\n</ul>", false),
                ("<blockquote>\n<p>quote</p>\n</blockquote>", false)
            ]
        );
        assert!(!r.html.contains('\u{E000}'));
    }

    #[test]
    fn text_cannot_pass_for_the_marks_that_find_and_clean_blocks() {
        for body in [
            "- <img src=x onerror=alert(1)>\n\n  ```\n  \u{E000}\u{E004}\n  ```\n",
            "- <img src=x onerror=alert(1)>\n\n  ```\n  \u{0}\u{E004}\n  ```\n",
            "- <img src=x onerror=alert(1)>\n\n  ```\n  \u{0}\u{E001}\n  ```\n",
            "- a &#xE000;&#xE005;&#0;&#xE005; [x](y \"\u{0}\u{E005}\n\u{0}\u{E005}\n\") <img src=x onerror=alert(1)>\n",
        ] {
            let out = render(body, &no_links, RawHtml::Clean);
            assert!(!out.body.html.contains("onerror"), "{}", out.body.html);
            assert!(!out.body.html.contains('\u{0}'), "{}", out.body.html);
            assert_eq!(out.body.blocks.len(), 1, "{body}");
            assert_eq!(out.problems.len(), 1, "{:?}", out.problems);
        }
    }

    #[test]
    fn word_count_uses_unicode_words() {
        let r = render("भारत-रूस रक्षा सहयोग को मिली मज़बूती।", &no_links, RawHtml::Clean).body;
        assert_eq!(r.word_count, 7);
    }

    #[test]
    fn summary_is_text_before_more_else_first_paragraph() {
        let r = render("Lede one.\n\nSecond.\n", &no_links, RawHtml::Clean).body;
        assert_eq!(r.summary_html, "<p>Lede one.</p>\n");
        let r = render("A.\n\nB.\n\n<!-- more -->\n\nC.\n", &no_links, RawHtml::Clean).body;
        assert_eq!(r.summary_html, "<p>A.</p>\n<p>B.</p>\n");
    }

    #[test]
    fn content_links_are_resolved_or_reported() {
        let resolve = |dest: &str| match dest {
            "a.md" => LinkTarget::Page { url: "/hi/x/a/".into(), hreflang: None },
            "b.md" => LinkTarget::Page { url: "/hi/x/b/".into(), hreflang: Some("en".into()) },
            _ => LinkTarget::Broken(format!("no such file {dest}")),
        };
        let body = "[A](a.md) [B](b.md)\n\nline two [C](c.md)";
        let Markdown { body: r, problems, .. } = render(body, &resolve, RawHtml::Clean);
        assert!(r.html.contains("<a href=\"/hi/x/a/\">A</a>"));
        assert!(r.html.contains("<a href=\"/hi/x/b/\" hreflang=\"en\">B</a>"));
        assert_eq!(problems, vec![BodyProblem::error(body.find("[C]").unwrap(), "no such file c.md")]);
    }

    #[test]
    fn only_content_files_count_as_internal() {
        assert!(is_content_link("../a/x.hi.md#part"));
        assert!(is_content_link("@/briefings/x.md"));
        assert!(!is_content_link("https://example.org/readme.md"));
        assert!(!is_content_link("/hi/about/"));
    }
}
