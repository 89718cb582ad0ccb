//! Decides what a deploy does: the built files against the bucket's listing, its deploy
//! manifest and, where the manifest cannot be trusted, what the store says of an object.
//! Pure: no requests, no files.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::deploy::headers::{Headers, Phase, headers_of, phase_of};
use crate::deploy::local::LocalFile;

/// The deploy manifest's name below the target's prefix; written last by every complete deploy.
pub(crate) const MANIFEST: &str = ".patrika-deploy.json";

/// An object of the bucket as the listing shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct RemoteObject {
    pub size: u64,
    pub etag: Option<String>,
}

/// What the last complete deploy uploaded, by key: one request instead of one per object.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Manifest {
    pub files: BTreeMap<String, Recorded>,
}

/// One file as a deploy left it: its content and headers, and the ETag the store gave it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub(crate) struct Recorded {
    pub sha256: String,
    pub size: u64,
    pub content_type: String,
    pub cache_control: String,
    pub etag: String,
}

/// What the store says of one object when asked about it directly.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Head {
    /// The `patrika-sha256` metadata every upload carries.
    pub sha256: Option<String>,
    pub content_type: Option<String>,
    pub cache_control: Option<String>,
    pub etag: Option<String>,
}

/// Why a file is uploaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reason {
    New,
    Changed,
}

/// One file to upload, with the headers it gets.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Upload {
    pub file: LocalFile,
    pub headers: Headers,
    pub phase: Phase,
    pub reason: Reason,
}

/// Everything a deploy is to do.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Plan {
    /// In upload order: by phase, then by key.
    pub uploads: Vec<Upload>,
    /// Keys of objects Patrika wrote that the build no longer has.
    pub deletes: Vec<String>,
    /// Keys of objects below the prefix that the build does not have and that Patrika did
    /// not write (no manifest lists them, they carry no `patrika-sha256`): never deleted.
    /// After [`first_pass`] it holds every such object no manifest lists, which the store
    /// is asked about; [`settle_deletions`] keeps only those that are not Patrika's.
    pub foreign: Vec<String>,
    /// Objects Patrika wrote there before this deploy (the manifest not counted).
    pub ours_before: usize,
    /// Files already there as built, as the next manifest records them.
    pub unchanged: BTreeMap<String, Recorded>,
}

/// Deletions a deploy makes without being told their number: at most this many, and at
/// most a quarter of what Patrika has there (an empty build of a three-briefing site
/// deletes about two fifths of it: its pages and cards go, its theme and lists stay).
pub(crate) const DEFAULT_MAX_DELETES: usize = 256;

impl Plan {
    /// The bytes the uploads send.
    pub(crate) fn upload_bytes(&self) -> u64 {
        self.uploads.iter().map(|u| u.file.size).sum()
    }

    /// Why this plan's deletions may not go ahead, if they may not: more than `confirmed`
    /// (the `--max-deletes` given), or, when no number was given, more than
    /// [`DEFAULT_MAX_DELETES`] or more than a quarter of the objects Patrika has there (a wrong
    /// target, a wrong prefix or an almost empty build, whatever the site's size).
    pub(crate) fn deletion_refusal(&self, confirmed: Option<usize>) -> Option<String> {
        let deletes = self.deletes.len();
        match confirmed {
            Some(max) if deletes > max => Some(format!("more than --max-deletes {max} allows")),
            Some(_) => None,
            None if deletes > DEFAULT_MAX_DELETES => {
                Some(format!("more than the {DEFAULT_MAX_DELETES} a deploy deletes unless --max-deletes says so"))
            }
            None if deletes * 4 > self.ours_before => Some(format!(
                "more than a quarter of the {} objects Patrika has there, which a deploy deletes only when --max-deletes says so",
                self.ours_before
            )),
            None => None,
        }
    }
}

/// A file the manifest cannot vouch for: the store must be asked about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Unsettled {
    pub file: LocalFile,
    pub remote: RemoteObject,
}

