//! Every language right: a three-language site with Urdu (right to left), UI
//! strings that fall back visibly, hreflang that is reciprocal, feeds whose
//! entries lead to the page in the feed's language.

use crate::support::{TestSite, fixture, fragment};

fn trilingual() -> TestSite {
    let site = fixture("trilingual");
    site.build();
    site
}

#[test]
fn urdu_pages_are_right_to_left_in_their_own_words() {
    let site = trilingual();
    let ur = site.output("ur/briefings/qingdao/index.html");
    assert!(ur.starts_with("<!doctype html>\n<html lang=\"ur\" dir=\"rtl\">"), "{}", &ur[..80]);
    for own in ["منٹ کا مطالعہ", "مواد پر جائیں", "دیگر زبانوں میں:"] {
        assert!(ur.contains(own), "missing {own}");
    }
    assert!(!ur.contains("<span lang=\"en\" dir=\"ltr\">"), "Urdu pages need no English fallback");
    // Without a description of its own, the language's title describes it.
    assert!(site.output("ur/index.html").contains("<meta name=\"description\" content=\"خبریں\">"));
    // A list with an intro is described by it.
    assert!(
        site.output("hi/briefings/index.html")
            .contains("<meta name=\"description\" content=\"रक्षा और कूटनीति पर छोटी ब्रीफ़िंग।\">")
    );
}

#[test]
fn english_fallback_strings_say_they_are_english() {
    let site = fixture("trilingual");
    let config = site.read("config.toml") + "\n[languages.fa]\nname = \"فارسی\"\ntitle = \"اخبار\"\n";
    site.write("config.toml", &config);
    site.write(
        "content/briefings/qingdao.fa.md",
        "+++\ntitle = \"نشست در چینگدائو\"\ndate = 2025-06-26\n[translation]\nfrom = \"hi\"\n+++\n\nوزیران دفاع دیدار کردند.\n",
    );
    let run = site.run("build", &[]);
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(run.err.contains("missing UI strings"), "{}", run.err);
    let fa = site.output("fa/briefings/qingdao/index.html");
    assert!(fa.contains("<html lang=\"fa\" dir=\"rtl\">"));
    assert!(
        fa.contains("<span class=\"reading-time\"><span lang=\"en\" dir=\"ltr\">1 min read</span></span>"),
        "{}",
        fragment(&fa, "<p class=\"meta\"", "</p>")
    );
    // In an attribute only the direction isolates remain.
    assert!(fa.contains("aria-label=\"\u{2068}Main navigation\u{2069}\""));
    // The chooser greets each language with its own phrase and repeats none.
    let root = site.output("index.html");
    let heading = fragment(&root, "<h1 class=\"chooser-heading\"", "</h1>");
    assert_eq!(heading.matches("<span class=\"chooser-phrase\"").count(), 3, "{heading}");
    assert_eq!(heading.matches("Choose a language").count(), 1, "{heading}");
}

#[test]
fn the_theme_uses_logical_properties_only() {
    let css = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/themes/default/static/style.css")).unwrap();
    let physical: Vec<(usize, &str)> = css
        .lines()
        .enumerate()
        .filter(|(_, l)| {
            let l = l.trim();
            !l.starts_with("/*") && !l.starts_with('*') && (l.contains("left") || l.contains("right"))
        })
        .map(|(n, l)| (n + 1, l))
        .collect();
    assert!(physical.is_empty(), "physical left/right in style.css (use inline-start/end): {physical:?}");
}

#[test]
fn hreflang_is_reciprocal_and_the_sitemap_names_an_x_default() {
    let site = trilingual();
    let sitemap = site.output("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    for url in doc.descendants().filter(|n| n.has_tag_name("url")) {
        let links: Vec<_> = url.children().filter(|n| n.has_tag_name("link")).collect();
        if links.len() > 1 {
            let x_default: Vec<_> = links.iter().filter(|l| l.attribute("hreflang") == Some("x-default")).collect();
            assert_eq!(x_default.len(), 1, "{:?}", url);
            assert!(x_default[0].attribute("href").unwrap().contains("/news/hi/"), "the default language's version");
        }
    }
    // The chooser and the not-found page are nobody's translation.
    let root = site.output("index.html");
    let head = fragment(&root, "<head>", "</head>");
    assert!(!head.contains("hreflang="), "{head}");
    let missing = site.output("404.html");
    let head = fragment(&missing, "<head>", "</head>");
    assert!(head.contains("<meta name=\"robots\" content=\"noindex\">"));
    assert!(!head.contains("rel=\"canonical\"") && !head.contains("hreflang="), "{head}");
}

#[test]
fn feed_entries_link_to_the_page_in_the_feed_language_with_absolute_urls() {
    let site = trilingual();
    for lang in ["hi", "en", "ur"] {
        let feed = site.output(&format!("{lang}/atom.xml"));
        let doc = roxmltree::Document::parse(&feed).unwrap();
        let entry = doc.descendants().find(|n| n.has_tag_name("entry")).unwrap();
        let alternates: Vec<&str> = entry
            .children()
            .filter(|n| n.has_tag_name("link") && n.attribute("rel") == Some("alternate"))
            .map(|n| n.attribute("href").unwrap())
            .collect();
        assert_eq!(alternates, [format!("https://example.org/news/{lang}/briefings/qingdao/")]);
        let related =
            entry.children().filter(|n| n.has_tag_name("link") && n.attribute("rel") == Some("related")).count();
        assert_eq!(related, 2);
        let content = entry.children().find(|n| n.has_tag_name("content")).unwrap().text().unwrap();
        assert!(content.contains("href=\"https://example.org/news/"), "{content}");
        assert!(!content.contains("href=\"/"), "root-relative link left in {lang} feed: {content}");
    }
}

/// Read by a real feed client: Python's `feedparser`, which many readers use.
#[test]
#[ignore = "needs Python with feedparser (.ci/run installs it into target/ci-tools/venv)"]
fn feedparser_takes_each_entry_link_in_the_feed_language() {
    let python = crate::support::python_with("feedparser", "feedparser");
    let site = trilingual();
    for lang in ["hi", "en", "ur"] {
        let feed = site.root.join(format!("public/{lang}/atom.xml"));
        let script =
            "import feedparser, sys\nd = feedparser.parse(sys.argv[1])\nprint('\\n'.join(e.link for e in d.entries))";
        let out = std::process::Command::new(&python).args(["-c", script]).arg(&feed).output().unwrap();
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
        let links = String::from_utf8(out.stdout).unwrap();
        assert_eq!(links.trim(), format!("https://example.org/news/{lang}/briefings/qingdao/"));
    }
}

#[test]
fn a_section_without_an_intro_is_named_by_the_theme_or_reported() {
    let site = trilingual();
    // No _index.en.md or _index.ur.md: the theme's `section_briefings` names it.
    assert!(site.output("en/index.html").contains(">Briefings</a>"));
    assert!(site.output("ur/index.html").contains(">بریفنگ</a>"));
    // A folder the theme has no name for is reported once per language, on its first page.
    site.write("content/notes/one.en.md", "+++\ntitle = \"One\"\ndate = 2025-06-01\n+++\n\nText.\n");
    let run = site.build();
    assert!(
        run.err.contains("content/notes/one.en.md:1:1: warning: section `notes` has no content/notes/_index.en.md, so English navigation calls it `notes`"),
        "{}",
        run.err
    );
}
