//! What changed in a source since its translation was made (README, "Translations: the workflow"): finds,
//! in the site's git history, the version a translation's `source_hash` was
//! recorded from and diffs it with the source now, paragraph by paragraph.
//! Reads git in-process (gix) and nothing else; prints nothing.

mod align;
mod paragraphs;
mod version;
mod walk;

use std::fmt;
use std::path::Path;

use serde::Serialize;

pub(crate) use align::marked_words;
pub(crate) use paragraphs::{Shown, paragraphs, with_context};

/// How a source changed since the version a translation was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct SourceDiff {
    /// Short id of the newest commit holding the version the translation was made from.
    pub commit: String,
    /// That commit's date (`YYYY-MM-DD`, in the committer's own time zone).
    pub commit_date: String,
    /// Where the source was in that commit, relative to the site root (it may have moved since).
    pub source_path: String,
    /// The fields that changed, in the order title, summary, body.
    pub fields: Vec<FieldDiff>,
}

/// The paragraphs of one changed field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub(crate) struct FieldDiff {
    /// `"title"`, `"summary"` or `"body"`.
    pub field: &'static str,
    pub changes: Vec<Change>,
}

/// One paragraph (a blank-line-separated block) of a changed field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "text", rename_all = "lowercase")]
pub(crate) enum Change {
    /// Unchanged, kept for context.
    Same(String),
    /// In the version translated, no longer in the source.
    Removed(String),
    /// In the source now, not in the version translated.
    Added(String),
}

/// Why no diff could be made; as JSON `{"kind": "no_matching_version", "versions": 3}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub(crate) enum DiffFailure {
    /// The site is not inside a git repository with a working tree.
    NoRepository,
    /// A shallow clone, and the versions it has do not include the one translated.
    Shallow,
    /// No commit holds the source file (it was never committed).
    NotTracked,
    /// The history holds `versions` different versions of the source, none with the recorded hash.
    NoMatchingVersion { versions: usize },
    /// An object the history refers to cannot be read: `object` says which, `error` what gix found.
    Damaged { object: String, error: String },
}

impl fmt::Display for DiffFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DiffFailure::NoRepository => f.write_str("the site is not in a git repository, so there is no history to compare with"),
            DiffFailure::Shallow => f.write_str(
                "the repository is a shallow clone and the version translated is not in it; fetch the full history (git fetch --unshallow, or fetch-depth: 0 in CI)",
            ),
            DiffFailure::NotTracked => f.write_str("the source file has never been committed, so git has no earlier version of it"),
            DiffFailure::NoMatchingVersion { versions } => write!(
                f,
                "none of the {} of the source in git history has the recorded source_hash (was it translated from uncommitted text?)",
                match versions {
                    1 => "1 committed version".to_string(),
                    n => format!("{n} committed versions"),
                }
            ),
            DiffFailure::Damaged { object, error } => write!(
                f,
                "the git repository is damaged: {object} cannot be read ({error}); `git fsck` lists what is broken"
            ),
        }
    }
}

/// Diffs the source as it is now (`current`: title, summary, body) against the newest
/// committed version whose `source_hash` is `recorded_hash`.
///
/// `source_file` is relative to `site_root`; the repository is found by walking up
/// from `site_root`, so a site may be a subfolder of it. Callers check staleness first:
/// for a current translation the result has no fields.
pub(crate) fn diff_since_translation(
    site_root: &Path,
    source_file: &Path,
    recorded_hash: &str,
    current: (&str, &str, &str),
) -> Result<SourceDiff, DiffFailure> {
    let found = walk::find_version(site_root, source_file, recorded_hash)?;
    let (title, summary, body) = current;
    let pairs = [
        ("title", found.parts.title.as_str(), title),
        ("summary", found.parts.summary.as_str(), summary),
        ("body", found.parts.body.as_str(), body),
    ];
    let fields = pairs
        .into_iter()
        .map(|(field, old, new)| FieldDiff { field, changes: paragraphs::diff(old, new) })
        .filter(|f| f.changes.iter().any(|c| !matches!(c, Change::Same(_))))
        .collect();
    Ok(SourceDiff { commit: found.commit, commit_date: found.commit_date, source_path: found.source_path, fields })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn failures_say_what_happened_in_words_and_in_json() {
        let one = DiffFailure::NoMatchingVersion { versions: 1 }.to_string();
        assert!(one.starts_with("none of the 1 committed version of the source"), "{one}");
        let json = serde_json::to_value(DiffFailure::NoMatchingVersion { versions: 3 }).unwrap();
        assert_eq!(json, serde_json::json!({"kind": "no_matching_version", "versions": 3}));
        assert_eq!(serde_json::to_value(DiffFailure::Shallow).unwrap(), serde_json::json!({"kind": "shallow"}));
        assert!(DiffFailure::Shallow.to_string().contains("fetch-depth: 0"));
    }

    #[test]
    fn changes_serialise_as_kind_and_text() {
        let change = serde_json::to_value(Change::Removed("पुराना".into())).unwrap();
        assert_eq!(change, serde_json::json!({"kind": "removed", "text": "पुराना"}));
    }
}
