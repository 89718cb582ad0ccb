//! `patrika build` on fixture sites: output files, page fragments, feeds, sitemap.

use crate::support::{fixture, fragment, run};

#[test]
fn output_file_list() {
    let site = fixture("basic");
    let r = site.build();
    assert!(r.out.starts_with("Built 10 pages (hi 6, en 4) as "), "{}", r.out);
    // Fingerprints change with every edit of the theme; the snapshot keeps where they are.
    let files: Vec<String> = site.output_files().iter().map(|f| without_content_hash(f)).collect();
    insta::assert_snapshot!(files.join("\n"));
}

/// `style.0a1b2c3d4e.css` → `style.<hash>.css`.
fn without_content_hash(name: &str) -> String {
    let parts: Vec<&str> = name.split('.').collect();
    let hashed = |p: &&str| p.len() == 10 && p.bytes().all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b));
    match parts.as_slice() {
        [stem @ .., hash, ext] if !stem.is_empty() && hashed(hash) => format!("{}.<hash>.{ext}", stem.join(".")),
        _ => name.to_string(),
    }
}

#[test]
fn hindi_briefing_page() {
    let site = fixture("basic");
    site.build();
    let html = site.output("hi/briefings/budget/index.html");
    assert!(html.contains("<html lang=\"hi\" dir=\"ltr\">"));
    // digits = "devanagari": Hindi month name and Devanagari digits.
    assert!(html.contains("<time datetime=\"2025-02-01\">१ फ़रवरी २०२५</time>"), "{html}");
    assert!(html.contains("<link rel=\"canonical\" href=\"https://example.org/news/hi/briefings/budget/\">"));
    assert!(
        html.contains(
            "<link rel=\"alternate\" hreflang=\"en\" href=\"https://example.org/news/en/briefings/budget/\">"
        )
    );
    assert!(html.contains(
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"https://example.org/news/hi/briefings/budget/\">"
    ));
    assert!(html.contains("<meta property=\"og:type\" content=\"article\">"));
    let switcher = fragment(&html, "<nav class=\"lang-switcher\"", "</nav>");
    insta::assert_snapshot!(switcher);
    assert!(html.contains("<h2 id=\"प्रमुख-बातें\">प्रमुख बातें</h2>"));
    assert!(html.contains("href=\"https://example.gov.in/budget\""), "sources are linked");
}

#[test]
fn english_translation_page() {
    let site = fixture("basic");
    site.build();
    let html = site.output("en/briefings/budget/index.html");
    assert!(html.contains("<html lang=\"en\" dir=\"ltr\">"));
    assert!(html.contains("<time datetime=\"2025-02-01\">1 February 2025</time>"), "{html}");
    assert!(html.contains("Arjun Nair"), "translators shown");
    assert!(html.contains("href=\"/news/hi/briefings/budget/\""), "links back to the original");
}

#[test]
fn every_root_relative_link_stays_under_the_base_path() {
    let site = fixture("basic");
    site.build();
    for file in site.output_files().iter().filter(|f| f.ends_with(".html")) {
        let html = site.output(file);
        for (i, _) in html.match_indices("href=\"/") {
            let rest = &html[i + 6..];
            assert!(rest.starts_with("/news/"), "{file}: {}", &rest[..rest.len().min(60)]);
        }
    }
}

#[test]
fn lists_paginate_newest_first() {
    let site = fixture("basic");
    site.build();
    let first = site.output("hi/briefings/index.html");
    let second = site.output("hi/briefings/page/2/index.html");
    let monsoon = first.find("मानसून जल्दी पहुँचा").expect("newest on page 1");
    let rail = first.find("रेल सुरक्षा पर नई रिपोर्ट").expect("second newest on page 1");
    assert!(monsoon < rail);
    assert!(second.contains("पुरानी ख़बर") && second.contains("बजट में रेलवे"));
    assert!(!first.contains("पुरानी ख़बर"));
    assert!(second.contains("href=\"/news/hi/briefings/\""), "page 2 links back to page 1");
    // English lists show only English pages (fallback is off).
    let en = site.output("en/briefings/index.html");
    assert!(en.contains("Monsoon arrives early") && !en.contains("रेल सुरक्षा"));
}

