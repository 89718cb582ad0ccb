//! Groups source documents into translation sets (README, "Files and languages") and tells the state
//! of each language in a set (README, "Translations: the workflow"). Does no I/O.

use std::collections::BTreeMap;

use std::sync::Arc;

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::diagnostic::Diagnostic;
use crate::read::config::Lang;
use crate::read::document::SourceDoc;
use crate::read::identity::DocKind;

/// The files that are one briefing in several languages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct TranslationSet {
    /// `translation_key`, else the content path without language suffix.
    pub key: String,
    /// Language → index into the document list.
    pub members: BTreeMap<Lang, usize>,
    /// Languages whose file in this set could not be read (its errors are reported
    /// where they are), with that file's path below `content/`.
    pub unreadable: BTreeMap<Lang, String>,
}

/// Where one language of a set stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum LangState {
    /// The file is there but has errors, so nothing else about it can be told.
    Error,
    Stale,
    Missing,
    Untracked,
    /// A translation still marked `draft = true`: work in progress, whatever its hash says.
    Draft,
    Current,
    Original,
}

impl LangState {
    /// The lowercase name used in `status` output.
    pub(crate) fn as_str(self) -> &'static str {
        match self {
            LangState::Error => "error",
            LangState::Original => "original",
            LangState::Current => "current",
            LangState::Stale => "stale",
            LangState::Untracked => "untracked",
            LangState::Draft => "draft",
            LangState::Missing => "missing",
        }
    }
}

/// The digest of what a translator translates: title, summary and body of a source.
///
/// Text is already NFC with LF line endings when read; the body is trimmed so that
/// blank lines at either end do not count. Format: `sha256:` + first 16 hex digits
/// of SHA-256 over `title \n summary \n body`.
pub(crate) fn source_hash(doc: &SourceDoc) -> String {
    let digest = || hash_parts(&doc.front.title, doc.front.summary.as_deref().unwrap_or(""), doc.body());
    doc.source_digest.get_or_init(digest).clone()
}

/// [`source_hash`] of a title, summary and body given as text (already NFC, LF).
pub fn hash_parts(title: &str, summary: &str, body: &str) -> String {
    let mut hasher = Sha256::new();
    hasher.update(title.trim().as_bytes());
    hasher.update(b"\n");
    hasher.update(summary.trim().as_bytes());
    hasher.update(b"\n");
    hasher.update(body.trim().as_bytes());
    let digest = hasher.finalize();
    let hex: String = digest.iter().take(8).map(|b| format!("{b:02x}")).collect();
    format!("sha256:{hex}")
}

impl TranslationSet {
    /// The language whose file is the set's original (the first original, else the first member).
    pub(crate) fn original(&self, docs: &[Arc<SourceDoc>]) -> Option<Lang> {
        self.members
            .iter()
            .find(|(_, i)| docs[**i].front.translation.is_none())
            .or_else(|| self.members.iter().next())
            .map(|(l, _)| l.clone())
    }

    /// The state of `lang` in this set.
    pub(crate) fn state(&self, lang: &Lang, docs: &[Arc<SourceDoc>]) -> LangState {
        let Some(&i) = self.members.get(lang) else {
            return if self.unreadable.contains_key(lang) { LangState::Error } else { LangState::Missing };
        };
        let source = docs[i].front.translation.as_ref().and_then(|t| self.members.get(&t.from)).map(|&s| &*docs[s]);
        state_of(&docs[i], source)
    }
}

/// The state of a present file, given the file its `[translation] from` names (if it exists).
pub(crate) fn state_of(doc: &SourceDoc, source: Option<&SourceDoc>) -> LangState {
    let Some(meta) = &doc.front.translation else {
        return LangState::Original;
    };
    if doc.front.draft {
        return LangState::Draft;
    }
    let Some(recorded) = &meta.source_hash else {
        return LangState::Untracked;
    };
    match source {
        Some(source) if &source_hash(source) == recorded => LangState::Current,
        _ => LangState::Stale,
    }
}

/// A file that could not be read, as far as its name tells: the set it would join and its language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct UnreadableMember {
    pub key: String,
    pub lang: Lang,
    /// Below `content/`, e.g. `briefings/x.hi.md`.
    pub content_path: String,
}

/// Pairs page documents by key; reports two files claiming the same language of one set,
/// translations of nothing, and sets without an original (README, "Translations: the
/// workflow"), each at its cause. A file that could not be read still holds its place in
/// its set (`unreadable`): its own errors say what is wrong, so no translation of it
/// reports it missing.
pub(crate) fn pair(docs: &[Arc<SourceDoc>], unreadable: &[UnreadableMember]) -> (Vec<TranslationSet>, Vec<Diagnostic>) {
    let mut diags = Vec::new();
    let mut sets: BTreeMap<String, BTreeMap<Lang, usize>> = BTreeMap::new();
    let mut unread: BTreeMap<String, BTreeMap<Lang, String>> = BTreeMap::new();
    for member in unreadable {
        unread.entry(member.key.clone()).or_default().insert(member.lang.clone(), member.content_path.clone());
        sets.entry(member.key.clone()).or_default();
    }
    for (i, doc) in docs.iter().enumerate() {
        if doc.info.kind != DocKind::Page {
            continue;
        }
        let members = sets.entry(doc.set_key()).or_default();
        if let Some(&other) = members.get(&doc.lang) {
            // The key is the cause: the translation_key when one is written, else the file name.
            let at = doc.front.at.translation_key.unwrap_or(doc.front.at.front);
            diags.push(doc.error_at(
                at,
                format!(
                    "{} and {} are both the `{}` version of translation set `{}` (give one a different translation_key)",
                    docs[other].path.display(),
                    doc.path.display(),
                    doc.lang,
                    doc.set_key()
                ),
            ));
            continue;
        }
        members.insert(doc.lang.clone(), i);
    }
    let sets: Vec<TranslationSet> = sets
        .into_iter()
        .map(|(key, members)| {
            let unreadable = unread.remove(&key).unwrap_or_default();
            TranslationSet { key, members, unreadable }
        })
        .collect();
    for set in &sets {
        diags.extend(set_problems(set, docs));
    }
    (sets, diags)
}

fn set_problems(set: &TranslationSet, docs: &[Arc<SourceDoc>]) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    // A file that cannot be read may be the original.
    let has_original = !set.unreadable.is_empty() || set.members.values().any(|&i| docs[i].front.translation.is_none());
    for (lang, &i) in &set.members {
        let doc = &docs[i];
        let Some(meta) = &doc.front.translation else { continue };
        let at = doc.front.at.from.or(doc.front.at.translation).unwrap_or(doc.front.at.front);
        if &meta.from == lang {
            diags.push(doc.error_at(at, format!("translation.from is `{lang}`, the file's own language")));
        } else if !set.members.contains_key(&meta.from) && !set.unreadable.contains_key(&meta.from) {
            diags.push(doc.error_at(
                at,
                format!(
                    "is a translation from `{}`, but translation set `{}` has no `{}` file (remove [translation] if this is the original)",
                    meta.from, set.key, meta.from
                ),
            ));
        } else if !has_original {
            diags.push(doc.error_at(
                at,
                format!(
                    "every file of translation set `{}` claims to be a translation, so none is the original: remove [translation] from the original",
                    set.key
                ),
            ));
        }
    }
    diags
}
