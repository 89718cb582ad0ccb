//! `patrika diff`: a source's changes since its translation was made, from a git
//! history that each test writes itself with gix (no `git` binary needed).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::support::{Run, run};

const CONFIG: &str = r#"base_url = "https://example.org/"
default_language = "hi"
theme = "default"

[languages.hi]
name = "हिन्दी"
title = "समाचार"
description = "परीक्षण"

[languages.en]
name = "English"
title = "News"
description = "A test"
"#;

/// 2026-01-01 00:00 UTC; each commit is one day later, in India's time zone.
const FIRST_COMMIT_TIME: i64 = 1_767_225_600;

/// A git repository in a temporary folder with a site in its `site/` subfolder.
pub struct History {
    _dir: tempfile::TempDir,
    pub site: PathBuf,
    repo: gix::Repository,
    /// What the last commit holds: repository path → text.
    committed: BTreeMap<String, String>,
    head: Option<gix::ObjectId>,
    /// Commits made so far, on any branch: each one is a day later.
    commits: i64,
}

impl History {
    pub fn new() -> History {
        let dir = tempfile::tempdir().unwrap();
        let repo = gix::init(dir.path()).unwrap();
        let site = dir.path().join("site");
        std::fs::create_dir_all(site.join("content/briefings")).unwrap();
        std::fs::write(site.join("config.toml"), CONFIG).unwrap();
        History { _dir: dir, site, repo, committed: BTreeMap::new(), head: None, commits: 0 }
    }

    pub fn write(&self, rel: &str, text: &str) {
        std::fs::write(self.site.join(rel), text).unwrap();
    }

    fn remove(&self, rel: &str) {
        std::fs::remove_file(self.site.join(rel)).unwrap();
    }

    /// Commits the files `rels` (site-relative) as they are on disk, or their removal.
    pub fn commit(&mut self, rels: &[&str], message: &str) -> String {
        self.commit_merging(rels, message, None)
    }

    /// Commits `rels` onto HEAD, with `side` as a second parent when given (a merge).
    fn commit_merging(&mut self, rels: &[&str], message: &str, side: Option<gix::ObjectId>) -> String {
        self.committed = self.snapshot_with(rels);
        let tree = self.tree_of(&self.committed);
        let (time, parents) = (self.next_time(), self.head.into_iter().chain(side));
        let me = gix::actor::SignatureRef { name: "Desk".into(), email: "desk@example.org".into(), time: &time };
        let id = self.repo.commit_as(me, me, "HEAD", message, tree, parents).unwrap().detach();
        self.head = Some(id);
        id.to_hex_with_len(7).to_string()
    }

    /// Commits HEAD's files plus `rels` onto `parent` without moving HEAD: a side branch.
    fn commit_beside(&mut self, parent: gix::ObjectId, rels: &[&str], message: &str) -> gix::ObjectId {
        let tree = self.tree_of(&self.snapshot_with(rels));
        let time = self.next_time();
        let me = gix::actor::SignatureRef { name: "Desk".into(), email: "desk@example.org".into(), time: &time };
        self.repo.new_commit_as(me, me, message, tree, [parent]).unwrap().id
    }

    /// HEAD's files with `rels` as they are on disk now (or removed).
    fn snapshot_with(&self, rels: &[&str]) -> BTreeMap<String, String> {
        let mut files = self.committed.clone();
        for rel in rels {
            let key = format!("site/{rel}");
            match std::fs::read_to_string(self.site.join(rel)) {
                Ok(text) => files.insert(key, text),
                Err(_) => files.remove(&key),
            };
        }
        files
    }

    fn tree_of(&self, files: &BTreeMap<String, String>) -> gix::ObjectId {
        let mut tree = self.repo.edit_tree(gix::ObjectId::empty_tree(gix::hash::Kind::Sha1)).unwrap();
        for (path, text) in files {
            let blob = self.repo.write_blob(text.as_bytes()).unwrap().detach();
            tree.upsert(path.as_str(), gix::object::tree::EntryKind::Blob, blob).unwrap();
        }
        tree.write().unwrap().detach()
    }

    /// One day after the previous commit (git's `<seconds> <offset>`).
    fn next_time(&mut self) -> String {
        let time = format!("{} +0530", FIRST_COMMIT_TIME + self.commits * 86_400);
        self.commits += 1;
        time
    }

