//! How readers find briefings (DESIGN §9): author pages and bylines, related
//! briefings, and the NewsArticle data that links translations to originals.

use crate::support::{TestSite, fixture, fragment};

/// The three-language fixture with an authors file, a second and a third briefing.
fn site_with_people() -> TestSite {
    let site = fixture("trilingual");
    site.write(
        "authors.toml",
        "[rakesh]\nhi = \"राकेश मिश्र\"\nen = \"Rakesh Mishra\"\nur = \"راکیش مشرا\"\n[rakesh.bio]\nen = \"Covers defence.\"\n\
         [arjun]\nhi = \"अर्जुन नायर\"\nen = \"Arjun Nair\"\n",
    );
    let with_people = |rel: &str, people: &str| {
        let text = site.read(rel).replacen("topics = [\"defence\"]\n", &format!("topics = [\"defence\"]\n{people}"), 1);
        site.write(rel, &text);
    };
    with_people("content/briefings/qingdao.hi.md", "authors = [\"rakesh\"]\n");
    with_people("content/briefings/qingdao.en.md", "authors = [\"rakesh\"]\ntranslators = [\"arjun\", \"A. Guest\"]\n");
    for (slug, date, topics) in [
        ("older", "2025-05-01", "[\"defence\", \"sco\"]"),
        ("newer", "2025-07-01", "[\"defence\"]"),
        ("other", "2025-07-02", "[\"sco\"]"),
    ] {
        site.write(
            &format!("content/briefings/{slug}.en.md"),
            &format!("+++\ntitle = \"{slug}\"\ndate = {date}\ntopics = {topics}\nauthors = [\"rakesh\"]\n+++\n\nText of {slug}.\n"),
        );
    }
    site
}

#[test]
fn bylines_link_to_author_pages_that_list_what_each_wrote_and_translated() {
    let site = site_with_people();
    site.build();
    let en = site.output("en/briefings/qingdao/index.html");
    assert!(
        en.contains("<span class=\"label\">By</span> <a href=\"/news/en/authors/rakesh/\">Rakesh Mishra</a>"),
        "{}",
        fragment(&en, "<p class=\"byline\"", "</p>")
    );
    // A key links; a plain name stays a name.
    assert!(en.contains(
        "<span class=\"label\">Translated by</span> <a href=\"/news/en/authors/arjun/\">Arjun Nair</a>, A. Guest</p>"
    ));
    let rakesh = site.output("en/authors/rakesh/index.html");
    assert!(rakesh.contains("<h1>Rakesh Mishra</h1>") && rakesh.contains("Covers defence."));
    let titles: Vec<&str> = rakesh
        .match_indices("<h2 class=\"summary-title\"><a href=\"")
        .map(|(i, _)| &rakesh[i + 35..i + 35 + rakesh[i + 35..].find('"').unwrap()])
        .collect();
    assert_eq!(
        titles,
        [
            "/news/en/briefings/other/",
            "/news/en/briefings/newer/",
            "/news/en/briefings/qingdao/",
            "/news/en/briefings/older/"
        ]
    );
    let arjun = site.output("en/authors/arjun/index.html");
    assert!(arjun.contains("<p class=\"author-credit\">Translated by Arjun Nair</p>"), "{arjun}");
    // Linked across languages like topics: the Hindi page names the person in Hindi.
    let hi = site.output("hi/authors/rakesh/index.html");
    assert!(hi.contains("<h1>राकेश मिश्र</h1>"));
    assert!(hi.contains("hreflang=\"en\" href=\"https://example.org/news/en/authors/rakesh/\""));
    // Nobody has a page in a language they have not written in.
    assert!(!site.root.join("public/hi/authors/arjun").exists());
}

#[test]
fn related_briefings_share_the_most_topics_newest_first() {
    let site = site_with_people();
    site.build();
    let en = site.output("en/briefings/older/index.html");
    let related = fragment(&en, "<aside class=\"related\"", "</aside>");
    let links: Vec<&str> = related
        .match_indices("<a href=\"")
        .map(|(i, _)| &related[i + 9..i + 9 + related[i + 9..].find('"').unwrap()])
        .collect();
    // `older` has defence and sco: nobody shares both, so one topic each, newest first; never itself.
    assert_eq!(links, ["/news/en/briefings/other/", "/news/en/briefings/newer/", "/news/en/briefings/qingdao/"]);
    // Same language only: the Hindi page has nothing related.
    assert!(!site.output("hi/briefings/qingdao/index.html").contains("class=\"related\""));
}

