//! The template contexts: one `Serialize` struct per page kind, as documented in
//! the README's template reference. Plain data; no rendering here.

use serde::Serialize;

use crate::read::config::{Direction, Language};
use crate::read::document::SourceRef;
use crate::read::newsroom::CorrectionView;
use crate::render::markdown::TocEntry;

/// One configured language as templates see it.
#[derive(Serialize, Clone)]
pub(crate) struct LanguageLink {
    pub code: String,
    pub name: String,
    pub title: String,
    pub description: String,
    pub direction: Direction,
    pub home_url: String,
}

/// `site`: the same for every page of one language.
#[derive(Serialize)]
pub(crate) struct SiteContext {
    pub base_url: String,
    pub base_path: String,
    pub default_language: String,
    pub languages: Vec<LanguageLink>,
    pub feed_url: String,
    /// The masthead's logo (`[site] logo`), if the site has one.
    pub logo: Option<LogoContext>,
    /// The favicons made from the logo, or the title's monogram.
    pub icons: IconsContext,
}

/// `site.logo`: the logo as the masthead shows it.
#[derive(Serialize, Clone)]
pub(crate) struct LogoContext {
    /// An SVG as it is, or the fallback of a raster logo (PNG or JPEG).
    pub src: String,
    /// WebP variants of a raster logo as a `srcset` value (empty for an SVG).
    pub srcset: String,
    pub width: u32,
    pub height: u32,
}

/// `site.icons`: the URLs of the favicons (`png` and `apple_touch` empty when there are none).
#[derive(Serialize, Clone)]
pub(crate) struct IconsContext {
    pub svg: String,
    pub png: String,
    pub apple_touch: String,
}

/// `site` as a page sees it: what every page of the language shares, and the menu.
#[derive(Serialize)]
pub(crate) struct SiteView<'a> {
    #[serde(flatten)]
    pub shared: &'a SiteContext,
    /// `[[site.menu]]`: the plain pages linked from every page of this language.
    pub menu: &'a [MenuLink],
}

/// One `[[site.menu]]` page in a language: its title there and its URL.
#[derive(Serialize, Clone, Hash)]
pub(crate) struct MenuLink {
    pub key: String,
    pub title: String,
    pub url: String,
}

/// One language in the switcher: the same page there, or that edition's home when the
/// page has no version in it (`available` false).
#[derive(Serialize, Clone)]
pub(crate) struct SwitcherEntry {
    pub lang: String,
    pub name: String,
    pub url: String,
    pub title: String,
    pub direction: Direction,
    pub is_current: bool,
    pub available: bool,
}

/// One language version of the page being rendered.
#[derive(Serialize, Clone, Hash)]
pub(crate) struct Alternate {
    pub lang: String,
    pub name: String,
    pub url: String,
    pub permalink: String,
    pub title: String,
    pub is_current: bool,
}

/// A section in the navigation.
#[derive(Serialize, Clone, Hash)]
pub(crate) struct NavItem {
    pub key: String,
    pub title: String,
    pub url: String,
}

/// Variables every template receives.
#[derive(Serialize)]
pub(crate) struct Common<'a> {
    pub lang: &'a str,
    pub language: &'a Language,
    pub site: SiteView<'a>,
    pub page_title: String,
    pub description: String,
    pub canonical: String,
    pub og_type: &'static str,
    pub alternates: Vec<Alternate>,
    /// Every configured language, for the switcher (empty on a one-language site).
    pub switcher: Vec<SwitcherEntry>,
    pub x_default: String,
    pub home_url: String,
    pub topics_url: String,
    /// The language's search page, for the search box (empty when search is off).
    pub search_url: String,
    pub nav: &'a [NavItem],
}

/// A topic as linked from a page.
#[derive(Serialize, Clone)]
pub(crate) struct TopicLink {
    pub key: String,
    pub name: String,
    pub url: String,
}

/// A briefing as shown in lists.
#[derive(Serialize, Clone)]
pub(crate) struct Summary {
    pub title: String,
    pub url: String,
    pub permalink: String,
    pub lang: String,
    /// The section's key (`briefings`); empty for a plain page, which is no briefing.
    pub section: String,
    pub date: String,
    pub date_display: String,
    pub summary: String,
    pub reading_time: String,
    pub topics: Vec<TopicLink>,
    pub authors: Vec<Person>,
    pub translators: Vec<Person>,
    pub not_translated: bool,
    /// The briefing's picture (front matter `image`), if it has one.
    pub image: Option<PageImage>,
}

/// A summary with its template value, made once and shared by every list that shows
/// it: a list of 10,000 briefings then costs a pointer per entry, not a copy.
pub(crate) struct Listed {
    pub summary: Summary,
    pub value: tera::Value,
    /// The summary as plain text of at most 200 characters: the page's meta description.
    pub description: String,
}

impl Listed {
    pub(crate) fn new(summary: Summary) -> Listed {
        let value = tera::Value::from_serializable(&summary);
        let description = shorten(&plain_text(&summary.summary), 200);
        Listed { summary, value, description }
    }
}

