//! The news sitemap: the briefings of the 48 hours before the build, every language, in the
//! news sitemap format (parsed with roxmltree), named by `robots.txt` beside the sitemap.

use std::process::Command;

use crate::support::{TestSite, small_site};

const NEWS: &str = "http://www.google.com/schemas/sitemap-news/0.9";
const SITEMAP: &str = "http://www.sitemaps.org/schemas/sitemap/0.9";

fn news_site() -> TestSite {
    let site = small_site(&[
        (
            "content/briefings/fresh.hi.md",
            "+++\ntitle = \"ताज़ा <ख़बर> & बातें\"\ndate = 2030-05-10T08:00:00+05:30\n+++\n\nपाठ।\n",
        ),
        (
            "content/briefings/fresh.en.md",
            "+++\ntitle = \"Fresh news\"\ndate = 2030-05-10T08:00:00+05:30\n[translation]\nfrom = \"hi\"\n+++\n\nText.\n",
        ),
        ("content/briefings/yesterday.hi.md", "+++\ntitle = \"कल की ख़बर\"\ndate = 2030-05-09\n+++\n\nपाठ।\n"),
        ("content/briefings/old.hi.md", "+++\ntitle = \"पुरानी ख़बर\"\ndate = 2030-05-07\n+++\n\nपाठ।\n"),
        (
            "content/briefings/held.hi.md",
            "+++\ntitle = \"रुकी ख़बर\"\ndate = 2030-05-10\npublish_at = 2030-05-11T00:00:00Z\n+++\n\nपाठ।\n",
        ),
        ("content/about.hi.md", "+++\ntitle = \"परिचय\"\ndate = 2030-05-10\n+++\n\nपाठ।\n"),
    ]);
    let config = site.read("config.toml");
    site.write("config.toml", &format!("{config}\n[news]\npublication = \"Patrika News\"\n"));
    site
}

/// Builds `site` with its clock set to `now` (`PATRIKA_NOW`); the build must succeed.
pub(crate) fn build_at(site: &TestSite, now: &str) {
    let out = Command::new(env!("CARGO_BIN_EXE_patrika"))
        .args(["build", "--root", &site.root.display().to_string()])
        .env("PATRIKA_NOW", now)
        .output()
        .unwrap();
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn the_news_sitemap_lists_the_last_48_hours_in_every_language() {
    let site = news_site();
    build_at(&site, "2030-05-10T12:00:00Z");
    let xml = site.output("news-sitemap.xml");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!((root.tag_name().namespace(), root.tag_name().name()), (Some(SITEMAP), "urlset"));
    assert_eq!(root.lookup_namespace_uri(Some("news")), Some(NEWS));
    let urls: Vec<(String, String, String, String, String)> = root
        .children()
        .filter(|n| n.has_tag_name((SITEMAP, "url")))
        .map(|url| {
            let text = |ns: &str, name: &str| {
                url.descendants()
                    .find(|n| n.has_tag_name((ns, name)))
                    .and_then(|n| n.text())
                    .unwrap_or_default()
                    .to_string()
            };
            (
                text(SITEMAP, "loc"),
                text(NEWS, "name"),
                text(NEWS, "language"),
                text(NEWS, "publication_date"),
                text(NEWS, "title"),
            )
        })
        .collect();
    let row = |loc: &str, lang: &str, date: &str, title: &str| {
        (loc.to_string(), "Patrika News".to_string(), lang.to_string(), date.to_string(), title.to_string())
    };
    assert_eq!(
        urls,
        [
            row("https://example.org/en/briefings/fresh/", "en", "2030-05-10T08:00:00+05:30", "Fresh news"),
            row("https://example.org/hi/briefings/fresh/", "hi", "2030-05-10T08:00:00+05:30", "ताज़ा <ख़बर> & बातें"),
            row("https://example.org/hi/briefings/yesterday/", "hi", "2030-05-09T00:00:00Z", "कल की ख़बर"),
        ]
    );
    let robots = site.output("robots.txt");
    assert!(
        robots.contains("Sitemap: https://example.org/sitemap.xml\nSitemap: https://example.org/news-sitemap.xml\n"),
        "{robots}"
    );
    // Once its embargo lifts, the held briefing is news, dated by its publish_at.
    build_at(&site, "2030-05-11T06:00:00Z");
    let xml = site.output("news-sitemap.xml");
    assert!(xml.contains("<news:publication_date>2030-05-11T00:00:00Z</news:publication_date>"), "{xml}");
    assert!(!xml.contains("briefings/yesterday/"), "older than 48 hours: {xml}");
}

#[test]
fn without_a_publication_name_each_language_is_named_by_its_title() {
    let site = news_site();
    site.write("config.toml", &site.read("config.toml").replace("\n[news]\npublication = \"Patrika News\"\n", ""));
    build_at(&site, "2030-05-10T12:00:00Z");
    let xml = site.output("news-sitemap.xml");
    assert!(xml.contains("<news:name>समाचार</news:name>\n        <news:language>hi</news:language>"), "{xml}");
    assert!(xml.contains("<news:name>News</news:name>\n        <news:language>en</news:language>"), "{xml}");
    site.write("config.toml", &format!("{}\n[news]\npublication = \"\"\n", site.read("config.toml")));
    let run = site.run("build", &[]);
    assert!(run.err.contains("config.toml:16:15: error: `news.publication` must not be empty"), "{}", run.err);
}
