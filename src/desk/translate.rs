//! Making and finishing a translation, for `patrika translate` and the desk alike: the
//! scaffold of a new translation beside its source, and `source_hash` recorded when a
//! translation matches its source again. Front matter is edited with toml_edit, so every
//! other byte of the file stays as it was. Pure: the callers read and write the files.

use std::path::{Path, PathBuf};

use toml_edit::{Array, DocumentMut, Item, Table, value};

use crate::plan::translation::source_hash;
use crate::qa::note::{note, note_lines};
use crate::read::config::{Config, Lang};
use crate::read::document::{SourceDoc, split_front_matter};

/// Why a translation cannot be made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The language asked for is not one to translate into (not configured, or the source's own).
    Language(String),
    /// The set has that language already.
    Exists(String),
    /// The source cannot be scaffolded (its front matter cannot be edited).
    Source(String),
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refusal::Language(m) | Refusal::Exists(m) | Refusal::Source(m) => f.write_str(m),
        }
    }
}

/// A translation to be written: its path relative to the site root and its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct NewTranslation {
    pub rel: String,
    pub text: String,
}

/// The scaffold of the `to` translation of `source`, beside it (a folder briefing's
/// `index.{to}.md`, a one-file briefing's `{stem}.{to}.md`); refused when `to` is not a
/// configured language, is the source's own, or the set (`docs` are the site's, drafts
/// included) has it already.
pub(crate) fn new_translation(
    config: &Config,
    docs: &[std::sync::Arc<SourceDoc>],
    source: &SourceDoc,
    to: &str,
    slug: Option<&str>,
) -> Result<NewTranslation, Refusal> {
    let Some(lang) = config.lang(to) else {
        return Err(Refusal::Language(format!(
            "`{to}` is not a configured language (configured: {})",
            config.language_list()
        )));
    };
    if lang == &source.lang {
        return Err(Refusal::Language(format!("{} is already in `{to}`", source.path.display())));
    }
    let key = source.set_key();
    if let Some(existing) = docs.iter().find(|d| d.set_key() == key && &d.lang == lang) {
        return Err(Refusal::Exists(format!(
            "{} already is the `{to}` version; not overwriting it",
            existing.path.display()
        )));
    }
    let rel = translation_path(source, lang).to_string_lossy().replace('\\', "/");
    let text = scaffold(source, lang, slug, &source.path.display().to_string())
        .map_err(|m| Refusal::Source(format!("{}: {m}", source.path.display())))?;
    Ok(NewTranslation { rel, text })
}

/// Where the `to` translation of `source` goes, relative to the site root.
fn translation_path(source: &SourceDoc, to: &Lang) -> PathBuf {
    let dir = source.path.parent().unwrap_or(Path::new(""));
    let name = if source.info.bundle { "index" } else { source.info.stem.as_str() };
    dir.join(format!("{name}.{to}.md"))
}

/// The text of a new translation of `source` into `to`, from the source's raw front matter;
/// `slug` is the translation's own, when it has one.
pub(crate) fn scaffold(
    source: &SourceDoc,
    to: &Lang,
    slug: Option<&str>,
    relative_source: &str,
) -> Result<String, String> {
    let split = split_front_matter(&source.text).map_err(|(_, m)| m.to_string())?;
    let mut front: DocumentMut = split.front.parse().map_err(|e| format!("cannot edit the front matter: {e}"))?;
    // Language-specific keys go; the rest (date, topics, sources, extra) is shared.
    for key in ["slug", "translation", "translators", "check"] {
        front.remove(key);
    }
    if let Some(slug) = slug {
        front["slug"] = value(slug);
    }
    front["draft"] = value(true);
    front["translators"] = value(Array::new());
    let mut translation = Table::new();
    translation["from"] = value(source.lang.as_str());
    translation["source_hash"] = value(source_hash(source));
    // Comments at the end of the source's front matter (the hints of a `new` scaffold) stay
    // where they were, above the table added after them: inside it, an uncommented
    // `summary = …` would be a key of [translation].
    let hints = front.trailing().as_str().unwrap_or_default().to_string();
    if !hints.trim().is_empty() {
        front.set_trailing("");
        translation.decor_mut().set_prefix(format!("{hints}\n"));
    }
    front["translation"] = Item::Table(translation);
    let front = front.to_string();
    // The path goes into a comment: a character that would end the comment's line is shown as `?`.
    let shown: String = relative_source.chars().map(|c| if c.is_control() { '?' } else { c }).collect();
    Ok(format!("+++\n{}{front}+++\n{}", note(source.lang.as_str(), &shown, to.as_str()), split.body))
}

/// The translation's raw file text with `[translation] source_hash` set to the hash of
/// `source` as it is now: what `translate --done` and the desk's Done write.
pub(crate) fn done_text(raw: &str, source: &SourceDoc) -> Result<(String, String), String> {
    let hash = source_hash(source);
    record_hash(raw, &hash).map(|text| (text, hash))
}

/// Sets `[translation] source_hash` in raw file text and removes a scaffold's note,
/// keeping every other byte.
pub(crate) fn record_hash(raw: &str, hash: &str) -> Result<String, String> {
    let bom = if raw.starts_with('\u{feff}') { "\u{feff}" } else { "" };
    let text = &raw[bom.len()..];
    let split = split_front_matter(text).map_err(|(_, m)| m.to_string())?;
    let mut front: DocumentMut = split.front.parse().map_err(|e| format!("cannot edit the front matter: {e}"))?;
    let Some(translation) = front.get_mut("translation").and_then(Item::as_table_like_mut) else {
        return Err("has no [translation] table: it is an original, not a translation".into());
    };
    translation.insert("source_hash", value(hash));
    let mut new_front = front.to_string();
    if text.contains("\r\n") {
        new_front = new_front.replace("\r\n", "\n").replace('\n', "\r\n");
    }
    // The note says what is left to do; once the translation is done, nothing is.
    if let Some(lines) = note_lines(&new_front) {
        new_front.replace_range(lines, "");
    }
    Ok(format!("{bom}{}{new_front}{}", &text[..split.front_offset], &text[split.front_offset + split.front.len()..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recording_a_hash_changes_only_that_line() {
        let raw = "+++\r\ntitle = \"X\"   # kept\r\n\r\n[translation]\r\nfrom = \"hi\"\r\n+++\r\nBody\r\n";
        let out = record_hash(raw, "sha256:abc").unwrap();
        assert_eq!(
            out,
            "+++\r\ntitle = \"X\"   # kept\r\n\r\n[translation]\r\nfrom = \"hi\"\r\nsource_hash = \"sha256:abc\"\r\n+++\r\nBody\r\n"
        );
        let again = record_hash(&out, "sha256:def").unwrap();
        assert_eq!(again, out.replace("abc", "def"));
    }

    #[test]
    fn recording_a_hash_removes_the_scaffolds_note_and_nothing_else() {
        let raw = format!(
            "+++\n{}title = \"X\"\n# the translator's own note\n\n[translation]\nfrom = \"hi\"\nsource_hash = \"sha256:old\"\n+++\nBody\n",
            note("hi", "content/x.hi.md", "en")
        );
        let out = record_hash(&raw, "sha256:new").unwrap();
        assert_eq!(
            out,
            "+++\ntitle = \"X\"\n# the translator's own note\n\n[translation]\nfrom = \"hi\"\nsource_hash = \"sha256:new\"\n+++\nBody\n"
        );
    }

    #[test]
    fn originals_are_refused() {
        assert!(record_hash("+++\ntitle = \"X\"\n+++\n", "h").unwrap_err().contains("not a translation"));
    }
}
