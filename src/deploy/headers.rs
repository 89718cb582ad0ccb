//! What each published file is, by its path in the output: the headers it is served
//! with and the phase it goes up in. Pure: names in, decisions out.

use crate::render::fingerprint::has_content_hash;

/// When a file goes up: assets before the pages that use them, pages before the entry
/// points that link to them, so a reader never follows a link to something not yet there.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) enum Phase {
    Assets,
    Pages,
    EntryPoints,
}

/// The headers a file is stored with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Headers {
    pub content_type: String,
    pub cache_control: &'static str,
}

/// Named by content: a new version is a new name, so it may be kept a year.
pub(crate) const CACHE_FINGERPRINTED: &str = "public, max-age=31536000, immutable";
/// Pages, feeds, sitemaps and search entry points: they change in place with every edit.
pub(crate) const CACHE_SHORT: &str = "public, max-age=300";
/// Files named by their source, not their content (pictures, bundle files, `static/`):
/// a replaced picture reaches readers within the hour.
pub(crate) const CACHE_HOUR: &str = "public, max-age=3600";

/// Pagefind's files named by their content; its loader and entry file are not.
const PAGEFIND_CONTENT_ADDRESSED: &[&str] = &["pf_fragment", "pf_index", "pf_filter", "pf_meta"];

fn extension(key: &str) -> &str {
    let name = file_name(key);
    name.rsplit_once('.').map_or("", |(_, ext)| ext)
}

fn file_name(key: &str) -> &str {
    key.rsplit('/').next().unwrap_or(key)
}

/// The phase a file goes up in.
pub(crate) fn phase_of(key: &str) -> Phase {
    let depth = key.split('/').count();
    let name = file_name(key);
    let entry = match extension(key) {
        "xml" => true,
        "html" => key == "index.html" || name == "404.html" || (depth == 2 && name == "index.html"),
        // Each search index part's entry file names the index files its part just uploaded.
        _ => key == "robots.txt" || (key.starts_with("pagefind/") && name == "pagefind-entry.json"),
    };
    if entry {
        Phase::EntryPoints
    } else if extension(key) == "html" {
        Phase::Pages
    } else {
        Phase::Assets
    }
}

/// The `Content-Type` and `Cache-Control` a file is stored with.
pub(crate) fn headers_of(key: &str) -> Headers {
    Headers { content_type: content_type(key), cache_control: cache_control(key) }
}

fn cache_control(key: &str) -> &'static str {
    let ext = extension(key);
    let pagefind = key.starts_with("pagefind/");
    if (key.starts_with("theme/") && has_content_hash(file_name(key)))
        || (pagefind && PAGEFIND_CONTENT_ADDRESSED.contains(&ext))
    {
        CACHE_FINGERPRINTED
    } else if pagefind || matches!(ext, "html" | "xml" | "txt" | "json") {
        CACHE_SHORT
    } else {
        CACHE_HOUR
    }
}

