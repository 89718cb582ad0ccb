//! Embargo: a page whose `publish_at` is still ahead leaves no trace in `build` (page,
//! pictures, card, feed, sitemaps, search index, lists), `serve` shows it marked as
//! scheduled, `status`, `check` and the desk list it, and the moment is measured with
//! its offset (`PATRIKA_NOW` sets the build's time).

use std::io::Read;
use std::process::Command;

use patrika::media::testing::noise_photo_jpeg;

use crate::serve::{get, serve};
use crate::support::{TestSite, small_site};

const HELD_TITLE_HI: &str = "गुप्त बजट प्रस्ताव";
const HELD_TITLE_EN: &str = "Secret budget proposal";

/// A published briefing, and a Hindi original with its English translation and a picture,
/// both under embargo until `publish_at`; search on.
fn embargoed_site(publish_at: &str) -> TestSite {
    let site = small_site(&[
        ("content/briefings/open.hi.md", "+++\ntitle = \"खुली ख़बर\"\ndate = 2025-06-20\n+++\n\nसबके लिए पाठ।\n"),
        (
            "content/briefings/embargoed-budget/index.hi.md",
            &format!(
                "+++\ntitle = \"{HELD_TITLE_HI}\"\ndate = 2025-06-20\npublish_at = {publish_at}\nimage = \"chart.jpg\"\n\
                 image_alt = \"चार्ट\"\ntopics = [\"budget\"]\n+++\n\nरहस्यमय पाठ।\n"
            ),
        ),
        (
            "content/briefings/embargoed-budget/index.en.md",
            &format!(
                "+++\ntitle = \"{HELD_TITLE_EN}\"\ndate = 2025-06-20\npublish_at = {publish_at}\nimage = \"chart.jpg\"\n\
                 image_alt = \"A chart\"\ntopics = [\"budget\"]\n[translation]\nfrom = \"hi\"\n+++\n\nMysterious text.\n"
            ),
        ),
    ]);
    let config = site.read("config.toml");
    site.write(
        "config.toml",
        &format!("{config}\n[topics.budget]\nhi = \"बजट\"\nen = \"Budget\"\n\n[search]\nenabled = true\n"),
    );
    std::fs::write(site.root.join("content/briefings/embargoed-budget/chart.jpg"), noise_photo_jpeg(800, 500, 9))
        .unwrap();
    site
}

/// Every output file's text (gzip-compressed search files opened), by path.
fn output_texts(site: &TestSite) -> Vec<(String, String)> {
    site.output_files()
        .into_iter()
        .map(|rel| {
            let bytes = std::fs::read(site.root.join("public").join(&rel)).unwrap();
            let mut opened = Vec::new();
            let text = match flate2::read::GzDecoder::new(&bytes[..]).read_to_end(&mut opened) {
                Ok(_) => String::from_utf8_lossy(&opened).into_owned(),
                Err(_) => String::from_utf8_lossy(&bytes).into_owned(),
            };
            (rel, text)
        })
        .collect()
}

#[test]
fn a_page_under_embargo_leaves_no_trace_in_the_output() {
    let site = embargoed_site("2999-01-01T06:00:00+05:30");
    let run = site.build();
    let texts = output_texts(&site);
    assert!(texts.iter().any(|(p, _)| p.starts_with("pagefind/")), "the search index is built");
    for (path, text) in &texts {
        for trace in ["embargoed-budget", HELD_TITLE_HI, HELD_TITLE_EN, "रहस्यमय", "Mysterious", "chart"]
        {
            assert!(!path.contains(trace) && !text.contains(trace), "{trace} in {path}");
        }
    }
    assert!(site.output("hi/index.html").contains("खुली ख़बर"), "the rest is published");
    assert!(!run.out.contains("image"), "no picture published: {}", run.out);
    // status, check and the desk list it with its time.
    let status = site.run("status", &[]);
    assert!(
        status.out.contains("briefings/embargoed-budget (hi) is scheduled: it goes out at 2999-01-01T06:00:00+05:30"),
        "{}",
        status.out
    );
    let check = site.run("check", &[]);
    assert!(
        check.out.contains(
            "scheduled: content/briefings/embargoed-budget/index.en.md goes out at 2999-01-01T06:00:00+05:30"
        ),
        "{}",
        check.out
    );
    let desk = site.run("status", &["--format", "html"]);
    assert!(desk.out.contains("<time class=\"scheduled\" datetime=\"2999-01-01T06:00:00+05:30\">"), "{}", desk.out);
    // Said in the desk's language (the site's first), in the zone it was written in.
    assert!(desk.out.contains("निर्धारित: 1 जनवरी 2999, 06:00 (UTC+05:30) पर प्रकाशित होगा"), "{}", desk.out);
    assert!(!desk.out.contains("https://example.org/hi/briefings/embargoed-budget/"), "no link to an unpublished page");
}