/// ETags as compared: without quotes or a weak marker.
pub(crate) fn plain_etag(etag: &str) -> &str {
    etag.trim_start_matches("W/").trim_matches('"')
}

/// The first pass: files missing from the bucket are new; files whose manifest entry matches
/// the listing (same size and ETag: nobody wrote the object since) are decided by it; the
/// rest are unsettled. A half-finished deploy never wrote its manifest, so the objects it
/// did upload have ETags the old manifest does not know, and are asked about again.
pub(crate) fn first_pass(
    local: Vec<LocalFile>,
    listing: &BTreeMap<String, RemoteObject>,
    manifest: &Manifest,
) -> (Plan, Vec<Unsettled>) {
    let mut plan = Plan::default();
    let mut unsettled = Vec::new();
    let built: std::collections::HashSet<&str> = local.iter().map(|f| f.key.as_str()).collect();
    // Objects no longer built are deleted if the last deploy's manifest lists them; the
    // others are asked about (their `patrika-sha256` says whether Patrika wrote them).
    let (known, unknown): (Vec<String>, Vec<String>) = listing
        .keys()
        .filter(|k| *k != MANIFEST && !built.contains(k.as_str()))
        .cloned()
        .partition(|k| manifest.files.contains_key(k));
    plan.deletes = known;
    plan.foreign = unknown;
    for file in local.into_iter().filter(|f| f.key != MANIFEST) {
        let headers = headers_of(&file.key);
        let Some(remote) = listing.get(&file.key) else {
            plan.uploads.push(upload(file, headers, Reason::New));
            continue;
        };
        let vouched = manifest
            .files
            .get(&file.key)
            .filter(|r| r.size == remote.size && remote.etag.as_deref().is_some_and(|e| plain_etag(e) == r.etag));
        match vouched {
            Some(recorded) if matches(recorded, &file, &headers) => {
                plan.unchanged.insert(file.key.clone(), recorded.clone());
            }
            Some(_) => plan.uploads.push(upload(file, headers, Reason::Changed)),
            None => unsettled.push(Unsettled { file, remote: remote.clone() }),
        }
    }
    (plan, unsettled)
}

/// The second pass: each unsettled file with what the store said of its object. Content is
/// the same when our metadata hash matches, or, for an object without it, when its ETag is
/// the file's MD5 (S3's ETag of a plain upload); headers must match too.
pub(crate) fn settle(mut plan: Plan, asked: Vec<(Unsettled, Head)>) -> Plan {
    for (Unsettled { file, remote }, head) in asked {
        let headers = headers_of(&file.key);
        let etag = head.etag.as_deref().or(remote.etag.as_deref()).map(plain_etag).unwrap_or_default().to_string();
        let same_bytes = match &head.sha256 {
            Some(sha256) => *sha256 == file.sha256,
            None => etag == file.md5,
        };
        let same_headers = head.content_type.as_deref() == Some(headers.content_type.as_str())
            && head.cache_control.as_deref() == Some(headers.cache_control);
        if same_bytes && same_headers && remote.size == file.size {
            plan.unchanged.insert(file.key.clone(), recorded(&file, &headers, etag));
        } else {
            plan.uploads.push(upload(file, headers, Reason::Changed));
        }
    }
    plan.uploads.sort_by(|a, b| (a.phase, &a.file.key).cmp(&(b.phase, &b.file.key)));
    plan
}

/// The objects no longer built that the manifest did not list, with what the store said
/// of each: one that carries Patrika's content hash was uploaded by a deploy (one stopped
/// before it wrote its manifest) and is deleted; any other is not Patrika's and stays.
pub(crate) fn settle_deletions(
    mut plan: Plan,
    asked: Vec<(String, Head)>,
    listing: &BTreeMap<String, RemoteObject>,
) -> Plan {
    plan.foreign.clear();
    for (key, head) in asked {
        match head.sha256 {
            Some(_) => plan.deletes.push(key),
            None => plan.foreign.push(key),
        }
    }
    plan.deletes.sort();
    plan.foreign.sort();
    plan.ours_before = listing.keys().filter(|k| *k != MANIFEST).count() - plan.foreign.len();
    plan
}

