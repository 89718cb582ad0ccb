//! Writes the machine-read files: an Atom feed per language, `sitemap.xml` with
//! hreflang alternates, and `robots.txt`. Pure: returns text.

use std::sync::Arc;

use crate::plan::site::Site;
use crate::read::config::Lang;
use crate::read::document::PageDate;
use crate::render::SitemapEntry;

/// How many of the newest briefings a feed carries.
pub(crate) const FEED_LIMIT: usize = 50;

use crate::render::markdown::escape as xml_escape;

/// Percent-encodes the non-ASCII bytes of a URL, as sitemaps require.
pub(crate) fn uri_encode(url: &str) -> String {
    let mut out = String::with_capacity(url.len());
    for c in url.chars() {
        if c.is_ascii() && c != ' ' {
            out.push(c);
        } else {
            const HEX: &[u8; 16] = b"0123456789ABCDEF";
            let mut buf = [0u8; 4];
            for b in c.encode_utf8(&mut buf).bytes() {
                out.push('%');
                out.push(char::from(HEX[usize::from(b >> 4)]));
                out.push(char::from(HEX[usize::from(b & 15)]));
            }
        }
    }
    out
}

/// The pages a language's feed carries: its newest briefings (by date, then title).
pub(crate) fn feed_pages(site: &Site, lang: &Lang) -> Vec<usize> {
    let mut pages: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].lang == *lang && !site.doc(&site.pages[i]).info.section.is_empty())
        .collect();
    pages.sort_by(|&a, &b| {
        let (da, db) = (site.doc(&site.pages[a]), site.doc(&site.pages[b]));
        db.front.date.cmp(&da.front.date).then_with(|| da.front.title.cmp(&db.front.title))
    });
    pages.truncate(FEED_LIMIT);
    pages
}

/// The Atom feed of one language: its newest briefings (`pages`, see [`feed_pages`]), with full content.
pub(crate) fn atom_of(
    site: &Site,
    lang: &Lang,
    pages: &[usize],
    bodies: &[Arc<crate::render::markdown::RenderedBody>],
) -> String {
    let language = site.config.language(lang);
    // Compared as instants, not as text: `10:00+05:30` is earlier than `05:00Z`.
    let feed_updated = shown(pages.iter().filter_map(|&i| updated_of(site, i)).max());
    let home = site.permalink(&format!("{lang}/"));
    let origin = origin_of(&site.config.base_url, &site.config.base_path);
    let mut xml = String::new();
    xml.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    xml.push_str(&format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n", xml_escape(lang.as_str())));
    xml.push_str(&format!("  <title>{}</title>\n", xml_escape(&language.title)));
    if !language.description.is_empty() {
        xml.push_str(&format!("  <subtitle>{}</subtitle>\n", xml_escape(&language.description)));
    }
    xml.push_str(&format!(
        "  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n",
        xml_escape(&site.permalink(&format!("{lang}/atom.xml")))
    ));
    xml.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml_escape(&home)));
    xml.push_str(&format!("  <id>{}</id>\n  <updated>{}</updated>\n", xml_escape(&home), feed_updated));
    xml.push_str(&format!(
        "  <author><name>{}</name></author>\n  <generator>Patrika</generator>\n",
        xml_escape(&language.title)
    ));
    for &i in pages {
        entry(site, i, bodies, &origin, &mut xml);
    }
    xml.push_str("</feed>\n");
    xml
}

/// When a page last changed: `updated`, else `date`, or its newest correction if later.
fn updated_of(site: &Site, i: usize) -> Option<&PageDate> {
    site.doc(&site.pages[i]).front.last_changed()
}

/// A date as Atom writes it; the epoch for a page without one.
fn shown(date: Option<&PageDate>) -> String {
    date.map_or_else(|| "1970-01-01T00:00:00Z".into(), PageDate::rfc3339)
}

/// One `<entry>` of a feed: the page in the feed's language, its translations as `related`.
fn entry(site: &Site, i: usize, bodies: &[Arc<crate::render::markdown::RenderedBody>], origin: &str, xml: &mut String) {
    let lang = &site.pages[i].lang;
    let plan = &site.pages[i];
    let doc = site.doc(plan);
    let link = site.permalink(&plan.path);
    xml.push_str("  <entry>\n");
    xml.push_str(&format!("    <title>{}</title>\n", xml_escape(&doc.front.title)));
    xml.push_str(&format!("    <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", xml_escape(&link)));
    // Other languages are `related`, never a second `alternate`: feed readers take one
    // alternate as the entry's own link, and some take the last one they see.
    for other in site.versions(plan).into_iter().filter(|&p| p != i) {
        let o = &site.pages[other];
        xml.push_str(&format!(
            "    <link rel=\"related\" type=\"text/html\" hreflang=\"{}\" title=\"{}\" href=\"{}\"/>\n",
            xml_escape(o.lang.as_str()),
            xml_escape(&site.config.language(&o.lang).name),
            xml_escape(&site.permalink(&o.path))
        ));
    }
    xml.push_str(&format!("    <id>{}</id>\n", xml_escape(&link)));
    if let Some(d) = &doc.front.date {
        xml.push_str(&format!("    <published>{}</published>\n", d.rfc3339()));
    }
    xml.push_str(&format!("    <updated>{}</updated>\n", shown(updated_of(site, i))));
    // A key of authors.toml is the person's name in the feed's language; anything else is a name already.
    for author in &doc.front.authors {
        let name = site.config.authors.get(author).map_or(author.as_str(), |a| a.name(lang));
        xml.push_str(&format!("    <author><name>{}</name></author>\n", xml_escape(name)));
    }
    for topic in &doc.front.topics {
        let label = site.config.topics.get(topic).and_then(|m| m.get(lang)).cloned().unwrap_or_else(|| topic.clone());
        xml.push_str(&format!("    <category term=\"{}\" label=\"{}\"/>\n", xml_escape(topic), xml_escape(&label)));
    }
    let summary = doc
        .front
        .summary
        .clone()
        .map_or_else(|| absolute_links(&bodies[i].summary_html, origin), |s| crate::render::markdown::escape(&s));
    if !summary.is_empty() {
        xml.push_str(&format!("    <summary type=\"html\">{}</summary>\n", xml_escape(&summary)));
    }
    let content = absolute_links(&bodies[i].html, origin);
    xml.push_str(&format!("    <content type=\"html\">{}</content>\n", xml_escape(&content)));
    xml.push_str("  </entry>\n");
}