#[test]
fn the_moment_is_measured_with_its_offset_and_patrika_now_sets_the_clock() {
    // 06:00 in India is 00:30 UTC.
    let site = embargoed_site("2030-01-01T06:00:00+05:30");
    let build_at = |now: &str| {
        crate::news_sitemap::build_at(&site, now);
        site.root.join("public/hi/briefings/embargoed-budget/index.html").exists()
    };
    assert!(!build_at("2030-01-01T00:29:59Z"));
    assert!(build_at("2030-01-01T00:30:00Z"));
    assert!(site.root.join("public/en/briefings/embargoed-budget/card.png").exists());
    let out = Command::new(env!("CARGO_BIN_EXE_patrika"))
        .args(["build", "--root", &site.root.display().to_string()])
        .env("PATRIKA_NOW", "tomorrow")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("PATRIKA_NOW:1:1: error: `tomorrow` is not an RFC 3339 time")
    );
}

#[test]
fn serve_shows_a_scheduled_page_marked_with_its_time() {
    let site = embargoed_site("2999-01-01T06:00:00+05:30");
    let server = serve(&site);
    let (status, _, page) = get(&server.address, "/hi/briefings/embargoed-budget/");
    assert_eq!(status, 200, "{page}");
    assert!(
        page.contains("<time datetime=\"2999-01-01T06:00:00+05:30\">1 जनवरी 2999, 06:00 (UTC+05:30)</time>"),
        "{page}"
    );
    assert!(page.contains("class=\"scheduled-notice\""), "{page}");
}

#[test]
fn a_publish_at_without_offset_is_refused_and_a_translation_may_not_go_first() {
    let site = embargoed_site("2999-01-01");
    let run = site.run("build", &[]);
    assert_eq!(run.code, 1);
    assert!(
        run.err.contains("content/briefings/embargoed-budget/index.hi.md:4:14: error: `publish_at` is a date alone: write the moment with its offset"),
        "{}",
        run.err
    );
    let site = embargoed_site("2999-01-01T06:00:00");
    let run = site.run("build", &[]);
    assert!(run.err.contains("index.hi.md:4:14: error: `publish_at` is a time without its offset"), "{}", run.err);
    for (written, found) in [("\"2999-01-01T06:00:00+05:30\"", "a string"), ("06:00:00", "a time of day")] {
        let run = embargoed_site(written).run("build", &[]);
        let expected = format!(
            "index.hi.md:4:14: error: `publish_at` must be a TOML date and time with its offset such as \
             2025-06-27T06:00:00+05:30 (no quotes), found {found}"
        );
        assert!(run.err.contains(&expected), "{expected} in {}", run.err);
    }
    // A translation that goes out before its source is a finding on it.
    let site = embargoed_site("2999-01-01T06:00:00+05:30");
    let en = site
        .read("content/briefings/embargoed-budget/index.en.md")
        .replace("2999-01-01T06:00:00+05:30", "2998-12-31T06:00:00+05:30");
    site.write("content/briefings/embargoed-budget/index.en.md", &en);
    let check = site.run("check", &[]);
    assert!(
        check.out.contains("content/briefings/embargoed-budget/index.en.md:4:14: warning: this translation's `publish_at` 2998-12-31T06:00:00+05:30 is before its source's"),
        "{}",
        check.out
    );
    assert!(check.out.contains("[embargo]"), "{}", check.out);
}