    /// Marks the repository as a shallow clone whose history ends at `commit`.
    fn make_shallow_at(&self, commit: &str) {
        let id = self.repo.rev_parse_single(commit).unwrap().detach();
        std::fs::write(self.repo.git_dir().join("shallow"), format!("{id}\n")).unwrap();
    }

    /// Overwrites the loose object that `spec` names (`HEAD~1`, `HEAD:site/x`) with bytes
    /// that do not inflate, as a failing disk leaves it; returns the object's full id.
    pub fn corrupt(&self, spec: &str) -> String {
        let id = self.repo.rev_parse_single(spec).unwrap().detach().to_string();
        let file = self.repo.git_dir().join("objects").join(&id[..2]).join(&id[2..]);
        assert!(file.is_file(), "{spec} is a loose object");
        std::fs::remove_file(&file).unwrap();
        std::fs::write(&file, b"\x78\x9c this is not a zlib stream").unwrap();
        id
    }

    pub fn diff(&self, translation: &str, extra: &[&str]) -> Run {
        let file = self.site.join(translation);
        let mut args = vec!["diff", file.to_str().unwrap()];
        args.extend_from_slice(extra);
        run(&args)
    }
}

fn source(title: &str, body: &str) -> String {
    format!("+++\ntitle = \"{title}\"\ndate = 2026-01-01\nsummary = \"मानसून का हाल\"\n+++\n\n{body}")
}

const TRANSLATION: &str = "+++\ntitle = \"The monsoon\"\ndate = 2026-01-01\nsummary = \"The monsoon now\"\n\n[translation]\nfrom = \"hi\"\n+++\n\nThe rains came early.\n";

