//! `init`, `new`, `--help` and exit statuses.

use std::process::Command;

use crate::support::{fixture, run};

#[test]
fn init_makes_a_site_that_builds_and_checks_without_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("newsroom");
    let root = target.to_str().unwrap();
    let r = run(&["init", root]);
    assert_eq!(r.code, 0, "{}", r.err);
    let r = run(&["build", "--root", root]);
    assert_eq!((r.code, r.err.as_str()), (0, ""), "no warning either");
    assert!(r.out.starts_with("Built 2 pages (hi 1, en 1) as "), "{}", r.out);
    let page = std::fs::read_to_string(target.join("public/hi/briefings/first-briefing/index.html")).unwrap();
    assert!(page.contains("पहली ब्रीफ़िंग"));
    assert!(target.join("themes/default/templates/page.html").exists(), "the theme is written out to customise");
    let check = run(&["check", "--root", root, "--strict"]);
    assert_eq!((check.code, check.out.as_str()), (0, "0 errors, 0 warnings in 2 pages\n"), "{}", check.err);
    // The example translation records the hash of its original: current, not untracked.
    let status = run(&["status", "--root", root, "--format", "json"]);
    assert!(status.out.contains("\"en\": \"current\""), "{}", status.out);
    let again = run(&["init", root]);
    assert_eq!(again.code, 2, "a folder that is not empty is bad usage");
    assert!(again.err.contains("is not an empty folder"));
}