/// The scheme and host of the base URL (`https://example.org` of `https://example.org/news`).
fn origin_of(base_url: &str, base_path: &str) -> String {
    base_url.strip_suffix(base_path.trim_end_matches('/')).unwrap_or(base_url).to_string()
}

/// Makes the root-relative URLs of rendered HTML absolute: a feed reader resolves them
/// against the feed's host, which need not be the site's.
pub(crate) fn absolute_links(html: &str, origin: &str) -> String {
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(at) = rest.find("=\"/") {
        let (before, from_quote) = rest.split_at(at + 2);
        out.push_str(before);
        let attribute = before.rsplit([' ', '<']).next().unwrap_or("");
        let is_url = matches!(attribute, "href=\"" | "src=\"" | "srcset=\"" | "poster=\"");
        if is_url && !from_quote.starts_with("//") {
            if attribute == "srcset=\"" {
                // Every candidate of a srcset: `/a 480w, /b 960w`.
                let end = from_quote.find('"').unwrap_or(from_quote.len());
                let list = from_quote[..end].split(", ").map(|c| format!("{origin}{c}")).collect::<Vec<_>>();
                out.push_str(&list.join(", "));
                rest = &from_quote[end..];
                continue;
            }
            out.push_str(origin);
        }
        rest = from_quote;
    }
    out.push_str(rest);
    out
}

/// The sitemap: every URL with each of its language versions.
pub(crate) fn sitemap(entries: &[SitemapEntry]) -> String {
    use rayon::prelude::*;
    use std::fmt::Write as _;
    // Written in chunks in parallel: a 10,000-pair site has 40,000 URLs.
    let chunks: Vec<String> = entries
        .par_chunks(512)
        .map(|chunk| {
            let mut xml = String::with_capacity(chunk.len() * 300);
            for e in chunk {
                let _ = write!(xml, "  <url>\n    <loc>{}</loc>\n", xml_escape(&uri_encode(&e.permalink)));
                if let Some(m) = &e.lastmod {
                    let _ = writeln!(xml, "    <lastmod>{m}</lastmod>");
                }
                if e.alternates.len() > 1 {
                    for (lang, href) in &e.alternates {
                        let _ = writeln!(
                            xml,
                            "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>",
                            xml_escape(lang),
                            xml_escape(&uri_encode(href))
                        );
                    }
                    if let Some(href) = &e.x_default {
                        let _ = writeln!(
                            xml,
                            "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{}\"/>",
                            xml_escape(&uri_encode(href))
                        );
                    }
                }
                xml.push_str("  </url>\n");
            }
            xml
        })
        .collect();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    xml.extend(chunks);
    xml.push_str("</urlset>\n");
    xml
}

/// The news sitemap's name, at the root of the output (`render::news_sitemap` writes it).
pub(crate) const NEWS_SITEMAP: &str = "news-sitemap.xml";

/// `robots.txt` that allows everything and names both sitemaps.
pub(crate) fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}\nSitemap: {}\n",
        site.permalink("sitemap.xml"),
        site.permalink(NEWS_SITEMAP)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sitemap_urls_are_percent_encoded() {
        assert_eq!(uri_encode("https://x.org/hi/क/"), "https://x.org/hi/%E0%A4%95/");
    }

    #[test]
    fn feed_content_links_become_absolute() {
        let html = "<a href=\"/news/hi/x/\">x</a> <a href=\"https://o.org/\">o</a> <img src=\"/news/a.jpg\" \
                    srcset=\"/news/a-480.webp 480w, /news/a-960.webp 960w\"> <a href=\"//cdn.org/x\">c</a> <a href=\"#f\">f</a>";
        assert_eq!(
            absolute_links(html, "https://example.org"),
            "<a href=\"https://example.org/news/hi/x/\">x</a> <a href=\"https://o.org/\">o</a> \
             <img src=\"https://example.org/news/a.jpg\" srcset=\"https://example.org/news/a-480.webp 480w, \
             https://example.org/news/a-960.webp 960w\"> <a href=\"//cdn.org/x\">c</a> <a href=\"#f\">f</a>"
        );
        assert_eq!(origin_of("https://example.org/news", "/news/"), "https://example.org");
        assert_eq!(origin_of("https://example.org", "/"), "https://example.org");
    }

    #[test]
    fn xml_special_characters_are_escaped() {
        assert_eq!(xml_escape("a<b & \"c\" 'd'"), "a&lt;b &amp; &quot;c&quot; &#39;d&#39;");
    }
}
