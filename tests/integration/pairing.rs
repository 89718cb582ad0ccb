//! Translation sets: pairing by file name and by `translation_key`, missing
//! languages, fallback lists and `status`.

use crate::support::fixture;

#[test]
fn status_json_lists_every_set() {
    let site = fixture("basic");
    let r = site.run("status", &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    insta::assert_snapshot!(r.out);
}

#[test]
fn status_table_puts_urgent_rows_first() {
    let site = fixture("basic");
    let r = site.run("status", &[]);
    insta::assert_snapshot!(r.out);
}

#[test]
fn translation_key_pairs_different_slugs() {
    let site = fixture("basic");
    site.build();
    let en = site.output("en/briefings/monsoon-2025/index.html");
    let hi = site.output("hi/briefings/barish/index.html");
    assert!(
        en.contains("<link rel=\"alternate\" hreflang=\"hi\" href=\"https://example.org/news/hi/briefings/barish/\">")
    );
    assert!(hi.contains(
        "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/news/en/briefings/monsoon-2025/\">"
    ));
    // x-default is the default language's version.
    assert!(en.contains("hreflang=\"x-default\" href=\"https://example.org/news/hi/briefings/barish/\""));
}

#[test]
fn a_missing_translation_is_not_linked() {
    let site = fixture("basic");
    site.build();
    let rail = site.output("hi/briefings/rail/index.html");
    assert!(!rail.contains("<link rel=\"alternate\" hreflang=\"en\""), "no English version to point at");
    assert!(!rail.contains("/en/briefings/rail/"), "no link to an English page that does not exist");
    assert!(!site.output_files().iter().any(|f| f == "en/briefings/rail/index.html"));
}

#[test]
fn fallback_lists_show_untranslated_briefings_marked() {
    let site = fixture("basic");
    let config = site.read("config.toml").replace("paginate = 2", "paginate = 20\nfallback = true");
    site.write("config.toml", &config);
    site.build();
    let en = site.output("en/briefings/index.html");
    let item = crate::support::fragment(&en, "रेल सुरक्षा पर नई रिपोर्ट", "</article>");
    assert!(item.contains("Not yet translated"), "{item}");
    assert!(en.contains("href=\"/news/hi/briefings/rail/\""));
}

#[test]
fn two_files_for_one_language_of_a_set_is_an_error() {
    let site = fixture("basic");
    site.write(
        "content/briefings/rain.hi.md",
        "+++\ntitle = \"बारिश\"\ndate = 2025-06-01\ntranslation_key = \"monsoon\"\n+++\n",
    );
    let r = site.run("check", &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.out.contains("content/briefings/rain.hi.md:4:19: error: content/briefings/barish.hi.md and content/briefings/rain.hi.md are both the `hi` version of translation set `monsoon`"),
        "{}",
        r.out
    );
}
