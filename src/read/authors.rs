//! Loads `authors.toml`: the people who write and translate briefings, by key,
//! with their names (and short bios) per language. Reads one file.
//!
//! ```toml
//! [rakesh-mishra]
//! hi = "राकेश मिश्र"
//! en = "Rakesh Mishra"
//! photo = "static/people/rakesh.jpg"   # optional
//! [rakesh-mishra.bio]
//! hi = "…"
//! en = "…"
//! [rakesh-mishra.role]                 # optional
//! hi = "…"
//! ```

use std::collections::BTreeMap;
use std::path::Path;

use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::read::language::{Lang, Language};
use crate::read::site::{NamedFile, path_problem};
use crate::read::tomlread::{Table, TomlSource};
use crate::text::key_problem;

/// The authors file name, relative to the site root.
pub(crate) const AUTHORS_FILE: &str = "authors.toml";

/// One person: a name (and optionally a bio and a role) in each language, and a photo.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub(crate) struct Author {
    pub names: BTreeMap<Lang, String>,
    pub bios: BTreeMap<Lang, String>,
    /// What the person does ("Defence correspondent"), per language.
    pub roles: BTreeMap<Lang, String>,
    /// A picture of the person, a file of the site.
    pub photo: Option<NamedFile>,
}

impl Author {
    /// The name in `lang`, else in the first language that has one.
    pub(crate) fn name(&self, lang: &Lang) -> &str {
        self.names.get(lang).or_else(|| self.names.values().next()).map_or("", String::as_str)
    }
}

/// Reads `authors.toml` if the site has one: (authors by key, the file's text for hashing).
pub(crate) fn load(root: &Path, languages: &[Language]) -> Result<(BTreeMap<String, Author>, String), Vec<Diagnostic>> {
    let text = match crate::read::content::read_regular(root, &root.join(AUTHORS_FILE)) {
        Ok(text) => crate::text::normalise(&text),
        Err(problem) if problem.is_missing() => return Ok((BTreeMap::new(), String::new())),
        Err(problem) => return Err(vec![problem.diagnostic(Path::new(AUTHORS_FILE), "")]),
    };
    parse(&text, languages).map(|authors| (authors, text))
}

/// Parses the text of `authors.toml`; every problem is reported at its place.
pub(crate) fn parse(text: &str, languages: &[Language]) -> Result<BTreeMap<String, Author>, Vec<Diagnostic>> {
    let source = TomlSource { path: Path::new(AUTHORS_FILE), file_text: text, offset: 0 };
    let mut diags = Vec::new();
    let Some(doc) = source.parse(text, &mut diags) else { return Err(diags) };
    let top = source.table(&doc, "", 0..0);
    let codes: Vec<&str> = languages.iter().map(|l| l.code.as_str()).collect();
    let lang_of = |code: &str| languages.iter().find(|l| l.code.as_str() == code).map(|l| l.code.clone());
    let mut authors = BTreeMap::new();
    for (key, span) in top.keys() {
        if let Some(problem) = key_problem(&key) {
            diags.push(source.error(span, format!("author key `{key}` {problem}")));
            continue;
        }
        let Some(table) = top.table(&key, &mut diags) else { continue };
        let mut author = Author::default();
        for (field, field_span) in table.keys() {
            if field == "bio" || field == "role" {
                let Some(texts) = table.table(&field, &mut diags) else { continue };
                let into = if field == "bio" { &mut author.bios } else { &mut author.roles };
                for (code, code_span) in texts.keys() {
                    match (lang_of(&code), texts.string(&code, &mut diags)) {
                        (Some(lang), Some(text)) => {
                            into.insert(lang, text);
                        }
                        (None, _) => diags.push(unknown_language(&source, code_span, &code, &codes)),
                        _ => {}
                    }
                }
                continue;
            }
            if field == "photo" {
                let Some(rel) = table.string("photo", &mut diags) else { continue };
                match path_problem(&rel) {
                    Some(problem) => diags.push(table.error_at("photo", &format!("`{key}.photo` {problem}"))),
                    None => {
                        let at = table.position_of("photo");
                        author.photo = Some(NamedFile { rel, named_in: AUTHORS_FILE, at });
                    }
                }
                continue;
            }
            match (lang_of(&field), table.string(&field, &mut diags)) {
                (Some(lang), Some(name)) if !name.trim().is_empty() => {
                    author.names.insert(lang, name);
                }
                (Some(_), Some(_)) => diags.push(source.error(field_span, format!("the name of `{key}` is empty"))),
                (None, _) => diags.push(unknown_language(&source, field_span, &field, &codes)),
                _ => {}
            }
        }
        if author.names.is_empty() {
            diags.push(
                source.error(
                    span,
                    format!("author `{key}` has no name: add one per language, e.g. `{} = \"…\"`", codes[0]),
                ),
            );
        }
        authors.insert(key, author);
    }
    if diags.is_empty() { Ok(authors) } else { Err(diags) }
}