/// Another language version of a page.
#[derive(Serialize, Clone)]
pub(crate) struct PageRef {
    pub lang: String,
    pub name: String,
    pub url: String,
    pub title: String,
}

/// A person in a byline: a key of `authors.toml` (with a page) or a plain name (without).
#[derive(Debug, Clone, Serialize, Hash)]
pub(crate) struct Person {
    /// The `authors.toml` key; empty for a plain name.
    pub key: String,
    pub name: String,
    /// The person's page in this language; empty for a plain name.
    pub url: String,
}

/// `author` in author.html.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct AuthorContext {
    pub key: String,
    pub name: String,
    /// A short biography in this language (empty when there is none).
    pub bio: String,
    /// What the person does, in this language (empty when there is none).
    pub role: String,
    /// Their photo, if `authors.toml` gives one.
    pub photo: Option<PhotoContext>,
    pub url: String,
}

/// An author's photo: a fallback and WebP variants.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PhotoContext {
    pub src: String,
    pub srcset: String,
    pub width: u32,
    pub height: u32,
}

/// Links that share a page: each service's own share address, carrying the page's
/// absolute URL and title; plain links, no script of theirs.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct ShareLinks {
    /// The page's absolute URL (what "copy link" copies).
    pub url: String,
    pub whatsapp: String,
    pub telegram: String,
    pub x: String,
    pub facebook: String,
    pub email: String,
}

/// A briefing's picture, ready for `<img>`, `srcset` and social cards.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct PageImage {
    /// The fallback in the original format, at most 1200 px wide.
    pub src: String,
    /// Its absolute URL (`og:image`).
    pub permalink: String,
    pub width: u32,
    pub height: u32,
    pub mime: &'static str,
    pub alt: String,
    /// The WebP variants as a `srcset` value.
    pub srcset: String,
}

/// A briefing's share card (`card.png` beside its page), for `og:image` and `twitter:image`.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct CardRef {
    pub url: String,
    /// Its absolute URL.
    pub permalink: String,
    pub width: u32,
    pub height: u32,
    /// What it shows, for readers who cannot see it: the headline.
    pub alt: String,
}

/// `page` in page.html and plain.html.
#[derive(Serialize)]
pub(crate) struct PageContext<'a> {
    #[serde(flatten)]
    pub summary: &'a Summary,
    /// The summary was written in front matter: a standfirst that does not repeat the body.
    pub own_summary: bool,
    pub content: &'a str,
    pub updated: String,
    pub updated_display: String,
    pub word_count: usize,
    pub sources: &'a [SourceRef],
    pub toc: &'a [TocEntry],
    pub section_title: String,
    pub section_url: String,
    pub translation_of: Option<PageRef>,
    pub translations: Vec<PageRef>,
    pub extra: &'a serde_json::Value,
    pub draft: bool,
    /// `original`, `current`, `stale` or `untracked`.
    pub translation_state: &'static str,
    /// The original changed after this translation was last brought in line.
    pub stale: bool,
    /// The side-by-side view with the other versions (empty when there are none).
    pub parallel_url: String,
    /// Up to three briefings of this language sharing the most topics with this one.
    pub related: Vec<&'a Summary>,
    /// schema.org `NewsArticle` as JSON-LD (briefings only; empty for plain pages).
    pub json_ld: String,
    /// The share card (briefings only).
    pub card: Option<CardRef>,
    /// `[[corrections]]`, newest first.
    pub corrections: Vec<CorrectionView>,
    /// When a page under embargo goes out (only `serve` shows such pages).
    pub scheduled: Option<ScheduledView>,
    pub share: ShareLinks,
}

/// The moment a scheduled page goes out, for `<time datetime>` and as its language writes it.
#[derive(Serialize)]
pub(crate) struct ScheduledView {
    pub date: String,
    pub display: String,
}

/// `section` in home.html and section.html.
#[derive(Serialize)]
pub(crate) struct SectionContext<'a> {
    pub key: &'a str,
    pub title: String,
    pub url: String,
    pub content: String,
    pub extra: serde_json::Value,
}

/// One numbered link of a paginator.
#[derive(Serialize)]
pub(crate) struct PaginatorPage {
    /// Pages were skipped between the previous entry and this one.
    pub gap_before: bool,
    pub number: usize,
    pub label: String,
    pub url: String,
    pub is_current: bool,
}

/// `paginator` in list templates.
#[derive(Serialize)]
pub(crate) struct Paginator {
    pub current: usize,
    pub total: usize,
    pub current_label: String,
    pub total_label: String,
    pub prev_url: String,
    pub next_url: String,
    pub pages: Vec<PaginatorPage>,
}

/// One entry of `topics` in topics.html.
#[derive(Serialize)]
pub(crate) struct TopicEntry {
    pub key: String,
    pub name: String,
    pub url: String,
    pub count: usize,
    pub count_label: String,
}

