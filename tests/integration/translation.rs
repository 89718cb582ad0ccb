//! Translation integrity: states through the translator's workflow, the QA rules
//! (each with a finding and a near miss), the stale notice and the side-by-side view.

use serde_json::Value;

use crate::support::{TestSite, fixture, small_site};

fn state(site: &TestSite, key: &str, lang: &str) -> String {
    let r = site.run("status", &["--format", "json"]);
    let rows: Value = serde_json::from_str(&r.out).unwrap();
    let row =
        rows.as_array().unwrap().iter().find(|r| r["key"] == key).unwrap_or_else(|| panic!("no {key} in {}", r.out));
    row["languages"][lang].as_str().unwrap().to_string()
}

#[test]
fn scaffold_current_stale_done_current() {
    let site = fixture("basic");
    let r = site.run("translate", &["content/briefings/rail.hi.md", "--to", "en"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let scaffold = site.read("content/briefings/rail.en.md");
    insta::assert_snapshot!(scaffold);
    // Still the Hindi text: a draft, whatever its hash says, and the script gives it away.
    assert_eq!(state(&site, "briefings/rail", "en"), "draft");
    let check = site.run("check", &["--drafts"]);
    assert!(
        check.out.contains("content/briefings/rail.en.md:16:1: warning: this `en` page is mostly in Devanagari script"),
        "{}",
        check.out
    );
    let again = site.run("translate", &["content/briefings/rail.hi.md", "--to", "en"]);
    assert_eq!(again.code, 2);
    assert!(again.err.contains("already is the `en` version; not overwriting it"), "{}", again.err);

    // The translator's work, then an edit of the original's body.
    site.write(
        "content/briefings/rail.en.md",
        &scaffold
            .replace("रेल सुरक्षा पर नई रिपोर्ट", "New report on rail safety")
            .replace("रेल सुरक्षा पर एक नई रिपोर्ट आई है।", "A new report on rail safety is out.")
            .replace("draft = true", "draft = false"),
    );
    assert_eq!(state(&site, "briefings/rail", "en"), "current");
    let source = site.read("content/briefings/rail.hi.md");
    site.write("content/briefings/rail.hi.md", &source.replace("आई है।", "आई है। इसमें 12 सिफ़ारिशें हैं।"));
    assert_eq!(state(&site, "briefings/rail", "en"), "stale");

    let before = site.read("content/briefings/rail.en.md");
    let r = site.run("translate", &["--done", "content/briefings/rail.en.md"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(state(&site, "briefings/rail", "en"), "current");
    let after = site.read("content/briefings/rail.en.md");
    // The scaffold's three note lines go; of the rest, only the source_hash line changes.
    let is_note = |l: &str| ["# TRANSLATE", "# Translate them", "# (or press Done"].iter().any(|n| l.starts_with(n));
    let note: Vec<&str> = before.lines().filter(|l| is_note(l)).collect();
    assert_eq!(note.len(), 3, "{before}");
    assert!(!after.lines().any(is_note), "{after}");
    let kept = before.lines().filter(|l| !note.contains(l));
    let changed: Vec<(&str, &str)> = kept.zip(after.lines()).filter(|(a, b)| a != b).collect();
    assert_eq!(changed.len(), 1, "only the source_hash line changes: {changed:?}");
    assert!(changed[0].1.starts_with("source_hash = \"sha256:"));
    assert_eq!(before.lines().count(), after.lines().count() + 3);

    // Front matter that translators do not translate does not make it stale.
    let source = site.read("content/briefings/rail.hi.md");
    site.write(
        "content/briefings/rail.hi.md",
        &source.replace(
            "topics = [\"economy\"]",
            "topics = [\"economy\", \"weather\"]\nupdated = 2025-03-02\n\n[[sources]]\ntitle = \"रेल मंत्रालय\"",
        ),
    );
    assert_eq!(state(&site, "briefings/rail", "en"), "current");
}

#[test]
fn done_refuses_an_original_and_translate_refuses_an_unknown_language() {
    let site = fixture("basic");
    let r = site.run("translate", &["--done", "content/briefings/rail.hi.md"]);
    assert_eq!(r.code, 2, "an original given for --done is bad usage, as for diff");
    assert!(r.err.contains("is an original, not a translation"), "{}", r.err);
    assert_eq!(site.run("translate", &["content/briefings/rail.hi.md", "--to", "fr"]).code, 2);
}

/// Writes a Hindi source and its English translation (hash recorded), returns the QA findings on the translation.
fn findings(hi_body: &str, en_body: &str, en_front_extra: &str) -> Vec<(String, String)> {
    let site = fixture("basic");
    site.write("glossary.toml", "[[term]]\nhi = \"रक्षा मंत्री\"\nen = \"Defence Minister\"\n");
    site.write("content/briefings/qa.hi.md", &format!("+++\ntitle = \"जाँच\"\ndate = 2025-04-01\n+++\n\n{hi_body}\n"));
    site.write("content/briefings/qa.en.md", &format!("+++\ntitle = \"Check\"\ndate = 2025-04-01\n{en_front_extra}\n[translation]\nfrom = \"hi\"\n+++\n\n{en_body}\n"));
    assert_eq!(site.run("translate", &["--done", "content/briefings/qa.en.md"]).code, 0);
    let r = site.run("check", &["--format", "json"]);
    let all: Value = serde_json::from_str(&r.out).unwrap();
    all.as_array()
        .unwrap()
        .iter()
        .filter(|d| d["path"] == "content/briefings/qa.en.md")
        .map(|d| (d["rule"].as_str().unwrap_or("").to_string(), d["message"].as_str().unwrap().to_string()))
        .collect()
}

fn rules(found: &[(String, String)]) -> Vec<&str> {
    found.iter().map(|(r, _)| r.as_str()).collect()
}

#[test]
fn numbers_rule() {
    let found = findings(
        "हमले में 220 लोग घायल हुए और हम जाँच कर रहे हैं।",
        "In the attack 250 people were injured and we are looking into it.",
        "",
    );
    assert_eq!(rules(&found), ["numbers", "numbers"], "{found:?}");
    assert!(
        found[0].1.starts_with("number 220 appears once in the source (content/briefings/qa.hi.md:6:10)"),
        "{found:?}"
    );
    let near = findings(
        "१९,००० लोग आए, 12,34,567 रुपये ख़र्च हुए, 2.5% बढ़त।",
        "19000 people came, 1,234,567 rupees were spent, a 2.5% rise.",
        "",
    );
    assert!(near.is_empty(), "{near:?}");
}

#[test]
fn a_missing_number_is_reported_at_the_paragraph_that_should_hold_it() {
    let site = fixture("basic");
    site.write(
        "content/briefings/qa.hi.md",
        "+++\ntitle = \"जाँच\"\ndate = 2025-04-01\n+++\n\nपहला अनुच्छेद।\n\n## भाग\n\n- सूची\n- में\n\nतीसरे अनुच्छेद में 42 जहाज़।\n",
    );
    site.write(
        "content/briefings/qa.en.md",
        "+++\ntitle = \"Check\"\ndate = 2025-04-01\n\n[translation]\nfrom = \"hi\"\n+++\n\nFirst paragraph.\n\n## Part\n\n- a list\n- in\n\nThe third paragraph has ships.\n",
    );
    assert_eq!(site.run("translate", &["--done", "content/briefings/qa.en.md"]).code, 0);
    let r = site.run("check", &[]);
    let line = r.out.lines().find(|l| l.contains("[numbers]")).unwrap_or_else(|| panic!("{}", r.out));
    assert_eq!(
        line,
        "content/briefings/qa.en.md:17:1: warning: number 42 appears once in the source (content/briefings/qa.hi.md:13:20) but 0 times here [numbers]"
    );
}

#[test]
fn glossary_rule() {
    let found =
        findings("रक्षा मंत्री ने बैठक में हिस्सा लिया और बात की।", "The minister took part in the meeting and spoke.", "");
    assert_eq!(rules(&found), ["glossary"], "{found:?}");
    assert!(
        found[0]
            .1
            .contains("the source uses “रक्षा मंत्री” but the translation has no “Defence Minister” (glossary.toml:1)")
    );
    let near = findings("दोनों रक्षा मंत्रियों ने बैठक में हिस्सा लिया।", "Both defence ministers took part in the meeting.", "");
    assert!(near.is_empty(), "inflected forms and case still match: {near:?}");
}

#[test]
fn structure_links_and_sources_rules() {
    let found = findings(
        "## एक\n\nपहला भाग यहाँ है।\n\n## दो\n\n- क\n- ख\n\n[रेल](rail.md)",
        "## One\n\nThe first part is here.\n\n- a\n",
        "[[sources]]\ntitle = \"Extra\"\n",
    );
    let mut got = rules(&found);
    got.sort();
    assert_eq!(got, ["links", "sources", "structure", "structure"], "{found:?}");
    let near = findings(
        "## एक\n\nपहला भाग।\n\n- क\n\n[रेल](rail.md)",
        "## One\n\nThe first part.\n\n- a\n\n[rail](rail.en.md)",
        "",
    );
    assert!(near.is_empty(), "a link to the same briefing in another language is the same link: {near:?}");
}

#[test]
fn untranslated_rule() {
    let same = "यह अनुच्छेद अभी अनुवाद नहीं हुआ है।";
    let found = findings(
        &format!("पहला वाक्य।\n\n{same}"),
        &format!("The first sentence is here in English, properly translated for readers.\n\n{same}"),
        "",
    );
    assert_eq!(rules(&found), ["untranslated"], "{found:?}");
    let script = findings(
        "यह एक लंबा अनुच्छेद है जिसमें बहुत सारे शब्द हैं ताकि जाँच हो सके।",
        "यह भी हिन्दी में ही लिखा गया है और अंग्रेज़ी में नहीं है, जाँच के लिए।",
        "",
    );
    assert!(script.iter().any(|(r, m)| r == "untranslated" && m.contains("mostly in Devanagari script")), "{script:?}");
    let near = findings("भारत ने S-400 ख़रीदा।\n\nS-400 Triumf", "India bought the S-400.\n\nS-400 Triumf", "");
    assert!(near.is_empty(), "short identical lines (names, models) are fine: {near:?}");
}

#[test]
fn a_rule_can_be_silenced_with_a_visible_reason() {
    let found = findings(
        "220 लोग।",
        "250 people.",
        "[check]\nallow = [\"numbers\"]\nreason = \"figures updated by the desk\"\n",
    );
    assert!(found.is_empty(), "{found:?}");
    let site = fixture("basic");
    site.write(
        "content/briefings/budget.en.md",
        &site.read("content/briefings/budget.en.md").replace(
            "[translation]",
            "[check]\nallow = [\"numbers\"]\nreason = \"crore written out\"\n\n[translation]",
        ),
    );
    let r = site.run("status", &[]);
    assert!(r.out.contains("briefings/budget (en) allows numbers: crore written out"), "{}", r.out);
    site.write(
        "content/briefings/budget.en.md",
        &site.read("content/briefings/budget.en.md").replace("allow = [\"numbers\"]", "allow = [\"numbrs\"]"),
    );
    let r = site.run("check", &[]);
    assert!(r.out.contains("`numbrs` is not a QA rule (did you mean `numbers`?)"), "{}", r.out);
}

#[test]
fn stale_translation_carries_a_notice_linking_the_original() {
    let site = fixture("basic");
    assert_eq!(site.run("translate", &["--done", "content/briefings/budget.en.md"]).code, 0);
    site.build();
    assert!(!site.output("en/briefings/budget/index.html").contains("stale-notice"));
    site.write("content/briefings/budget.hi.md", &site.read("content/briefings/budget.hi.md").replace("रखे।", "रखे हैं।"));
    site.build();
    let html = site.output("en/briefings/budget/index.html");
    let notice = crate::support::fragment(&html, "<p class=\"stale-notice\"", "</p>");
    assert_eq!(
        notice,
        "<p class=\"stale-notice\" role=\"note\">The original has changed since this translation was made; parts of it may be out of date. <a href=\"/news/hi/briefings/budget/\" hreflang=\"hi\">Read the original</a></p>"
    );
    let check = site.run("check", &[]);
    assert!(check.out.contains("content/briefings/budget.en.md:14:15: warning: stale translation"), "{}", check.out);
}

#[test]
fn side_by_side_view_aligns_sections_with_their_languages() {
    let site = fixture("basic");
    site.build();
    let page = site.output("hi/briefings/budget/index.html");
    assert!(page.contains("<a href=\"/news/hi/briefings/budget/parallel/\">साथ-साथ</a>"));
    let html = site.output("hi/briefings/budget/parallel/index.html");
    // Not a page of its own for search engines: its canonical URL is the briefing's.
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/news/hi/briefings/budget/\">"));
    assert!(!html.contains("hreflang=\"en\" href=\"https://example.org/news/en/briefings/budget/parallel/"));
    let heading_row =
        crate::support::fragment(&html, "<div class=\"parallel-row parallel-heading\">", "</div>\n    </div>");
    insta::assert_snapshot!(heading_row);
    assert!(!site.output("sitemap.xml").contains("parallel"), "the view is not a page of its own for search engines");
    assert!(
        !site.output_files().iter().any(|f| f.starts_with("hi/briefings/rail/parallel")),
        "no view without a translation"
    );
}

#[test]
fn parallel_view_off_writes_no_side_by_side_views_and_links_none() {
    let site = fixture("basic");
    let config = site.read("config.toml");
    let config = match config.contains("[build]") {
        true => config.replace("[build]", "[build]\nparallel_view = false"),
        false => format!("{config}\n[build]\nparallel_view = false\n"),
    };
    site.write("config.toml", &config);
    site.build();
    assert!(!site.output_files().iter().any(|f| f.contains("/parallel/")), "{:?}", site.output_files());
    assert!(!site.output("hi/briefings/budget/index.html").contains("parallel/"));
    assert!(site.output_files().iter().any(|f| f == "hi/briefings/budget/index.html"));
}

#[test]
fn bundled_site_has_one_honest_stale_translation_and_no_other_findings() {
    let r = crate::support::run(&["check", "--root", env!("CARGO_MANIFEST_DIR")]);
    assert_eq!(r.code, 0, "{}", r.out);
    let warnings: Vec<&str> = r.out.lines().filter(|l| l.contains(": warning: ")).collect();
    assert_eq!(warnings.len(), 1, "{}", r.out);
    assert!(
        warnings[0].starts_with("content/briefings/sco-joint-statement.en.md:") && warnings[0].ends_with("[stale]")
    );
}

const BROKEN_HINDI: &str = "+++\ntitle = \"मानसून\"\ndate = 2026-01-01\ndraft = \"no\"\n+++\n\nबारिश।\n";
const ENGLISH_OF_HINDI: &str = "+++\ntitle = \"Monsoon\"\ndate = 2026-01-01\n\n[translation]\nfrom = \"hi\"\nsource_hash = \"sha256:0123456789abcdef\"\n+++\n\nRain.\n";

#[test]
fn an_error_in_the_original_is_reported_once_at_its_cause_and_its_language_shows_as_error() {
    let site = crate::support::small_site(&[
        ("content/briefings/monsoon.hi.md", BROKEN_HINDI),
        ("content/briefings/monsoon.en.md", ENGLISH_OF_HINDI),
        ("content/briefings/only.hi.md", "+++\ntitle = \"अकेला\"\ndate = 2026-01-01\ndraft = \"no\"\n+++\n\nपाठ।\n"),
    ]);
    let check = site.run("check", &[]);
    assert_eq!(check.code, 1);
    let errors: Vec<&str> = check.out.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 2, "one error per broken file, none for the translation: {}", check.out);
    assert!(errors.iter().all(|e| !e.starts_with("content/briefings/monsoon.en.md")), "{errors:?}");
    assert!(errors[0].starts_with("content/briefings/monsoon.hi.md:4:"), "{errors:?}");
    assert!(!check.out.contains("has no `hi` file") && !check.out.contains("none is the original"), "{}", check.out);
    // `status`: the broken files are `error`, not `missing`; the exit status says the site has errors.
    let json = site.run("status", &["--format", "json"]);
    assert_eq!(json.code, 1);
    let rows: Value = serde_json::from_str(&json.out).unwrap();
    let languages = |key: &str| rows.as_array().unwrap().iter().find(|r| r["key"] == key).unwrap()["languages"].clone();
    assert_eq!(languages("briefings/monsoon")["hi"], "error", "{}", json.out);
    assert_eq!(languages("briefings/only"), serde_json::json!({"hi": "error", "en": "missing"}), "{}", json.out);
    assert_eq!(json.err.lines().count(), 2, "each error once: {}", json.err);
    let text = site.run("status", &[]);
    let line = text.out.lines().find(|l| l.starts_with("briefings/only")).unwrap();
    assert_eq!(line.split_whitespace().collect::<Vec<_>>(), ["briefings/only", "error", "missing"], "{}", text.out);
    assert!(text.out.contains("hi: 2 error"), "{}", text.out);
}

#[test]
fn translating_a_folder_briefing_writes_its_index_file_in_its_folder() {
    let site = crate::support::small_site(&[(
        "content/briefings/photo/index.hi.md",
        "+++\ntitle = \"तस्वीर\"\ndate = 2026-01-01\n+++\n\nपाठ।\n",
    )]);
    let r = site.run("translate", &["content/briefings/photo/index.hi.md", "--to", "en"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.starts_with("Created content/briefings/photo/index.en.md "), "{}", r.out);
    assert!(site.root.join("content/briefings/photo/index.en.md").is_file());
    assert!(!site.root.join("content/briefings/photo/photo.en.md").exists());
    assert_eq!(state(&site, "briefings/photo", "en"), "draft");
    let built = site.run("build", &["--drafts"]);
    assert_eq!(built.code, 0, "{}", built.err);
    assert!(site.output_files().contains(&"en/briefings/photo/index.html".to_string()));
}

#[test]
fn translate_refuses_a_translation_whose_url_another_page_takes() {
    let site = crate::support::small_site(&[
        ("content/briefings/rail.hi.md", "+++\ntitle = \"रेल\"\ndate = 2026-01-01\n+++\n\nपाठ।\n"),
        (
            "content/briefings/trains.en.md",
            "+++\ntitle = \"Trains\"\ndate = 2026-01-01\nslug = \"rail\"\n+++\n\nText.\n",
        ),
    ]);
    let r = site.run("translate", &["content/briefings/rail.hi.md", "--to", "en"]);
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(r.err.contains("would both be written to /en/briefings/rail/"), "{}", r.err);
    assert!(!site.root.join("content/briefings/rail.en.md").exists());
    // A slug of its own gives the translation a URL that is free.
    let r = site.run("translate", &["content/briefings/rail.hi.md", "--to", "en", "--slug", "railways"]);
    assert_eq!(r.code, 0, "{}", r.err);
}

#[test]
fn translate_slug_gives_a_translation_its_own_url_one_file_or_bundle() {
    let site = crate::support::small_site(&[
        ("content/briefings/रेल-बजट.hi.md", "+++\ntitle = \"रेल बजट\"\ndate = 2026-01-01\n+++\n\nपाठ।\n"),
        ("content/briefings/तस्वीर/index.hi.md", "+++\ntitle = \"तस्वीर\"\ndate = 2026-01-01\n+++\n\nपाठ।\n"),
    ]);
    let r = site.run("translate", &["content/briefings/रेल-बजट.hi.md", "--to", "en", "--slug", "rail-budget"]);
    assert_eq!(r.code, 0, "{}", r.err);
    // The file keeps its original's name, so the two pair by name; the URL comes from `slug`.
    let text = site.read("content/briefings/रेल-बजट.en.md");
    assert!(text.contains("\nslug = \"rail-budget\"\n"), "{text}");
    let r = site.run("translate", &["content/briefings/तस्वीर/index.hi.md", "--to", "en", "--slug", "photo"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(site.read("content/briefings/तस्वीर/index.en.md").contains("\nslug = \"photo\"\n"));
    assert!(!site.root.join("content/briefings/photo").exists(), "the bundle's folder is not renamed");
    let built = site.run("build", &["--drafts"]);
    assert_eq!(built.code, 0, "{}", built.err);
    let files = site.output_files();
    for page in
        ["en/briefings/rail-budget/index.html", "en/briefings/photo/index.html", "hi/briefings/रेल-बजट/index.html"]
    {
        assert!(files.contains(&page.to_string()), "{page} in {files:?}");
    }
    assert_eq!(state(&site, "briefings/रेल-बजट", "en"), "draft");
    // The rules of `new --slug`: used as typed or refused with the reason, nothing written.
    for (slug, why) in [
        ("Rail-Budget", "would have to become `rail-budget`"),
        ("../x", "give another"),
        ("con", "a device name on Windows"),
        ("index", "names the main file"),
    ] {
        site.write("content/briefings/नया.hi.md", "+++\ntitle = \"नया\"\ndate = 2026-01-01\n+++\n\nपाठ।\n");
        let r = site.run("translate", &["content/briefings/नया.hi.md", "--to", "en", "--slug", slug]);
        assert_eq!(r.code, 2, "{slug}: {}", r.out);
        assert!(r.err.starts_with(&format!("error: --slug `{slug}`: ")) && r.err.contains(why), "{slug}: {}", r.err);
        assert!(!site.root.join("content/briefings/नया.en.md").exists());
    }
}

#[test]
fn done_removes_the_scaffolds_note_and_check_reports_one_left_behind() {
    let site = fixture("basic");
    assert_eq!(site.run("translate", &["content/briefings/rail.hi.md", "--to", "en"]).code, 0);
    let scaffold = site.read("content/briefings/rail.en.md");
    assert!(scaffold.starts_with("+++\n# TRANSLATE: the title, summary and body below are still the hi text of content/briefings/rail.hi.md.\n"), "{scaffold}");
    // Translated and published by hand, without `--done`: the hash the scaffold wrote says
    // `current`, so the note is what tells that nobody said it was done.
    let translated = scaffold
        .replace("रेल सुरक्षा पर नई रिपोर्ट", "New report on rail safety")
        .replace("रेल सुरक्षा पर एक नई रिपोर्ट आई है।", "A new report on rail safety is out.")
        .replace("draft = true", "draft = false");
    site.write("content/briefings/rail.en.md", &translated);
    assert_eq!(state(&site, "briefings/rail", "en"), "current");
    let check = site.run("check", &[]);
    assert!(
        check.out.contains("content/briefings/rail.en.md:2:1: warning: the scaffold's `# TRANSLATE:` note is still here: once the text is translated, run `patrika translate --done content/briefings/rail.en.md`, which removes it [untranslated]\n"),
        "{}",
        check.out
    );
    assert_eq!(site.run("check", &["--strict"]).code, 1);
    let r = site.run("translate", &["--done", "content/briefings/rail.en.md"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let done = site.read("content/briefings/rail.en.md");
    assert_eq!(done, translated.replacen(&translated[4..translated.find("title =").unwrap()], "", 1));
    let check = site.run("check", &[]);
    assert!(!check.out.contains("TRANSLATE"), "{}", check.out);
    // `[check] allow` silences it like any finding of its rule.
    let mut kept = scaffold.replace("draft = true", "draft = false");
    kept =
        kept.replacen("[translation]", "[check]\nallow = [\"untranslated\"]\nreason = \"a test\"\n\n[translation]", 1);
    site.write("content/briefings/rail.en.md", &kept);
    assert!(!site.run("check", &[]).out.contains("TRANSLATE"));
}

#[test]
fn urdu_digits_are_the_numbers_they_write() {
    let site = small_site(&[
        (
            "content/briefings/budget.ur.md",
            "+++\ntitle = \"بجٹ\"\ndate = 2025-06-26\n+++\n\nحکومت نے ۱۹ ہزار کروڑ روپے دیے اور ۲۵٪ اضافہ کیا۔\n",
        ),
        (
            "content/briefings/budget.en.md",
            "+++\ntitle = \"Budget\"\ndate = 2025-06-26\n[translation]\nfrom = \"ur\"\n+++\n\n\
             The government gave 19 thousand crore and raised it by 26%.\n",
        ),
    ]);
    let config = site.read("config.toml");
    site.write(
        "config.toml",
        &format!("{config}\n[languages.ur]\nname = \"اردو\"\ntitle = \"خبریں\"\ndescription = \"آزمائش\"\n"),
    );
    let r = site.run("check", &[]);
    let findings: Vec<&str> = r.out.lines().filter(|l| l.ends_with("[numbers]")).collect();
    // 19 is ۱۹; the only differences are 25 in the source and 26 in the translation.
    assert_eq!(findings.len(), 2, "{}", r.out);
    assert!(findings.iter().any(|l| l.contains("number ۲۵ appears once in the source")), "{findings:?}");
    assert!(findings.iter().any(|l| l.contains("number 26 appears once here")), "{findings:?}");
}
