//! Writes `news-sitemap.xml`: the briefings that went out in the 48 hours before the build,
//! every language, in the news sitemap format search engines read for fresh stories. Pure.

use std::fmt::Write as _;

use crate::plan::site::Site;
pub(crate) use crate::render::feeds::NEWS_SITEMAP;
use crate::render::feeds::uri_encode;
use crate::render::markdown::escape as xml_escape;

/// How far back the news sitemap reaches: stories older than this are not news to it.
const WINDOW_HOURS: i64 = 48;

/// The news sitemap: each briefing whose publication (its `publish_at`, else its `date`)
/// falls in the 48 hours up to the build's time, newest first.
pub(crate) fn news_sitemap(site: &Site) -> String {
    let now = site.publishing.now;
    let since = now - chrono::Duration::hours(WINDOW_HOURS);
    let mut recent: Vec<_> = site
        .pages
        .iter()
        .filter_map(|plan| {
            let doc = site.doc(plan);
            let published = doc.front.publish_at.as_ref().or(doc.front.date.as_ref())?;
            let fresh = published.instant >= since && published.instant <= now;
            (fresh && !doc.info.section.is_empty() && !site.publishing.is_held(doc)).then_some((published, plan, doc))
        })
        .collect();
    recent.sort_by(|(a, p, _), (b, q, _)| b.cmp(a).then_with(|| p.path.cmp(&q.path)));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n",
    );
    for (published, plan, doc) in recent {
        let language = site.config.language(&plan.lang);
        let name = site.config.news_publication.as_deref().unwrap_or(&language.title);
        let _ = write!(
            xml,
            "  <url>\n    <loc>{}</loc>\n    <news:news>\n      <news:publication>\n        <news:name>{}</news:name>\n        \
             <news:language>{}</news:language>\n      </news:publication>\n      <news:publication_date>{}</news:publication_date>\n      \
             <news:title>{}</news:title>\n    </news:news>\n  </url>\n",
            xml_escape(&uri_encode(&site.permalink(&plan.path))),
            xml_escape(name),
            xml_escape(plan.lang.as_str()),
            published.rfc3339(),
            xml_escape(&doc.front.title),
        );
    }
    xml.push_str("</urlset>\n");
    xml
}
