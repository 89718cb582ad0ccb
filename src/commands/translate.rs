//! `patrika translate`: scaffolds a translation beside its source, and records
//! with `--done` that a translation matches its source again (removing the
//! scaffold's note). Front matter is edited in place with toml_edit, so the rest
//! of the file stays byte for byte.

use std::path::{Path, PathBuf};

use toml_edit::{Array, DocumentMut, Item, Table, value};

use crate::commands::new::given_slug;
use crate::commands::scaffold::{read_back, refuse_clashes, write_new};
use crate::commands::{CommandResult, Exit, Failure, Streams, stopped};
use crate::pipeline::{self, BuildOptions, LoadedSite};
use crate::plan::translation::source_hash;
use crate::qa::note::{note, note_lines};
use crate::read::document::{SourceDoc, split_front_matter};

/// Finds `file` (as given on the command line) relative to the site root.
fn site_relative(root: &Path, file: &Path) -> Option<PathBuf> {
    let candidates = [file.to_path_buf(), root.join(file)];
    let root = root.canonicalize().ok()?;
    candidates
        .iter()
        .filter_map(|c| c.canonicalize().ok())
        .find_map(|c| c.strip_prefix(&root).ok().map(Path::to_path_buf))
}

/// Loads the site with drafts, as translation commands see it.
pub(crate) fn load(root: &Path) -> Result<LoadedSite, Failure> {
    let outcome = pipeline::load(root, &BuildOptions { drafts: true, ..BuildOptions::default() });
    outcome.value.ok_or(Failure::Site(outcome.diagnostics))
}

/// The page of the site that `file` (as given on the command line) is.
pub(crate) fn find<'a>(loaded: &'a LoadedSite, root: &Path, file: &Path) -> Result<&'a SourceDoc, Failure> {
    let Some(rel) = site_relative(root, file) else {
        if !file.exists() && !root.join(file).exists() {
            return Err(Failure::Usage(format!("{}: no such file", file.display())));
        }
        return Err(Failure::Usage(format!("{} is not a file of the site at {}", file.display(), root.display())));
    };
    loaded.site.docs.iter().find(|d| d.path == rel).map(|d| &**d).ok_or_else(|| {
        Failure::Usage(format!(
            "{} is not a briefing or page of the site (those are `.md` files in content/)",
            rel.display()
        ))
    })
}

/// The text of a new translation of `source` into `to`, from the source's raw front matter;
/// `slug` is the translation's own, when it has one.
pub(crate) fn scaffold(
    source: &SourceDoc,
    to: &str,
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
    Ok(format!("+++\n{}{front}+++\n{}", note(source.lang.as_str(), &shown, to), split.body))
}

/// Writes the scaffold of a translation of `file` into language `to`, with its own `slug`
/// (checked as `new --slug` checks one) when given.
pub(crate) fn run(root: &Path, file: &Path, to: &str, slug: Option<&str>, io: &mut Streams) -> CommandResult {
    let slug = slug.map(|s| given_slug(s, "--slug")).transpose()?;
    let loaded = load(root)?;
    let source = find(&loaded, root, file)?;
    let Some(lang) = loaded.site.config.lang(to) else {
        return Err(Failure::Usage(format!(
            "`{to}` is not a configured language (configured: {})",
            loaded.site.config.language_list()
        )));
    };
    if lang == &source.lang {
        return Err(Failure::Usage(format!("{} is already in `{to}`", source.path.display())));
    }
    let key = source.set_key();
    if let Some(existing) = loaded.site.docs.iter().find(|d| d.set_key() == key && &d.lang == lang) {
        return Err(Failure::Usage(format!(
            "{} already is the `{to}` version; not overwriting it",
            existing.path.display()
        )));
    }
    // A folder briefing's languages are its `index.<lang>.md` files; a one-file briefing's sit beside it.
    let dir = source.path.parent().unwrap_or(Path::new(""));
    let name = if source.info.bundle { "index" } else { source.info.stem.as_str() };
    let target = dir.join(format!("{name}.{to}.md"));
    let rel = target.to_string_lossy().replace('\\', "/");
    let text = scaffold(source, to, slug.as_deref(), &source.path.display().to_string())
        .map_err(|message| stopped(format!("{}: {message}", source.path.display())))?;
    let doc = read_back(&rel, &text, &loaded.site.config)?;
    refuse_clashes(root, &loaded.site.config, doc)?;
    write_new(root, &rel, &text)?;
    let _ = writeln!(
        io.out,
        "Created {} (a draft; translate it, then run `patrika translate --done {}`)",
        target.display(),
        target.display()
    );
    Ok(Exit::Success)
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

/// Records that the translation `file` now matches its source.
pub(crate) fn done(root: &Path, file: &Path, io: &mut Streams) -> CommandResult {
    let loaded = load(root)?;
    let translation = find(&loaded, root, file)?;
    let Some(meta) = &translation.front.translation else {
        return Err(Failure::Usage(format!(
            "{} has no [translation] table: it is an original, not a translation; give a translation's file",
            translation.path.display()
        )));
    };
    let key = translation.set_key();
    let Some(source) = loaded.site.docs.iter().find(|d| d.set_key() == key && d.lang == meta.from) else {
        return Err(stopped(format!(
            "{} is a translation from `{}`, but there is no `{}` version to compare with",
            translation.path.display(),
            meta.from,
            meta.from
        )));
    };
    let hash = source_hash(source);
    let path = root.join(&translation.path);
    std::fs::read_to_string(&path)
        .map_err(|e| e.to_string())
        .and_then(|raw| record_hash(&raw, &hash))
        .and_then(|text| std::fs::write(&path, text).map_err(|e| e.to_string()))
        .map_err(|e| stopped(format!("{}: {e}", translation.path.display())))?;
    let _ = writeln!(io.out, "{} now matches {} ({hash})", translation.path.display(), source.path.display());
    Ok(Exit::Success)
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
