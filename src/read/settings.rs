//! The config's tables of output settings — `[images]`, `[markdown]`, `[search]` and `[news]` — each
//! read with its keys checked and its defaults filled in.

use crate::diagnostic::Diagnostic;
use crate::read::tomlread::Table;

const IMAGES_KEYS: &[&str] = &["widths", "quality"];
const MARKDOWN_KEYS: &[&str] = &["raw_html"];
const SEARCH_KEYS: &[&str] = &["enabled", "part_size"];
const NEWS_KEYS: &[&str] = &["publication"];

/// Pages of one language a search index part holds by default (README, "Search").
pub(crate) const SEARCH_PART_SIZE: usize = 1000;

/// What happens to raw HTML an author writes in Markdown (`[markdown] raw_html`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub(crate) enum RawHtml {
    /// Cleaned by an allow-list, each removal a warning (the default).
    #[default]
    Clean,
    /// Kept as written: for sites whose every author is trusted with script.
    Trusted,
}

/// The `[images]` settings: variant widths (sorted, no repeats) and WebP quality.
pub(super) fn read_images(top: &Table, diags: &mut Vec<Diagnostic>) -> (Vec<u32>, u8) {
    let mut widths = vec![480, 960, 1600];
    let mut quality = 80;
    if let Some(images) = top.table("images", diags) {
        images.reject_unknown(IMAGES_KEYS, diags);
        if let Some(mut given) = images.positive_integers("widths", 10_000, diags) {
            given.sort_unstable();
            given.dedup();
            if given.is_empty() {
                diags.push(images.error_at("widths", "`images.widths` needs at least one width"));
            } else {
                widths = given;
            }
        }
        if let Some(q) = images.positive_integer("quality", diags) {
            match u8::try_from(q).ok().filter(|q| *q <= 100) {
                Some(q) => quality = q,
                None => diags.push(images.error_at("quality", "`images.quality` is from 1 to 100")),
            }
        }
    }
    (widths, quality)
}

/// Reads `[markdown] raw_html`: `"clean"` (the default) or `"trusted"`.
pub(super) fn read_raw_html(top: &Table, diags: &mut Vec<Diagnostic>) -> RawHtml {
    let Some(markdown) = top.table("markdown", diags) else { return RawHtml::default() };
    markdown.reject_unknown(MARKDOWN_KEYS, diags);
    match markdown.string("raw_html", diags).as_deref() {
        None | Some("clean") => RawHtml::Clean,
        Some("trusted") => RawHtml::Trusted,
        Some(other) => {
            let message = format!(
                "`markdown.raw_html` must be \"clean\" (raw HTML cleaned by an allow-list) or \"trusted\" \
                 (kept as written), not \"{other}\""
            );
            diags.push(markdown.error_at("raw_html", &message));
            RawHtml::Clean
        }
    }
}

/// Reads `[search]`: whether to build an index, and how many pages a part holds.
pub(super) fn read_search(top: &Table, diags: &mut Vec<Diagnostic>) -> (bool, usize) {
    let Some(search) = top.table("search", diags) else { return (false, SEARCH_PART_SIZE) };
    search.reject_unknown(SEARCH_KEYS, diags);
    let enabled = search.boolean("enabled", diags).unwrap_or(false);
    (enabled, search.positive_integer("part_size", diags).unwrap_or(SEARCH_PART_SIZE))
}

/// Reads `[news] publication` of config.toml: the name news search engines know the site by.
pub(super) fn read_news(top: &Table, diags: &mut Vec<Diagnostic>) -> Option<String> {
    let news = top.table("news", diags)?;
    news.reject_unknown(NEWS_KEYS, diags);
    let name = news.string("publication", diags)?;
    if name.trim().is_empty() {
        diags.push(news.error_at(
            "publication",
            "`news.publication` must not be empty: leave it out to use each language's title",
        ));
        return None;
    }
    Some(name)
}
