//! Corrections: `[[corrections]]` shown dated above the story and in the side-by-side view,
//! the feed's `updated` and the JSON-LD following them, a correction the translation lacks
//! reported on it (and on the desk), and the site-wide corrections page.

use crate::support::{TestSite, fragment, small_site};

const ORIGINAL: &str = "+++\ntitle = \"बजट पर बहस\"\ndate = 2025-06-20\n\n\
    [[corrections]]\ndate = 2025-06-22\ntext = \"राशि 19,000 करोड़ थी, 91,000 नहीं।\"\n\n\
    [[corrections]]\ndate = 2025-06-25T10:30:00+05:30\ntext = \"मंत्री का नाम ठीक किया गया।\"\n+++\n\nपहला अनुच्छेद।\n";

const TRANSLATION: &str = "+++\ntitle = \"The budget debate\"\ndate = 2025-06-20\n\n\
    [[corrections]]\ndate = 2025-06-22\ntext = \"The sum was 19,000 crore, not 91,000.\"\n\n\
    [translation]\nfrom = \"hi\"\n+++\n\nFirst paragraph.\n";

fn corrected_site() -> TestSite {
    small_site(&[
        ("content/briefings/budget.hi.md", ORIGINAL),
        ("content/briefings/budget.en.md", TRANSLATION),
        ("content/briefings/plain.hi.md", "+++\ntitle = \"बिना सुधार\"\ndate = 2025-06-24\n+++\n\nपाठ।\n"),
    ])
}

#[test]
fn corrections_are_shown_dated_above_the_story_newest_first() {
    let site = corrected_site();
    site.build();
    let page = site.output("hi/briefings/budget/index.html");
    let aside = fragment(&page, "<aside class=\"corrections\"", "</aside>");
    assert!(aside.contains("<h2 class=\"corrections-heading\">सुधार</h2>"), "{aside}");
    let newest =
        aside.find("<time datetime=\"2025-06-25T10:30:00+05:30\">25 जून 2025</time>: मंत्री का नाम ठीक किया गया।");
    let older =
        aside.find("<time datetime=\"2025-06-22T00:00:00Z\">22 जून 2025</time>: राशि 19,000 करोड़ थी, 91,000 नहीं।");
    assert!(newest.is_some() && older.is_some() && newest < older, "{aside}");
    assert!(page.find("<aside class=\"corrections\"") < page.find("<div class=\"content\">"), "above the story");
    // The side-by-side view shows each version's own.
    let parallel = site.output("hi/briefings/budget/parallel/index.html");
    assert_eq!(parallel.matches("<aside class=\"corrections\"").count(), 2, "{parallel}");
    // Two landmarks, each named for its column; the heading in the page's language, the
    // corrections in their column's.
    for (name, lang) in [("हिन्दी", "hi"), ("English", "en")] {
        let aside = format!("<aside class=\"corrections\" aria-label=\"सुधार — {name}\" lang=\"hi\" dir=\"ltr\">");
        assert!(parallel.contains(&aside), "no `{aside}` in {parallel}");
        assert!(
            parallel.contains(&format!("<ul class=\"corrections-list\" lang=\"{lang}\" dir=\"ltr\">")),
            "{parallel}"
        );
    }
    assert!(parallel.contains("The sum was 19,000 crore, not 91,000."));
    // A page without corrections shows none.
    assert!(!site.output("hi/briefings/plain/index.html").contains("class=\"corrections\""));
}