#[test]
fn a_translation_goes_out_with_its_original_never_before_it() {
    // The English translation forgets the embargo, or names an earlier moment.
    for own in ["", "publish_at = 2029-12-31T00:00:00Z\n"] {
        let site = embargoed_site("2030-01-01T06:00:00+05:30");
        let en = site.read("content/briefings/embargoed-budget/index.en.md");
        let en = en.replace("publish_at = 2030-01-01T06:00:00+05:30\n", own);
        site.write("content/briefings/embargoed-budget/index.en.md", &en);
        let published = |now: &str| {
            crate::news_sitemap::build_at(&site, now);
            ["hi", "en"]
                .map(|lang| site.root.join(format!("public/{lang}/briefings/embargoed-budget/index.html")).exists())
        };
        assert_eq!(
            published("2029-12-31T12:00:00Z"),
            [false, false],
            "{own}: the translation is held with its original"
        );
        let texts = output_texts(&site);
        assert!(texts.iter().all(|(_, text)| !text.contains(HELD_TITLE_EN)), "{own}: no trace of the translation");
        assert_eq!(published("2030-01-01T00:30:00Z"), [true, true], "{own}: both go out together");
        // `check` agrees with `build` (no error) and says what to write.
        let check = site.run("check", &[]);
        assert_eq!(check.code, 0, "{}", check.err);
        assert!(
            check.out.contains("held with its source") || check.out.contains("held until its source goes out"),
            "{}",
            check.out
        );
    }
}

#[test]
fn a_translation_of_a_draft_waits_for_it_with_a_warning() {
    let site = embargoed_site("2030-01-01T06:00:00+05:30");
    for lang in ["hi", "en"] {
        let path = format!("content/briefings/embargoed-budget/index.{lang}.md");
        let text = site.read(&path).replace("publish_at = 2030-01-01T06:00:00+05:30\n", "");
        let text = if lang == "hi" { text.replacen("+++\n", "+++\ndraft = true\n", 1) } else { text };
        site.write(&path, &text);
    }
    let run = site.build();
    assert_eq!(run.code, 0, "{}", run.err);
    assert!(
        run.err.contains(
            "content/briefings/embargoed-budget/index.en.md:8:8: warning: not published: its original \
             content/briefings/embargoed-budget/index.hi.md is a draft"
        ),
        "{}",
        run.err
    );
    assert!(!site.root.join("public/en/briefings/embargoed-budget").exists());
    let drafts = site.run("build", &["--drafts"]);
    assert_eq!(drafts.code, 0, "{}", drafts.err);
    assert!(!drafts.err.contains("not published"), "{}", drafts.err);
    assert!(site.root.join("public/en/briefings/embargoed-budget/index.html").exists());
}

#[test]
fn translate_done_and_diff_work_on_a_page_under_embargo() {
    let site = embargoed_site("2999-01-01T06:00:00+05:30");
    std::fs::remove_file(site.root.join("content/briefings/embargoed-budget/index.en.md")).unwrap();
    let made = site.run("translate", &["content/briefings/embargoed-budget/index.hi.md", "--to", "en"]);
    assert_eq!(made.code, 0, "{}", made.err);
    let scaffold = site.read("content/briefings/embargoed-budget/index.en.md");
    assert!(scaffold.contains("publish_at = 2999-01-01T06:00:00+05:30"), "the embargo goes with it: {scaffold}");
    let done = site.run("translate", &["--done", "content/briefings/embargoed-budget/index.en.md"]);
    assert_eq!(done.code, 0, "{}", done.err);
    let diff = site.run("diff", &["content/briefings/embargoed-budget/index.en.md"]);
    assert_eq!(diff.code, 0, "{}", diff.err);
}