#[test]
fn drafts_only_with_the_flag() {
    let site = fixture("basic");
    site.build();
    assert!(!site.output_files().iter().any(|f| f.contains("draft-note")));
    let r = site.run("build", &["--drafts"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(site.output("hi/briefings/draft-note/index.html").contains("अधूरा मसौदा"));
}

#[test]
fn feeds_and_sitemap_are_well_formed_xml() {
    let site = fixture("basic");
    site.build();
    let feed = site.output("hi/atom.xml");
    let doc = roxmltree::Document::parse(&feed).expect("atom parses");
    let titles: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("title") && n.parent().is_some_and(|p| p.has_tag_name("entry")))
        .filter_map(|n| n.text())
        .collect();
    assert_eq!(
        titles,
        ["मानसून जल्दी पहुँचा", "रेल सुरक्षा पर नई रिपोर्ट", "बजट में रेलवे को ज़्यादा पैसा", "BOM और CRLF", "पुरानी ख़बर"]
    );
    let sitemap = site.output("sitemap.xml");
    let doc = roxmltree::Document::parse(&sitemap).expect("sitemap parses");
    let budget = doc
        .descendants()
        .find(|n| n.has_tag_name("loc") && n.text() == Some("https://example.org/news/hi/briefings/budget/"))
        .and_then(|n| n.parent())
        .expect("budget in sitemap");
    let alternates: Vec<(&str, &str)> = budget
        .children()
        .filter(|n| n.has_tag_name("link"))
        .map(|n| (n.attribute("hreflang").unwrap(), n.attribute("href").unwrap()))
        .collect();
    assert_eq!(
        alternates,
        [
            ("hi", "https://example.org/news/hi/briefings/budget/"),
            ("en", "https://example.org/news/en/briefings/budget/"),
            ("x-default", "https://example.org/news/hi/briefings/budget/"),
        ]
    );
    assert_eq!(
        site.output("robots.txt"),
        "User-agent: *\nAllow: /\n\nSitemap: https://example.org/news/sitemap.xml\nSitemap: https://example.org/news/news-sitemap.xml\n"
    );
}

#[test]
fn base_url_flag_moves_every_link() {
    let site = fixture("basic");
    let r = site.run("build", &["--base-url", "https://staging.example.net/"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let html = site.output("en/briefings/budget/index.html");
    assert!(html.contains("<link rel=\"canonical\" href=\"https://staging.example.net/en/briefings/budget/\">"));
    // The stylesheet is linked by its fingerprinted name, which the build publishes.
    let css = fragment(&html, "<link rel=\"stylesheet\" href=\"/theme/style.", "\">");
    let name = css.trim_start_matches("<link rel=\"stylesheet\" href=\"/").trim_end_matches("\">");
    assert!(name.len() == "theme/style.0123456789.css".len() && name.ends_with(".css"), "{css}");
    assert!(site.output(name).contains("@font-face"), "{name}");
}

#[test]
fn bom_and_crlf_files_build() {
    let site = fixture("basic");
    site.build();
    assert!(site.output("hi/analysis/windows/index.html").contains("<h1 class=\"briefing-title\">BOM और CRLF</h1>"));
}

#[test]
fn failed_build_keeps_previous_output() {
    let site = fixture("basic");
    site.build();
    let before = site.output("hi/briefings/budget/index.html");
    site.write("content/briefings/budget.hi.md", "+++\ntitle = \"टूटा\"\n");
    let r = site.run("build", &[]);
    assert_eq!(r.code, 1);
    assert!(r.err.contains("content/briefings/budget.hi.md:1:1: error: unclosed front matter"), "{}", r.err);
    assert!(r.err.contains("the previous output was left untouched"));
    assert_eq!(site.output("hi/briefings/budget/index.html"), before);
}

#[test]
fn output_folder_may_not_be_the_site_root() {
    let site = fixture("basic");
    let root = site.root_arg();
    let r = run(&["build", "--root", &root, "--output", &root]);
    // The folder came from the command line, so it is bad usage (exit 2), said without a file position.
    assert_eq!(r.code, 2);
    assert!(r.err.starts_with("error: --output: refusing to write the site to"), "{}", r.err);
    assert!(site.root.join("config.toml").exists());
}

#[test]
fn bundled_example_site_builds_with_every_translation_linked() {
    let out = tempfile::tempdir().unwrap();
    let target = out.path().join("public");
    let r = run(&["build", "--root", env!("CARGO_MANIFEST_DIR"), "--output", target.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.err.is_empty(), "the bundled site builds without warnings:\n{}", r.err);
    for slug in ["sco-qingdao-india-russia", "rajnath-dong-jun-meeting", "sco-joint-statement"] {
        let hi = std::fs::read_to_string(target.join(format!("hi/briefings/{slug}/index.html"))).unwrap();
        let en = std::fs::read_to_string(target.join(format!("en/briefings/{slug}/index.html"))).unwrap();
        assert!(hi.contains(&format!("href=\"/en/briefings/{slug}/\"")), "{slug}: hi links to en");
        assert!(en.contains(&format!("href=\"/hi/briefings/{slug}/\"")), "{slug}: en links to hi");
        assert!(hi.contains(" जून 2025</time>"), "{slug}: Hindi month name");
    }
    assert!(target.join("theme/fonts/noto-sans-devanagari-devanagari-400-normal.woff2").exists());
    assert!(target.join("theme/fonts/OFL.txt").exists());
}

#[test]
fn root_page_greets_every_language_in_its_own() {
    let site = fixture("basic");
    site.build();
    let root = site.output("index.html");
    assert!(root.contains("<span class=\"chooser-phrase\" lang=\"hi\" dir=\"ltr\">भाषा चुनें</span>"), "{root}");
    assert!(root.contains("<span class=\"chooser-phrase\" lang=\"en\" dir=\"ltr\">Choose a language</span>"));
    assert!(root.contains("<a href=\"/news/en/\" hreflang=\"en\" lang=\"en\" dir=\"ltr\" data-home>"));
}