#[test]
fn new_scaffolds_a_dated_draft_and_refuses_to_overwrite() {
    let site = fixture("basic");
    let r = site.run("new", &["briefings/budget-2026", "--lang", "en"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let text = site.read("content/briefings/budget-2026.en.md");
    let today = chrono::Local::now().date_naive().to_string();
    assert!(text.contains(&format!("date = {today}\n")), "{text}");
    assert!(text.contains("title = \"budget 2026\""));
    let again = site.run("new", &["briefings/budget-2026", "--lang", "hi"]);
    assert_eq!(again.code, 2);
    assert_eq!(
        again.err,
        "error: content/briefings/budget-2026.en.md already uses the slug `budget-2026`: add a language with `patrika translate`, or choose another --slug\n"
    );
    assert_eq!(site.run("new", &["briefings/x", "--lang", "fr"]).code, 2);
    assert_eq!(site.run("new", &["no-section"]).code, 2, "a section alone needs --title or --slug");
}

#[test]
fn new_makes_the_slug_from_a_title_in_any_script() {
    let site = fixture("basic");
    let r = site.run("new", &["briefings", "--title", "भारत का रुख़: SCO में"]);
    assert_eq!(r.code, 0, "{}", r.err);
    // NFC keeps the nukta as a separate mark; the colon and spaces become single hyphens.
    let text = site.read("content/briefings/भारत-का-रुख़-sco-में.hi.md");
    assert!(text.starts_with("+++\ntitle = \"भारत का रुख़: SCO में\"\n"), "{text}");
    // A path whose last part is a title works the same way, and the title is kept as typed.
    let r = site.run("new", &["briefings/रक्षा मंत्री का दौरा", "--bundle"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let bundle = site.read("content/briefings/रक्षा-मंत्री-का-दौरा/index.hi.md");
    assert!(bundle.contains("title = \"रक्षा मंत्री का दौरा\""), "{bundle}");
    let r = site.run("new", &["briefings", "--title", "Budget", "--slug", "budget-2027", "--lang", "en"]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(site.read("content/briefings/budget-2027.en.md").contains("title = \"Budget\""));
    let built = site.run("build", &["--drafts"]);
    assert_eq!(built.code, 0, "{}", built.err);
    assert!(site.output_files().contains(&"hi/briefings/रक्षा-मंत्री-का-दौरा/index.html".to_string()));
}

#[test]
fn new_refuses_paths_outside_content_and_language_suffixes() {
    let site = fixture("basic");
    for (args, message) in [
        (
            vec!["/srv/x"],
            "error: `/srv/x` is a path on disk; give the briefing inside content/ as <section>/<slug>, e.g. briefings/budget-2026\n",
        ),
        (vec!["briefings/../x"], "error: `briefings/../x` leaves content/ with `..`; give <section>/<slug>\n"),
        (
            vec!["briefings/x.en"],
            "error: the slug ends in `.en`, a language code: the language goes in --lang (patrika new briefings/<slug> --lang en)\n",
        ),
        (
            vec!["briefings", "--slug", "x.hi"],
            "error: the slug ends in `.hi`, a language code: the language goes in --lang (patrika new briefings/<slug> --lang hi)\n",
        ),
        (vec!["briefings", "--title", "।।"], "error: no letters or digits in `।।` to make a slug of; give --slug\n"),
    ] {
        let r = site.run("new", &args);
        assert_eq!((r.code, r.err.as_str()), (2, message), "{args:?}");
    }
    assert!(!site.root.join("content/srv").exists() && !site.root.join("content/x.md").exists());
}

#[test]
fn the_scaffold_is_a_clean_draft_in_its_own_language() {
    let site = fixture("basic");
    assert_eq!(site.run("new", &["briefings/naya"]).code, 0);
    let hindi = site.read("content/briefings/naya.hi.md");
    let body = hindi.split("+++").nth(2).unwrap();
    assert!(body.contains("## पृष्ठभूमि") && !body.contains("Write"), "{hindi}");
    assert!(!hindi.contains("summary = \"\"\n"), "no empty summary field: {hindi}");
    let check = site.run("check", &["--drafts"]);
    assert!(check.out.contains("0 errors") && !check.out.contains("naya"), "the scaffold checks clean: {}", check.out);
    site.run("build", &["--drafts"]);
    let page = site.output("hi/briefings/naya/index.html");
    assert!(page.contains("<h2 id=\"पृष्ठभूमि\">पृष्ठभूमि</h2>"), "no empty heading");
    let list = site.output("hi/briefings/index.html");
    assert!(list.contains("यहाँ पहला अनुच्छेद लिखें"), "the first paragraph is the list summary");
}

#[test]
fn check_warns_about_empty_summaries_and_headings() {
    let site = fixture("basic");
    site.write(
        "content/briefings/empty.hi.md",
        "+++\ntitle = \"खाली\"\ndate = 2024-01-01\nsummary = \"\"\n+++\n\nपहला अनुच्छेद।\n\n## \n\nदूसरा।\n\n## **ठीक**\n",
    );
    let r = site.run("check", &[]);
    let found: Vec<&str> = r.out.lines().filter(|l| l.contains("[empty]")).collect();
    assert_eq!(
        found,
        [
            "content/briefings/empty.hi.md:4:11: warning: empty summary: write one or two sentences, or remove the line so the first paragraph is used [empty]",
            "content/briefings/empty.hi.md:9:1: warning: empty heading: it would publish as a heading without text; write it or remove it [empty]",
        ]
    );
}

#[test]
fn commands_find_the_site_from_a_file_or_folder_inside_it() {
    let site = fixture("basic");
    let elsewhere = tempfile::tempdir().unwrap();
    let bin = env!("CARGO_BIN_EXE_patrika");
    let source = site.root.join("content/briefings/rail.hi.md");
    let out = Command::new(bin)
        .args(["translate", source.to_str().unwrap(), "--to", "en"])
        .current_dir(elsewhere.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    assert!(site.root.join("content/briefings/rail.en.md").exists());
    let status = Command::new(bin).args(["status"]).current_dir(site.root.join("content/briefings")).output().unwrap();
    let text = String::from_utf8(status.stdout).unwrap();
    assert!(text.contains("briefings/rail") && text.contains("draft"), "{text}");
    let new = Command::new(bin)
        .args(["new", "briefings/from-below"])
        .current_dir(site.root.join("content"))
        .output()
        .unwrap();
    assert_eq!(new.status.code(), Some(0));
    assert!(site.root.join("content/briefings/from-below.hi.md").exists(), "content/ is not taken for the root");
    let lost = Command::new(bin).args(["check"]).current_dir(elsewhere.path()).output().unwrap();
    assert_eq!(lost.status.code(), Some(2), "outside any site is bad usage: there is no site to have errors");
    let err = String::from_utf8(lost.stderr).unwrap();
    assert!(
        err.starts_with("error: no config.toml in ")
            && err.ends_with(" or any folder above it: run this inside a Patrika site, or pass --root\n"),
        "{err}"
    );
    assert!(!err.contains(":1:1"), "{err}");
}

#[test]
fn bad_usage_exits_2_and_help_exits_0() {
    let bin = env!("CARGO_BIN_EXE_patrika");
    let bad = Command::new(bin).arg("frobnicate").output().unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let help = Command::new(bin).args(["build", "--help"]).output().unwrap();
    assert_eq!(help.status.code(), Some(0));
    let text = String::from_utf8(help.stdout).unwrap();
    assert!(text.contains("--base-url") && text.contains("--drafts"), "{text}");
}

/// Asking for what cannot be done exits 2 with a message saying why, and changes nothing;
/// 1 is kept for errors in the site.
#[test]
fn every_usage_mistake_exits_2_saying_what_to_do() {
    let site = fixture("basic");
    let root = site.root_arg();
    let files_before = content_files(&site);
    let elsewhere = tempfile::tempdir().unwrap();
    let nowhere = elsewhere.path().display().to_string();
    let occupied = elsewhere.path().join("occupied");
    std::fs::create_dir_all(&occupied).unwrap();
    std::fs::write(occupied.join("notes.txt"), "mine").unwrap();
    let cases: &[(&[&str], &str)] = &[
        (
            &["translate", "--done", "content/briefings/rail.hi.md"],
            "error: content/briefings/rail.hi.md has no [translation] table: it is an original, not a translation; give a translation's file\n",
        ),
        (
            &["translate", "content/briefings/budget.hi.md", "--to", "en"],
            "error: content/briefings/budget.en.md already is the `en` version; not overwriting it\n",
        ),
        (
            &["translate", "content/briefings/missing.hi.md", "--to", "en"],
            "error: content/briefings/missing.hi.md: no such file\n",
        ),
        (&["translate", "config.toml", "--to", "en"], "error: config.toml is not a briefing or page of the site"),
        (&["translate", "content/briefings/rail.hi.md", "--to", "en", "--slug", "Rail"], "error: --slug `Rail`: "),
        (&["diff", "content/briefings/rail.hi.md"], "error: content/briefings/rail.hi.md is an original"),
        (&["new", "briefings/rail"], "error: content/briefings/rail.hi.md already uses the slug `rail`"),
        (&["build", "--base-url", "not a url"], "error: --base-url: "),
    ];
    for (args, message) in cases {
        let (command, rest) = args.split_first().unwrap();
        let r = site.run(command, rest);
        assert_eq!(r.code, 2, "{args:?}: {}", r.err);
        assert!(r.err.starts_with(message), "{args:?}: {}", r.err);
    }
    assert_eq!(content_files(&site), files_before, "nothing was written");
    // A file given without --root: the site is found from it, or the file is not there.
    let r = run(&["translate", &format!("{root}/content/briefings/missing.hi.md"), "--to", "en"]);
    assert_eq!(r.code, 2, "{}", r.err);
    assert!(r.err.ends_with("/content/briefings/missing.hi.md: no such file or folder\n"), "{}", r.err);
    let r = run(&["check", "--root", &nowhere]);
    assert_eq!(r.code, 2, "{}", r.err);
    assert!(r.err.contains(": no config.toml there (is this a Patrika site? `patrika init` makes one)"), "{}", r.err);
    let r = run(&["init", occupied.to_str().unwrap()]);
    assert_eq!(r.code, 2, "{}", r.err);
    assert!(r.err.ends_with("is not an empty folder; init writes only into a new or empty one\n"), "{}", r.err);
    assert_eq!(std::fs::read_dir(&occupied).unwrap().count(), 1, "init wrote nothing");
}

#[test]
fn the_binary_exits_1_on_site_errors() {
    let site = fixture("invalid");
    let out = Command::new(env!("CARGO_BIN_EXE_patrika")).args(["build", "--root", &site.root_arg()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("content/briefings/wrong-type.hi.md:3:8: error:"));
}

/// Every Markdown file under `content/`, relative to it, sorted.
fn content_files(site: &crate::support::TestSite) -> Vec<String> {
    let content = site.root.join("content");
    let mut files: Vec<String> = walkdir::WalkDir::new(&content)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(&content).unwrap().to_string_lossy().replace('\\', "/"))
        .collect();
    files.sort();
    files
}

/// The title of a file's front matter, read with a TOML parser of its own.
fn title_of(text: &str) -> String {
    let front = text.strip_prefix("+++\n").and_then(|t| t.split_once("\n+++\n")).expect("front matter").0;
    let table: toml::Table = front.parse().unwrap_or_else(|e| panic!("front matter does not parse: {e}\n{text}"));
    table["title"].as_str().unwrap().to_string()
}

#[test]
fn new_refuses_index_names_which_would_turn_a_section_into_a_folder_briefing() {
    let site = crate::support::small_site(&[("content/briefings/_index.hi.md", "+++\ntitle = \"ब्रीफ़िंग\"\n+++\n")]);
    let before = content_files(&site);
    for args in [
        vec!["briefings/_index"],
        vec!["briefings/index", "--bundle"],
        vec!["briefings", "--slug", "_index"],
        vec!["briefings", "--title", "Index"],
        vec!["briefings/_index.md", "--lang", "en"],
    ] {
        let r = site.run("new", &args);
        assert_eq!(r.code, 2, "{args:?}: {}{}", r.out, r.err);
        assert!(
            r.err.contains("names the main file of a section (`_index`) or of a folder briefing"),
            "{args:?}: {}",
            r.err
        );
    }
    assert_eq!(content_files(&site), before);
}

#[test]
fn new_writes_any_one_line_title_as_valid_toml_and_refuses_line_breaks() {
    let site = crate::support::small_site(&[]);
    for (n, title) in [
        "+++",
        "say \"+++\" \\ and ''' or \"\"\" here",
        "x = 1\n[translation]",
        "चुनाव +++\n+++",
        "tab\there",
        "a\u{2028}b",
    ]
    .into_iter()
    .enumerate()
    {
        let slug = format!("t{n}");
        let r = site.run("new", &["briefings", "--title", title, "--slug", &slug]);
        let file = site.root.join(format!("content/briefings/{slug}.hi.md"));
        if title.contains(['\n', '\t', '\u{2028}']) {
            assert_eq!(r.code, 2, "{title:?}: {}", r.out);
            assert!(r.err.contains("a headline is one line") || r.err.contains("control character"), "{}", r.err);
            assert!(!file.exists());
        } else {
            assert_eq!(r.code, 0, "{title:?}: {}", r.err);
            assert_eq!(title_of(&std::fs::read_to_string(&file).unwrap()), title);
        }
    }
    let check = site.run("check", &["--drafts"]);
    assert_eq!(check.code, 0, "every scaffold reads back: {}", check.out);
}

#[test]
fn a_long_headline_gets_a_slug_cut_at_a_word_and_says_so() {
    let site = crate::support::small_site(&[]);
    let headline =
        "भारत और चीन के विदेश मंत्रियों ने सीमा पर तनाव कम करने के लिए नई सहमति बनाई, अगली बैठक अगले महीने दिल्ली में होगी";
    assert!(headline.chars().count() > 100);
    let r = site.run("new", &["briefings", "--title", headline]);
    assert_eq!(r.code, 0, "{}", r.err);
    let files = content_files(&site);
    let file = files.iter().find(|f| f.starts_with("briefings/")).unwrap();
    let slug = file.trim_start_matches("briefings/").trim_end_matches(".hi.md");
    assert!(slug.len() <= 100 && headline.replace([' ', ','], "-").replace("--", "-").starts_with(slug), "{slug}");
    assert!(!slug.ends_with('-'), "{slug}");
    assert!(r.out.contains(&format!("its slug was cut to {} bytes, at a word: `{slug}`", slug.len())), "{}", r.out);
    assert_eq!(title_of(&site.read(&format!("content/{file}"))), headline, "the title is kept whole");
    assert_eq!(site.run("build", &["--drafts"]).code, 0);
}

#[test]
fn slugs_new_would_have_to_change_are_refused_saying_why() {
    let site = crate::support::small_site(&[]);
    for (slug, why) in [
        ("../../x", "climb folders"),
        ("a/b", "must be one URL path segment"),
        (".hidden", "must not start with a dot"),
        ("CON", "is a device name on Windows"),
        ("nul.txt", "is a device name on Windows"),
        ("Budget", "would have to become `budget`"),
        ("a_b", "would have to become `a-b`"),
        ("x y", "must not contain spaces"),
    ] {
        let r = site.run("new", &["briefings", "--title", "X", "--slug", slug]);
        assert_eq!(r.code, 2, "{slug}: {}", r.out);
        assert!(r.err.starts_with(&format!("error: --slug `{slug}`: ")) && r.err.contains(why), "{slug}: {}", r.err);
    }
    let long = "क".repeat(40);
    let r = site.run("new", &["briefings", "--title", "X", "--slug", &long]);
    assert_eq!(r.code, 2);
    assert!(r.err.contains("120 bytes long, and slugs are kept to 100"), "{}", r.err);
    assert!(content_files(&site).is_empty(), "{:?}", content_files(&site));
    assert!(!site.root.parent().unwrap().join("x.hi.md").exists());
}

#[test]
fn a_slug_another_page_already_takes_in_its_front_matter_is_refused() {
    let site = crate::support::small_site(&[
        ("content/briefings/long-name.hi.md", "+++\ntitle = \"क\"\ndate = 2026-01-01\nslug = \"taken\"\n+++\n\nपाठ।\n"),
        (
            "content/briefings/other.en.md",
            "+++\ntitle = \"E\"\ndate = 2026-01-01\nslug = \"english-only\"\n+++\n\nText.\n",
        ),
    ]);
    let r = site.run("new", &["briefings/taken"]);
    assert_eq!(r.code, 2, "{}", r.out);
    assert_eq!(
        r.err,
        "error: content/briefings/taken.hi.md would clash with the site: content/briefings/long-name.hi.md and content/briefings/taken.hi.md would both be written to /hi/briefings/taken/\n"
    );
    assert!(!site.root.join("content/briefings/taken.hi.md").exists());
    // In another language the URL is another one.
    assert_eq!(site.run("new", &["briefings", "--title", "Taken", "--lang", "en"]).code, 0);
    let r = site.run("new", &["briefings/english-only", "--lang", "en", "--bundle"]);
    assert_eq!(r.code, 2, "{}", r.out);
    assert!(r.err.contains("would both be written to /en/briefings/english-only/"), "{}", r.err);
    assert_eq!(site.run("new", &["briefings/english-only"]).code, 0, "the Hindi URL is free");
}
