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
    assert_eq!(site.run("check", &["--drafts"]).code, 0, "the scaffold is valid");
    let again = site.run("new", &["briefings/budget-2026", "--lang", "en"]);
    assert_eq!(again.code, 1);
    assert!(again.err.contains("already exists"));
    assert_eq!(site.run("new", &["briefings/x", "--lang", "fr"]).code, 2);
    assert_eq!(site.run("new", &["no-section"]).code, 2);
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