#[test]
fn the_feed_json_ld_and_sitemap_move_to_the_newest_correction() {
    let site = corrected_site();
    site.build();
    let feed = site.output("hi/atom.xml");
    let entry = fragment(&feed, "<entry>\n    <title>बजट पर बहस", "</entry>");
    assert!(entry.contains("<updated>2025-06-25T10:30:00+05:30</updated>"), "{entry}");
    assert!(entry.contains("<published>2025-06-20T00:00:00Z</published>"), "{entry}");
    let page = site.output("hi/briefings/budget/index.html");
    let json = fragment(&page, "<script type=\"application/ld+json\">", "</script>");
    let json = &json["<script type=\"application/ld+json\">".len()..json.len() - "</script>".len()];
    let data: serde_json::Value = serde_json::from_str(json).unwrap();
    assert_eq!(data["dateModified"], "2025-06-25T10:30:00+05:30");
    assert_eq!(
        data["correction"],
        serde_json::json!([
            { "@type": "CorrectionComment", "text": "राशि 19,000 करोड़ थी, 91,000 नहीं।", "datePublished": "2025-06-22T00:00:00Z" },
            { "@type": "CorrectionComment", "text": "मंत्री का नाम ठीक किया गया।", "datePublished": "2025-06-25T10:30:00+05:30" },
        ])
    );
    let sitemap = site.output("sitemap.xml");
    let url = fragment(&sitemap, "<loc>https://example.org/hi/briefings/budget/</loc>", "</url>");
    assert!(url.contains("<lastmod>2025-06-25</lastmod>"), "{url}");
}

#[test]
fn a_correction_the_translation_lacks_is_a_finding_on_it_and_on_the_desk() {
    let site = corrected_site();
    let check = site.run("check", &[]);
    let findings: Vec<&str> =
        check.out.lines().chain(check.err.lines()).filter(|l| l.contains("[corrections]")).collect();
    assert_eq!(
        findings,
        ["content/briefings/budget.en.md:6:8: warning: the source corrected itself on 2025-06-25 \
          (content/briefings/budget.hi.md:10:8) and this translation does not; add a [[corrections]] entry with that date [corrections]"],
        "{}\n{}",
        check.out,
        check.err
    );
    let desk = site.run("status", &["--format", "html"]);
    assert!(desk.out.contains("the source corrected itself on 2025-06-25"), "{}", desk.out);
    // With the correction carried over, the finding goes.
    let caught_up = TRANSLATION.replace(
        "[translation]",
        "[[corrections]]\ndate = 2025-06-25\ntext = \"The minister's name was corrected.\"\n\n[translation]",
    );
    site.write("content/briefings/budget.en.md", &caught_up);
    let check = site.run("check", &[]);
    assert!(!format!("{}{}", check.out, check.err).contains("[corrections]"), "{}", check.out);
}

#[test]
fn the_corrections_page_lists_every_correction_of_its_language_newest_first() {
    let site = corrected_site();
    site.build();
    let hi = site.output("hi/corrections/index.html");
    let list = fragment(&hi, "<ul class=\"corrections-index\">", "</ul>");
    assert_eq!(list.matches("<li>").count(), 2, "{list}");
    assert!(list.find("मंत्री का नाम") < list.find("राशि 19,000"), "{list}");
    assert!(list.contains("<a href=\"/hi/briefings/budget/\">बजट पर बहस</a>"), "{list}");
    let en = site.output("en/corrections/index.html");
    assert_eq!(fragment(&en, "<ul class=\"corrections-index\">", "</ul>").matches("<li>").count(), 1);
    assert!(site.output("sitemap.xml").contains("<loc>https://example.org/hi/corrections/</loc>"));
}

#[test]
fn correction_mistakes_are_reported_where_they_are() {
    let site = small_site(&[(
        "content/briefings/bad.hi.md",
        "+++\ntitle = \"ग़लत\"\ndate = 2025-06-20\n\n[[corrections]]\ntext = \"\"\n\n[[corrections]]\ndate = \"कल\"\ntext = \"कुछ\"\nby = \"x\"\n+++\n\nपाठ।\n",
    )]);
    let run = site.run("build", &[]);
    assert_eq!(run.code, 1, "{}", run.err);
    for expected in [
        "content/briefings/bad.hi.md:5:1: error: missing required key `corrections.date`",
        "content/briefings/bad.hi.md:6:8: error: a correction's `text` must say what was wrong",
        "content/briefings/bad.hi.md:9:8: error:",
        "content/briefings/bad.hi.md:11:1: error: unknown key `by`",
    ] {
        assert!(run.err.contains(expected), "{expected} in:\n{}", run.err);
    }
}