/// Writes the English translation and records, as a translator would, that it matches the source now.
fn translate(history: &History, source_rel: &str, translation_rel: &str) {
    history.write(translation_rel, TRANSLATION);
    let r = run(&[
        "translate",
        "--done",
        history.site.join(translation_rel).to_str().unwrap(),
        "--root",
        history.site.to_str().unwrap(),
    ]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(r.out.contains(source_rel), "{}", r.out);
}

const V1: &str = "बारिश जल्दी आई।\n\nकेरल में तीन दिन पहले।\n\nकिसान ख़ुश हैं।\n";
const V2: &str = "बारिश जल्दी आई।\n\nकेरल में चार दिन पहले।\n\nकिसान ख़ुश हैं।\n";
const V3: &str = "बारिश जल्दी आई।\n\nकेरल में चार दिन पहले।\n\nकिसान ख़ुश हैं।\n\nमुंबई में अगले हफ़्ते।\n";

pub const SRC: &str = "content/briefings/monsoon.hi.md";
pub const EN: &str = "content/briefings/monsoon.en.md";

/// v1 committed and translated, v2 committed, v3 only on disk; with the id of the
/// commit of the translation.
pub fn edited_twice() -> (History, String) {
    let mut h = History::new();
    h.write(SRC, &source("मानसून", V1));
    h.commit(&[SRC], "v1");
    translate(&h, SRC, EN);
    // The newest commit that holds the version translated is the one to name.
    let translated = h.commit(&[EN], "translation");
    h.write(SRC, &source("मानसून जल्दी", V2));
    h.commit(&[SRC], "v2");
    h.write(SRC, &source("मानसून जल्दी", V3));
    (h, translated)
}

#[test]
fn diff_is_against_the_version_translated_not_the_previous_commit() {
    let (h, first) = edited_twice();
    let r = h.diff(EN, &[]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert!(
        r.out.starts_with(&format!("{SRC} has changed since {EN} was translated from the version in commit {first} (")),
        "{}",
        r.out
    );
    // v1 → v3: the title, the edited paragraph of v2 and the paragraph added on disk since.
    assert!(r.out.contains("- मानसून\n+ मानसून जल्दी\n"), "{}", r.out);
    assert!(r.out.contains("- केरल में तीन दिन पहले।\n+ केरल में चार दिन पहले।\n"), "{}", r.out);
    assert!(r.out.contains("+ मुंबई में अगले हफ़्ते।\n"), "{}", r.out);
    assert!(!r.out.contains("summary:"), "an unchanged field is left out:\n{}", r.out);
    insta::assert_snapshot!(r.out);
}

#[test]
fn diff_json_has_the_commit_and_every_changed_paragraph() {
    let (h, first) = edited_twice();
    let r = h.diff(EN, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let json: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(json["commit"], first.as_str());
    assert_eq!(json["commit_date"], "2026-01-02");
    assert_eq!(json["source_path"], SRC);
    let fields: Vec<&str> = json["fields"].as_array().unwrap().iter().map(|f| f["field"].as_str().unwrap()).collect();
    assert_eq!(fields, ["title", "body"]);
    let body = &json["fields"][1]["changes"];
    assert_eq!(body[0], serde_json::json!({"kind": "same", "text": "बारिश जल्दी आई।"}));
    assert_eq!(body[1], serde_json::json!({"kind": "removed", "text": "केरल में तीन दिन पहले।"}));
    assert_eq!(body[2], serde_json::json!({"kind": "added", "text": "केरल में चार दिन पहले।"}));
    assert_eq!(body[4], serde_json::json!({"kind": "added", "text": "मुंबई में अगले हफ़्ते।"}));
}

#[test]
fn diff_follows_a_source_renamed_and_edited_in_history() {
    let mut h = History::new();
    let (old_src, old_en) = ("content/briefings/barish.hi.md", "content/briefings/barish.en.md");
    h.write(old_src, &source("मानसून", V1));
    translate(&h, old_src, old_en);
    let first = h.commit(&[old_src, old_en], "v1 and its translation");
    // Renamed with a small edit in one commit (git's rename detection), then edited again.
    let translation = std::fs::read_to_string(h.site.join(old_en)).unwrap();
    h.remove(old_src);
    h.remove(old_en);
    h.write(SRC, &source("मानसून", V2));
    h.write(EN, &translation);
    h.commit(&[old_src, old_en, SRC, EN], "rename");
    h.write(SRC, &source("मानसून", V3));
    h.commit(&[SRC], "v3");
    let r = h.diff(EN, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let json: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(json["commit"], first.as_str());
    assert_eq!(json["source_path"], old_src);
    let text = h.diff(EN, &[]).out;
    assert!(text.contains(&format!("the version in commit {first} (2026-01-01), when it was {old_src}:")), "{text}");
    assert!(text.contains("- केरल में तीन दिन पहले।\n+ केरल में चार दिन पहले।\n"), "{text}");
}

#[test]
fn a_version_translated_on_a_merged_branch_is_found() {
    let mut h = History::new();
    h.write(SRC, &source("मानसून", V1));
    h.commit(&[SRC], "v1");
    let base = h.head.unwrap();
    // On a branch: edited and translated, then edited again; meanwhile main gains another briefing.
    h.write(SRC, &source("मानसून", V2));
    translate(&h, SRC, EN);
    let translated = h.commit_beside(base, &[SRC, EN], "v2 and its translation");
    h.write(SRC, &source("मानसून", V3));
    let side = h.commit_beside(translated, &[SRC, EN], "v3");
    let other = "content/briefings/garmi.hi.md";
    h.write(other, &source("गर्मी", "लू चली।\n"));
    h.commit(&[other], "another briefing");
    h.commit_merging(&[SRC, EN], "merge the branch", Some(side));
    h.write(SRC, &source("मानसून", &format!("{V3}\nदिल्ली में जुलाई में।\n")));
    let r = h.diff(EN, &["--format", "json"]);
    assert_eq!(r.code, 0, "{}", r.err);
    let json: serde_json::Value = serde_json::from_str(&r.out).unwrap();
    assert_eq!(json["commit"], translated.to_hex_with_len(7).to_string());
    let added: Vec<&str> = json["fields"][0]["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["kind"] == "added")
        .map(|c| c["text"].as_str().unwrap())
        .collect();
    assert_eq!(added, ["मुंबई में अगले हफ़्ते।", "दिल्ली में जुलाई में।"]);
}

#[test]
fn a_current_translation_is_up_to_date() {
    let (h, _) = edited_twice();
    translate(&h, SRC, EN);
    let r = h.diff(EN, &[]);
    assert_eq!(r.code, 0, "{}", r.err);
    assert_eq!(r.out, format!("{EN} is up to date: {SRC} has not changed since it was translated\n"));
    let json: serde_json::Value = serde_json::from_str(&h.diff(EN, &["--format", "json"]).out).unwrap();
    assert_eq!(json, serde_json::json!({"translation": EN, "source": SRC, "up_to_date": true}));
}

#[test]
fn without_a_repository_diff_says_so_and_exits_1() {
    let h = History::new();
    std::fs::remove_dir_all(h.repo.git_dir()).unwrap();
    h.write(SRC, &source("मानसून", V1));
    translate(&h, SRC, EN);
    h.write(SRC, &source("मानसून", V2));
    let r = h.diff(EN, &[]);
    assert_eq!(r.code, 1);
    assert_eq!(r.out, "");
    assert_eq!(
        r.err,
        format!(
            "error: cannot show what changed in {SRC} since {EN} was translated: the site is not in a git repository, so there is no history to compare with\n"
        )
    );
}

#[test]
fn when_no_committed_version_matches_diff_says_how_many_there_are_and_exits_1() {
    let mut h = History::new();
    h.write(SRC, &source("मानसून", V1));
    h.commit(&[SRC], "v1");
    h.write(SRC, &source("मानसून", V2));
    h.commit(&[SRC], "v2");
    // Translated from text that was never committed.
    h.write(SRC, &source("मानसून", V3));
    translate(&h, SRC, EN);
    h.write(SRC, &source("मानसून", V1));
    let r = h.diff(EN, &[]);
    assert_eq!(r.code, 1);
    assert!(
        r.err.contains("none of the 2 committed versions of the source in git history has the recorded source_hash"),
        "{}",
        r.err
    );
}

#[test]
fn a_shallow_clone_without_the_version_translated_says_so() {
    let (mut h, _) = edited_twice();
    let last = h.commit(&[SRC], "v3");
    h.make_shallow_at(&last);
    let r = h.diff(EN, &[]);
    assert_eq!(r.code, 1);
    assert!(r.err.contains("shallow clone") && r.err.contains("fetch-depth: 0"), "{}", r.err);
}

#[test]
fn a_source_never_committed_and_an_original_are_refused() {
    let h = History::new();
    h.write(SRC, &source("मानसून", V1));
    translate(&h, SRC, EN);
    h.write(SRC, &source("मानसून", V2));
    let r = h.diff(EN, &[]);
    assert_eq!(r.code, 1);
    assert!(r.err.contains("has never been committed"), "{}", r.err);
    let original = h.diff(SRC, &[]);
    assert_eq!(original.code, 2);
    assert!(original.err.contains(&format!("{SRC} is an original, not a translation")), "{}", original.err);
}

#[test]
fn a_file_outside_any_site_needs_root() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("x.en.md");
    std::fs::write(&file, TRANSLATION).unwrap();
    let r = run(&["diff", file.to_str().unwrap()]);
    assert_eq!(r.code, 2, "a file in no site is bad usage");
    let folder = dir.path().canonicalize().unwrap();
    assert_eq!(
        r.err,
        format!(
            "error: no config.toml in {} or any folder above it: run this inside a Patrika site, or pass --root\n",
            folder.display()
        )
    );
}

#[test]
fn piped_diff_output_has_no_colour() {
    let (h, _) = edited_twice();
    let file: &Path = &h.site.join(EN);
    let out = Command::new(env!("CARGO_BIN_EXE_patrika")).arg("diff").arg(file).output().unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("+ मुंबई में अगले हफ़्ते।"), "{text}");
    assert!(!text.contains('\x1b'), "{text:?}");
}

#[test]
fn a_damaged_object_is_reported_as_damage_naming_it_not_as_never_committed() {
    // The version translated is a blob that can no longer be read.
    let (h, _) = edited_twice();
    let blob = h.corrupt(&format!("HEAD~1:site/{SRC}"));
    let r = h.diff(EN, &[]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert!(r.err.contains("the git repository is damaged: blob "), "{}", r.err);
    assert!(r.err.contains(&blob) && r.err.contains("git fsck"), "{}", r.err);
    assert!(!r.err.contains("never been committed") && !r.err.contains("none of the"), "{}", r.err);
    // A commit on the way to it.
    let (h, _) = edited_twice();
    let commit = h.corrupt("HEAD~1");
    let r = h.diff(EN, &["--format", "json"]);
    assert_eq!(r.code, 1, "{}", r.out);
    assert!(r.err.contains("the git repository is damaged") && r.err.contains(&commit), "{}", r.err);
    assert!(!r.err.contains("never been committed"), "{}", r.err);
}