/// Warnings for `authors` and `translators` entries that are not keys of `authors.toml` but
/// are close to one: most likely a typo, which would show a plain name without a page.
pub(crate) fn near_misses(
    front: &Table,
    authors: &BTreeMap<String, Author>,
    path: &Path,
    text: &str,
) -> Vec<Diagnostic> {
    let mut found = Vec::new();
    for field in ["authors", "translators"] {
        let names = front.strings(field, &mut Vec::new());
        for (name, at) in names.iter().zip(front.item_offsets(field)) {
            if authors.contains_key(name) {
                continue;
            }
            let Some(key) = did_you_mean(name, authors.keys().map(String::as_str)) else { continue };
            let message = format!(
                "`{name}` is not a key of {AUTHORS_FILE}, so it is shown as a plain name without a page \
                 (did you mean `{key}`?)"
            );
            found.push(Diagnostic { severity: Severity::Warning, ..Diagnostic::error_at(path, text, at, message) });
        }
    }
    found
}

fn unknown_language(source: &TomlSource, span: std::ops::Range<usize>, code: &str, codes: &[&str]) -> Diagnostic {
    // Two-letter codes are all near each other: only a misspelt field gets a suggestion.
    let hint =
        did_you_mean(code, ["bio", "role", "photo"]).map(|k| format!(" (did you mean `{k}`?)")).unwrap_or_default();
    source.error(span, format!("`{code}` is not a configured language{hint} (configured: {})", codes.join(", ")))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn languages() -> Vec<Language> {
        let text = "base_url = \"https://x.org\"\ndefault_language = \"hi\"\n[languages.hi]\n[languages.en]\n";
        crate::read::config::parse(Path::new("/s"), text).unwrap().languages
    }

    #[test]
    fn names_and_bios_per_language() {
        let text = "[rakesh-mishra]\nhi = \"राकेश मिश्र\"\nen = \"Rakesh Mishra\"\n[rakesh-mishra.bio]\nen = \"Defence correspondent.\"\n";
        let authors = parse(text, &languages()).unwrap();
        let rakesh = &authors["rakesh-mishra"];
        let hi = languages()[0].code.clone();
        assert_eq!(rakesh.name(&hi), "राकेश मिश्र");
        assert_eq!(rakesh.bios.values().next().map(String::as_str), Some("Defence correspondent."));
    }

    #[test]
    fn mistakes_are_reported_where_they_are() {
        let text = "[a]\nhi = \"अ\"\nfr = \"A\"\n[b]\n[\"c d\"]\nen = \"C\"\n";
        let errors: Vec<String> = parse(text, &languages()).unwrap_err().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            errors,
            [
                "authors.toml:3:1: error: `fr` is not a configured language (configured: hi, en)",
                "authors.toml:4:2: error: author `b` has no name: add one per language, e.g. `hi = \"…\"`",
                "authors.toml:5:2: error: author key `c d` must not contain spaces or control characters (use `-`)",
            ]
        );
    }
}