fn json_ld(html: &str) -> serde_json::Value {
    let script = fragment(html, "<script type=\"application/ld+json\">", "</script>");
    let json = script.trim_start_matches("<script type=\"application/ld+json\">").trim_end_matches("</script>");
    serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}: {json}"))
}

#[test]
fn news_article_data_links_translations_and_originals() {
    let site = site_with_people();
    site.build();
    let hi = json_ld(&site.output("hi/briefings/qingdao/index.html"));
    let en = json_ld(&site.output("en/briefings/qingdao/index.html"));
    assert_eq!(hi["@type"], "NewsArticle");
    assert_eq!(hi["inLanguage"], "hi");
    assert_eq!(hi["headline"], "चिंगदाओ में रक्षा मंत्रियों की बैठक");
    assert_eq!(hi["datePublished"], "2025-06-26T00:00:00Z");
    assert_eq!(hi["author"][0]["name"], "राकेश मिश्र");
    let translations: Vec<&str> =
        hi["workTranslation"].as_array().unwrap().iter().map(|t| t["@id"].as_str().unwrap()).collect();
    assert_eq!(
        translations,
        ["https://example.org/news/en/briefings/qingdao/", "https://example.org/news/ur/briefings/qingdao/"]
    );
    assert_eq!(en["translationOfWork"]["@id"], hi["@id"]);
    assert_eq!(en["@id"], "https://example.org/news/en/briefings/qingdao/");
    assert!(en.get("workTranslation").is_none());
    assert_eq!(en["translator"][1]["name"], "A. Guest");
    // Plain pages are not news articles.
    assert!(!site.output("en/briefings/index.html").contains("application/ld+json"));
}

#[test]
#[ignore = "needs Chromium (.ci/run installs it)"]
fn chromium_follows_a_byline_to_the_author_page_and_a_related_link_in_each_language() {
    let (_dir, root) = crate::search::bundled_site();
    let server = crate::serve::serve_root(&root, &[]);
    let profile = tempfile::tempdir().unwrap();
    let start = format!("http://{}/hi/briefings/rajnath-dong-jun-meeting/", server.address);
    let (_browser, devtools) = crate::browser::launch(&start, profile.path());
    let mut page = crate::browser::Page::connect(devtools);
    let loaded = |path: &str| format!("location.pathname === '{path}' && document.readyState === 'complete'");
    let limit = std::time::Duration::from_secs(15);
    for (lang, author) in [("hi", "अमित त्रिपाठी"), ("en", "Amit Tripathi")] {
        let briefing = format!("/{lang}/briefings/rajnath-dong-jun-meeting/");
        page.eval(&format!("location.href = '{briefing}'"));
        page.wait_until(&loaded(&briefing), limit);
        // Related briefings: one to three, all in this language, none of them this page.
        let related = page.eval("Array.from(document.querySelectorAll('.related a')).map(a => a.pathname)");
        let related: Vec<&str> = related.as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
        assert!((1..=3).contains(&related.len()), "{related:?}");
        assert!(related.iter().all(|p| p.starts_with(&format!("/{lang}/briefings/")) && *p != briefing), "{related:?}");
        // The byline leads to the author's page in this language, which lists the briefing.
        assert_eq!(page.eval("document.querySelector('.byline a').textContent"), serde_json::Value::from(author));
        page.eval("document.querySelector('.byline a').click()");
        page.wait_until(&loaded(&format!("/{lang}/authors/amit-tripathi/")), limit);
        assert_eq!(page.eval("document.querySelector('h1').textContent"), serde_json::Value::from(author));
        let listed = format!("document.querySelector('.river a[href$=\"{briefing}\"]') !== null");
        assert_eq!(page.eval(&listed), serde_json::Value::Bool(true), "{lang}: the author page lists the briefing");
        assert_eq!(page.eval("document.documentElement.lang"), serde_json::Value::from(lang));
        // And the related link opens a briefing in the same language.
        page.eval(&format!("location.href = '{}'", related[0]));
        page.wait_until(&loaded(related[0]), limit);
        assert_eq!(page.eval("document.documentElement.lang"), serde_json::Value::from(lang));
    }
}