fn matches(recorded: &Recorded, file: &LocalFile, headers: &Headers) -> bool {
    recorded.sha256 == file.sha256
        && recorded.content_type == headers.content_type
        && recorded.cache_control == headers.cache_control
}

fn upload(file: LocalFile, headers: Headers, reason: Reason) -> Upload {
    Upload { phase: phase_of(&file.key), file, headers, reason }
}

/// How the manifest records a file the store now holds with `etag`.
pub(crate) fn recorded(file: &LocalFile, headers: &Headers, etag: String) -> Recorded {
    Recorded {
        sha256: file.sha256.clone(),
        size: file.size,
        content_type: headers.content_type.clone(),
        cache_control: headers.cache_control.to_string(),
        etag,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(key: &str, content: &str) -> LocalFile {
        LocalFile {
            key: key.to_string(),
            path: key.into(),
            size: content.len() as u64,
            sha256: format!("sha-{content}"),
            md5: format!("md5-{content}"),
        }
    }

    fn remote(content: &str, etag: &str) -> RemoteObject {
        RemoteObject { size: content.len() as u64, etag: Some(format!("\"{etag}\"")) }
    }

    fn keys(plan: &Plan) -> (Vec<&str>, Vec<&str>, Vec<&str>) {
        (
            plan.uploads.iter().map(|u| u.file.key.as_str()).collect(),
            plan.deletes.iter().map(String::as_str).collect(),
            plan.unchanged.keys().map(String::as_str).collect(),
        )
    }

    #[test]
    fn a_trusted_manifest_decides_without_asking_and_order_is_by_phase() {
        let local = vec![
            file("hi/index.html", "home v2"),
            file("hi/x/index.html", "page"),
            file("hi/x/a.webp", "pic"),
            file("sitemap.xml", "map"),
        ];
        let listing = BTreeMap::from([
            ("hi/index.html".to_string(), remote("home v1", "e1")),
            ("hi/x/index.html".to_string(), remote("page", "e2")),
            ("old/index.html".to_string(), remote("old", "e3")),
            (MANIFEST.to_string(), remote("{}", "m")),
        ]);
        let mut manifest = Manifest::default();
        for (key, content, etag) in [("hi/index.html", "home v1", "e1"), ("hi/x/index.html", "page", "e2")] {
            let f = file(key, content);
            manifest.files.insert(key.to_string(), recorded(&f, &headers_of(key), etag.to_string()));
        }
        let (plan, unsettled) = first_pass(local, &listing, &manifest);
        assert!(unsettled.is_empty());
        let plan = settle(plan, Vec::new());
        // `old/index.html` is in no manifest: the store is asked whose it is before it goes.
        assert_eq!(keys(&plan), (vec!["hi/x/a.webp", "hi/index.html", "sitemap.xml"], vec![], vec!["hi/x/index.html"]));
        assert_eq!(plan.foreign, ["old/index.html"]);
        assert_eq!(
            plan.uploads.iter().map(|u| u.reason).collect::<Vec<_>>(),
            [Reason::New, Reason::Changed, Reason::New]
        );
        assert_eq!(plan.upload_bytes(), 3 + 7 + 3);
    }

    #[test]
    fn an_object_rewritten_since_the_manifest_is_asked_about() {
        // A deploy uploaded a new page and was killed before writing its manifest.
        let local = vec![file("a.html", "new"), file("b.html", "same")];
        let listing = BTreeMap::from([
            ("a.html".to_string(), remote("new", "e-new")),
            ("b.html".to_string(), remote("same", "e-b")),
        ]);
        let mut manifest = Manifest::default();
        manifest.files.insert("a.html".into(), recorded(&file("a.html", "old"), &headers_of("a.html"), "e-old".into()));
        let (plan, unsettled) = first_pass(local, &listing, &manifest);
        assert_eq!(unsettled.iter().map(|u| u.file.key.as_str()).collect::<Vec<_>>(), ["a.html", "b.html"]);
        let headers = headers_of("a.html");
        let head = |sha256: Option<&str>, etag: &str, cache: &str| Head {
            sha256: sha256.map(str::to_string),
            content_type: Some(headers.content_type.clone()),
            cache_control: Some(cache.to_string()),
            etag: Some(format!("\"{etag}\"")),
        };
        let asked = vec![
            (unsettled[0].clone(), head(Some("sha-new"), "e-new", headers.cache_control)),
            (unsettled[1].clone(), head(None, "md5-same", "no-cache")),
        ];
        let plan = settle(plan, asked);
        // `a.html` went up before the kill; `b.html` has the right bytes but the wrong headers.
        assert_eq!(keys(&plan), (vec!["b.html"], vec![], vec!["a.html"]));
        assert_eq!(plan.unchanged["a.html"].etag, "e-new");
    }

    #[test]
    fn only_objects_patrika_wrote_are_deleted_and_never_most_of_them_unasked() {
        let listing: BTreeMap<String, RemoteObject> =
            ["a.html", "b.html", "c.html", "theirs.pdf", "killed.html", MANIFEST]
                .iter()
                .map(|k| (k.to_string(), remote(k, "e")))
                .collect();
        let mut manifest = Manifest::default();
        for key in ["a.html", "b.html", "c.html"] {
            manifest.files.insert(key.into(), recorded(&file(key, key), &headers_of(key), "e".into()));
        }
        // The build keeps a.html only; killed.html was uploaded by a deploy stopped before its manifest.
        let (plan, _) = first_pass(vec![file("a.html", "a.html")], &listing, &manifest);
        assert_eq!(plan.deletes, ["b.html", "c.html"]);
        assert_eq!(plan.foreign, ["killed.html", "theirs.pdf"], "asked about before anything is deleted");
        let ours = Head { sha256: Some("sha".into()), ..Head::default() };
        let plan = settle_deletions(
            plan,
            vec![("theirs.pdf".into(), Head::default()), ("killed.html".into(), ours)],
            &listing,
        );
        assert_eq!(
            (plan.deletes.clone(), plan.foreign.clone()),
            (vec!["b.html".to_string(), "c.html".into(), "killed.html".into()], vec!["theirs.pdf".to_string()])
        );
        assert_eq!(plan.ours_before, 4);
        // Three of Patrika's four objects: more than a quarter, so only a confirmed number goes ahead.
        assert!(plan.deletion_refusal(None).is_some_and(|why| why.contains("more than a quarter of the 4 objects")));
        assert_eq!(plan.deletion_refusal(Some(3)), None);
        assert!(plan.deletion_refusal(Some(2)).is_some_and(|why| why.contains("more than --max-deletes 2")));
        let few = Plan { deletes: vec!["b.html".into()], ours_before: 5, ..Plan::default() };
        assert_eq!(few.deletion_refusal(None), None);
        let many = Plan { deletes: (0..257).map(|n| n.to_string()).collect(), ours_before: 10_000, ..Plan::default() };
        assert!(many.deletion_refusal(None).is_some_and(|why| why.contains("more than the 256")));
    }

    #[test]
    fn without_our_hash_only_a_matching_md5_etag_proves_the_bytes() {
        let headers = headers_of("x.css");
        let asked = |etag: &str| {
            let unsettled = Unsettled { file: file("x.css", "body"), remote: remote("body", etag) };
            let head = Head {
                sha256: None,
                content_type: Some(headers.content_type.clone()),
                cache_control: Some(headers.cache_control.to_string()),
                etag: None,
            };
            keys(&settle(Plan::default(), vec![(unsettled, head)])).0.len()
        };
        assert_eq!(asked("md5-body"), 0);
        assert_eq!(asked("9b2d1c0e8e4f4a1b8c3d2e1f0a9b8c7d-2"), 1, "a multipart ETag is no MD5");
    }
}