/// One entry of `corrections` in corrections.html.
#[derive(Serialize)]
pub(crate) struct CorrectionEntry {
    /// The corrected page's title and URL.
    pub title: String,
    pub url: String,
    #[serde(flatten)]
    pub correction: CorrectionView,
}

/// `search` in search.html.
#[derive(Serialize)]
pub(crate) struct SearchContext {
    /// This page: where the search form sends `?q=`.
    pub url: String,
    /// Pagefind's script in the folder of the newest index part (empty when the language has no pages).
    pub script_url: String,
    /// The folders of the language's index parts, newest first: the page loads the first and
    /// merges the others (Pagefind's `mergeIndex`).
    pub indexes: Vec<String>,
    /// In `serve`, the manifest of the language's recent edits: the part that holds the pages
    /// edited since their own part was made, and the ids of results to leave out for them
    /// (`{"index": "hi-edits/" or null, "skip": [...]}`); empty in `build`.
    pub edits: String,
    /// The name of the index's topic filter.
    pub topic_filter: &'static str,
    /// Topics with briefings in this language, by name: the filter's choices.
    pub topics: Vec<TopicLink>,
}

/// One language column of the side-by-side view.
#[derive(Serialize)]
pub(crate) struct ParallelColumn {
    pub lang: String,
    pub name: String,
    pub title: String,
    pub url: String,
    pub direction: Direction,
    pub is_current: bool,
    /// Its original changed after it was last brought in line: the column carries the stale notice.
    pub stale: bool,
    /// That version's `[[corrections]]`, newest first.
    pub corrections: Vec<CorrectionView>,
}

/// One cell: a block of one language's text (empty where that language has fewer blocks).
#[derive(Serialize)]
pub(crate) struct ParallelCell<'a> {
    pub lang: &'a str,
    pub direction: Direction,
    pub html: &'a str,
}

/// One aligned row of the side-by-side view.
#[derive(Serialize)]
pub(crate) struct ParallelRow {
    pub is_heading: bool,
    /// Each a [`ParallelCell`], made once per set.
    pub cells: Vec<tera::Value>,
}

/// `parallel` in parallel.html.
#[derive(Serialize)]
pub(crate) struct ParallelContext {
    pub title: String,
    pub page_url: String,
    /// The briefing's absolute URL: the view's canonical URL, so search engines index the briefing.
    pub page_permalink: String,
    pub columns: Vec<ParallelColumn>,
    pub rows: Vec<ParallelRow>,
}

/// The text of an HTML fragment, tags dropped and spaces collapsed.
pub(super) fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
}

/// At most `max_chars` characters of `text`, cut between graphemes, with an ellipsis if cut.
pub(super) fn shorten(text: &str, max_chars: usize) -> String {
    use unicode_segmentation::GraphemeCursor;
    // The first character past the limit; none: the text fits.
    let Some((cut, _)) = text.char_indices().nth(max_chars) else {
        return text.to_string();
    };
    // Cut at whole graphemes so that a conjunct is never split: at the limit if a grapheme
    // ends there, else where the grapheme it falls in starts (only that one is looked at).
    let mut cursor = GraphemeCursor::new(cut, text.len(), true);
    let cut = match cursor.is_boundary(text, 0) {
        Ok(true) => cut,
        _ => cursor.prev_boundary(text, 0).ok().flatten().unwrap_or(0),
    };
    format!("{}…", text[..cut].trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;
    use unicode_segmentation::UnicodeSegmentation;

    /// What `shorten` promises, walked grapheme by grapheme from the start.
    fn shortened_by_walking(text: &str, max_chars: usize) -> String {
        if text.chars().count() <= max_chars {
            return text.to_string();
        }
        let (mut out, mut chars) = (String::new(), 0);
        for g in text.graphemes(true) {
            chars += g.chars().count();
            if chars > max_chars {
                break;
            }
            out.push_str(g);
        }
        format!("{}…", out.trim_end())
    }

    #[test]
    fn shorten_cuts_between_graphemes_as_a_walk_from_the_start_would() {
        let alphabet: Vec<char> = "कषतरनमज्ािीुेोंः़ a\u{200d}\u{200c}é\u{301}🇮🇳👍🏽".chars().collect();
        let mut state = 0x853c_49e6_748f_ea9b_u64;
        for _ in 0..20_000 {
            let mut text = String::new();
            for _ in 0..(state % 24) {
                state ^= state << 13;
                state ^= state >> 7;
                state ^= state << 17;
                text.push(alphabet[(state % alphabet.len() as u64) as usize]);
            }
            let max = (state % 12) as usize;
            assert_eq!(shorten(&text, max), shortened_by_walking(&text, max), "{text:?} at {max}");
        }
        // क्ष is one grapheme of three characters: cut before it rather than inside it.
        assert_eq!(shorten("क्षत्रिय", 2), "…");
        assert_eq!(shorten("क्षत्रिय", 3), "क्ष…");
    }
}
