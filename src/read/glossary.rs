//! Loads `glossary.toml` (term pairs for translation QA) and finds a term in a
//! text, tolerating inflected endings. Reads one file.
//!
//! Matching rule: text and term are split into Unicode words, and a term matches
//! where its words appear in a row. A text word matches a term word when it is
//! the same (ignoring case), or is the term word's stem plus a known ending. In
//! Devanagari the stem drops final vowel signs and the endings are Hindi
//! inflections (मंत्री matches मंत्रियों, not मंत्रालय); in Latin script the stem drops
//! a final `y` and the endings are `s`, `es`, `'s`, `ies` ("joint statement"
//! matches "joint statements", "ministry" matches "ministries").

use std::collections::BTreeMap;
use std::path::Path;

use unicode_segmentation::UnicodeSegmentation;

use crate::diagnostic::{Diagnostic, did_you_mean};
use crate::read::config::{Config, Lang};
use crate::read::tomlread::TomlSource;

/// The glossary file name, relative to the site root.
pub(crate) const GLOSSARY_FILE: &str = "glossary.toml";

/// One term: its forms per language (any of them counts as present).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Term {
    pub forms: BTreeMap<Lang, Vec<String>>,
    /// 1-based line of the `[[term]]` in glossary.toml.
    pub line: usize,
}

/// Reads the glossary if the site has one.
pub(crate) fn load(config: &Config) -> Result<Vec<Term>, Vec<Diagnostic>> {
    let path = config.root.join(GLOSSARY_FILE);
    let text = match crate::read::content::read_regular(&config.root, &path) {
        Ok(text) => text,
        Err(problem) if problem.is_missing() => return Ok(Vec::new()),
        Err(problem) => return Err(vec![problem.diagnostic(Path::new(GLOSSARY_FILE), "")]),
    };
    parse(config, &crate::text::normalise(&text))
}

/// Parses glossary text: `[[term]]` tables of language code → string or list of strings.
pub(crate) fn parse(config: &Config, text: &str) -> Result<Vec<Term>, Vec<Diagnostic>> {
    let source = TomlSource { path: Path::new(GLOSSARY_FILE), file_text: text, offset: 0 };
    let mut diags = Vec::new();
    let Some(doc) = source.parse(text, &mut diags) else { return Err(diags) };
    let top = source.table(&doc, "", 0..0);
    top.reject_unknown(&["term"], &mut diags);
    let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
    let mut allowed = codes.clone();
    allowed.push("note");
    let mut terms = Vec::new();
    for table in top.tables("term", &mut diags) {
        let mut forms = BTreeMap::new();
        for (key, span) in table.keys() {
            if key == "note" {
                continue;
            }
            match config.lang(&key) {
                Some(lang) => {
                    let values: Vec<String> = table
                        .string_or_strings(&key, &mut diags)
                        .into_iter()
                        .filter(|v| !v.trim().is_empty())
                        .collect();
                    forms.insert(lang.clone(), values);
                }
                None => {
                    let hint = did_you_mean(&key, allowed.iter().copied())
                        .map(|k| format!(" (did you mean `{k}`?)"))
                        .unwrap_or_default();
                    diags.push(source.error(
                        span,
                        format!(
                            "`{key}` in [[term]] is not a configured language{hint} (configured: {})",
                            codes.join(", ")
                        ),
                    ));
                }
            }
        }
        let line = crate::diagnostic::line_col(text, table.span_of("").start).0;
        terms.push(Term { forms, line });
    }
    if diags.is_empty() { Ok(terms) } else { Err(diags) }
}

/// Endings an inflected word may add to a term word's stem.
const HINDI_ENDINGS: &[&str] = &[
    "",
    "ा",
    "ि",
    "ी",
    "ु",
    "ू",
    "े",
    "ै",
    "ो",
    "ौ",
    "ों",
    "ें",
    "ीं",
    "ाँ",
    "ां",
    "ियों",
    "ियाँ",
    "ियां",
    "िया",
    "ाएँ",
    "ाएं",
    "ाओं",
    "ओं",
    "एँ",
    "एं",
];
const LATIN_ENDINGS: &[&str] = &["", "s", "es", "'s", "\u{2019}s", "y", "ies"];

fn word_matches(word: &str, term_word: &str) -> bool {
    let word = word.to_lowercase();
    let term = term_word.to_lowercase();
    if word == term {
        return true;
    }
    let is_vowel_sign = |c: char| ('\u{093E}'..='\u{094C}').contains(&c) || c == '\u{0902}' || c == '\u{0901}';
    let (stem, endings) = if term.is_ascii() {
        (term.strip_suffix('y').unwrap_or(&term), LATIN_ENDINGS)
    } else {
        (term.trim_end_matches(is_vowel_sign), HINDI_ENDINGS)
    };
    word.strip_prefix(stem).is_some_and(|rest| endings.contains(&rest))
}

/// Whether `text` contains `term` under the matching rule above.
pub(crate) fn contains(text: &str, term: &str) -> bool {
    let term_words: Vec<&str> = term.unicode_words().collect();
    if term_words.is_empty() {
        return false;
    }
    let words: Vec<&str> = text.unicode_words().collect();
    words.windows(term_words.len()).any(|w| w.iter().zip(&term_words).all(|(word, t)| word_matches(word, t)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hindi_terms_match_inflected_forms() {
        assert!(contains("दोनों रक्षा मंत्रियों की बैठक", "रक्षा मंत्री"));
        assert!(contains("भारत के रक्षा मंत्री ने कहा", "रक्षा मंत्री"));
        assert!(!contains("रक्षा मंत्रालय ने कहा", "रक्षा मंत्री"), "मंत्रालय is another word");
    }

    #[test]
    fn latin_terms_ignore_case_and_plurals() {
        assert!(contains("India declined the Joint Statements.", "joint statement"));
        assert!(contains("the defence minister said", "Defence Minister"));
        assert!(!contains("a jointly drafted statement", "joint statement"));
        assert!(contains("two ministries", "ministry"));
    }
}
