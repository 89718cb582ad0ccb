//! `init`, `new`, `--help` and exit statuses.

use std::process::Command;

use crate::support::{fixture, run};

#[test]
fn init_makes_a_site_that_builds_at_once() {
    let dir = tempfile::tempdir().unwrap();
    let target = dir.path().join("newsroom");
    let r = run(&["init", target.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.err);
    let r = run(&["build", "--root", target.to_str().unwrap()]);
    assert_eq!(r.code, 0, "{}", r.err);
    let page = std::fs::read_to_string(target.join("public/hi/briefings/first-briefing/index.html")).unwrap();
    assert!(page.contains("पहली ब्रीफ़िंग"));
    assert!(target.join("themes/default/templates/page.html").exists(), "the theme is written out to customise");
    let again = run(&["init", target.to_str().unwrap()]);
    assert_eq!(again.code, 1);
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
    assert_eq!(again.code, 1);
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
    assert_eq!(lost.status.code(), Some(1));
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

#[test]
fn the_binary_exits_1_on_site_errors() {
    let site = fixture("invalid");
    let out = Command::new(env!("CARGO_BIN_EXE_patrika")).args(["build", "--root", &site.root_arg()]).output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8(out.stderr).unwrap().contains("content/briefings/wrong-type.hi.md:3:8: error:"));
}