fn content_type(key: &str) -> String {
    let ext = extension(key).to_ascii_lowercase();
    let mime = match ext.as_str() {
        "html" => "text/html".to_string(),
        "css" => "text/css".to_string(),
        "js" | "mjs" => "text/javascript".to_string(),
        "json" => "application/json".to_string(),
        "xml" if file_name(key) == "atom.xml" => "application/atom+xml".to_string(),
        "xml" => "application/xml".to_string(),
        "txt" => "text/plain".to_string(),
        "svg" => "image/svg+xml".to_string(),
        "webp" => "image/webp".to_string(),
        "woff2" => "font/woff2".to_string(),
        // Pagefind's index, fragments and WebAssembly: compressed bytes its loader reads itself.
        "pagefind" => "application/octet-stream".to_string(),
        ext if ext.starts_with("pf_") => "application/octet-stream".to_string(),
        _ => mime_guess::from_ext(&ext).first_or_octet_stream().essence_str().to_string(),
    };
    let text = mime.starts_with("text/")
        || matches!(mime.as_str(), "application/json" | "application/xml" | "application/atom+xml" | "image/svg+xml");
    if text { format!("{mime}; charset=utf-8") } else { mime }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_file_gets_its_type_and_cache() {
        let cases = [
            ("index.html", "text/html; charset=utf-8", CACHE_SHORT, Phase::EntryPoints),
            ("404.html", "text/html; charset=utf-8", CACHE_SHORT, Phase::EntryPoints),
            ("hi/index.html", "text/html; charset=utf-8", CACHE_SHORT, Phase::EntryPoints),
            ("hi/404.html", "text/html; charset=utf-8", CACHE_SHORT, Phase::EntryPoints),
            ("hi/atom.xml", "application/atom+xml; charset=utf-8", CACHE_SHORT, Phase::EntryPoints),
            ("sitemap.xml", "application/xml; charset=utf-8", CACHE_SHORT, Phase::EntryPoints),
            ("news-sitemap.xml", "application/xml; charset=utf-8", CACHE_SHORT, Phase::EntryPoints),
            ("robots.txt", "text/plain; charset=utf-8", CACHE_SHORT, Phase::EntryPoints),
            (
                "pagefind/hi-2024-03/pagefind-entry.json",
                "application/json; charset=utf-8",
                CACHE_SHORT,
                Phase::EntryPoints,
            ),
            ("hi/briefings/x/index.html", "text/html; charset=utf-8", CACHE_SHORT, Phase::Pages),
            ("hi/briefings/page/2/index.html", "text/html; charset=utf-8", CACHE_SHORT, Phase::Pages),
            ("theme/style.0a1b2c3d4e.css", "text/css; charset=utf-8", CACHE_FINGERPRINTED, Phase::Assets),
            ("theme/fonts/n.0a1b2c3d4e.woff2", "font/woff2", CACHE_FINGERPRINTED, Phase::Assets),
            ("theme/style.css", "text/css; charset=utf-8", CACHE_HOUR, Phase::Assets),
            ("theme/fonts/OFL.txt", "text/plain; charset=utf-8", CACHE_SHORT, Phase::Assets),
            ("hi/briefings/x/hall-960.webp", "image/webp", CACHE_HOUR, Phase::Assets),
            ("hi/briefings/x/hall-1200.jpg", "image/jpeg", CACHE_HOUR, Phase::Assets),
            ("hi/briefings/x/card.png", "image/png", CACHE_HOUR, Phase::Assets),
            ("hi/briefings/x/report.pdf", "application/pdf", CACHE_HOUR, Phase::Assets),
            ("logo.svg", "image/svg+xml; charset=utf-8", CACHE_HOUR, Phase::Assets),
            ("app.0a1b2c3d4e.js", "text/javascript; charset=utf-8", CACHE_HOUR, Phase::Assets),
            ("pagefind/hi-2024-03/pagefind.js", "text/javascript; charset=utf-8", CACHE_SHORT, Phase::Assets),
            ("pagefind/hi-2024-03/wasm.hi.pagefind", "application/octet-stream", CACHE_SHORT, Phase::Assets),
            (
                "pagefind/hi-2024-03/fragment/hi_2a3afe4.pf_fragment",
                "application/octet-stream",
                CACHE_FINGERPRINTED,
                Phase::Assets,
            ),
            (
                "pagefind/hi-undated/pagefind.hi_8ccbb5d2e5.pf_meta",
                "application/octet-stream",
                CACHE_FINGERPRINTED,
                Phase::Assets,
            ),
            ("files/data", "application/octet-stream", CACHE_HOUR, Phase::Assets),
        ];
        for (key, content_type, cache, phase) in cases {
            let headers = headers_of(key);
            assert_eq!(
                (headers.content_type.as_str(), headers.cache_control, phase_of(key)),
                (content_type, cache, phase),
                "{key}"
            );
        }
    }

    #[test]
    fn phases_go_assets_pages_entry_points() {
        let mut keys = ["sitemap.xml", "hi/x/index.html", "theme/style.css", "hi/index.html", "hi/x/a.webp"];
        keys.sort_by_key(|k| (phase_of(k), *k));
        assert_eq!(keys, ["hi/x/a.webp", "theme/style.css", "hi/x/index.html", "hi/index.html", "sitemap.xml"]);
    }
}
