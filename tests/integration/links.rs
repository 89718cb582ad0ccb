//! Links between content files resolve to the page in the reader's language.

use crate::support::fixture;

#[test]
fn links_resolve_in_the_current_language() {
    let site = fixture("basic");
    site.build();
    let hi = site.output("hi/briefings/budget/index.html");
    assert!(hi.contains("<a href=\"/news/hi/briefings/rail/\">रेल ब्रीफ़िंग</a>"), "{hi}");
    assert!(hi.contains("<a href=\"/news/hi/about/\">परिचय</a>"));
    let en = site.output("en/briefings/budget/index.html");
    assert!(en.contains("<a href=\"/news/en/about/\">about page</a>"));
    // No English rail briefing: the link goes to the original, marked with its language.
    assert!(en.contains("<a href=\"/news/hi/briefings/rail/\" hreflang=\"hi\">rail briefing</a>"), "{en}");
}

#[test]
fn relative_parent_links_keep_their_fragment() {
    let site = fixture("basic");
    site.build();
    let deep = site.output("en/analysis/deep/index.html");
    assert!(
        deep.contains("<a href=\"/news/hi/briefings/rail/#top\" hreflang=\"hi\">Hindi rail briefing</a>"),
        "{deep}"
    );
}

#[test]
fn a_link_to_a_draft_is_an_error_unless_drafts_are_built() {
    let site = fixture("basic");
    site.write(
        "content/briefings/old.hi.md",
        "+++\ntitle = \"पुरानी ख़बर\"\ndate = 2024-01-15\n+++\n\nदेखें [मसौदा](draft-note.md)।\n",
    );
    let r = site.run("check", &[]);
    assert!(
        r.out.contains("content/briefings/old.hi.md:6:7: error: link `draft-note.md` points at a draft"),
        "{}",
        r.out
    );
    assert_eq!(site.run("check", &["--drafts"]).code, 0);
}
