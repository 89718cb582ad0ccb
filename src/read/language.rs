//! A site's languages as the config declares them: the typed code every stage passes
//! around, and each language's settings. Made only by the config loader ([`super::config`]).

use std::fmt;

use serde::Serialize;

use crate::diagnostic::Position;

/// A configured language code (BCP 47 such as `hi`, `en`, `en-IN`); only made at config load.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub(crate) struct Lang(String);

impl Lang {
    /// A code the config loader has checked against `[languages]`: the one place a `Lang` is made.
    pub(super) fn configured(code: String) -> Lang {
        Lang(code)
    }

    /// The code as written in config.toml.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
impl Lang {
    /// A code for unit tests, which have no config to load.
    pub(crate) fn for_tests(code: &str) -> Lang {
        Lang(code.to_string())
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Whether a string has the shape of a BCP 47 language tag (`hi`, `en-IN`, `zh-Hant`).
pub(crate) fn looks_like_language_code(s: &str) -> bool {
    let mut parts = s.split('-');
    let primary = parts.next().unwrap_or("");
    (2..=3).contains(&primary.len())
        && primary.chars().all(|c| c.is_ascii_lowercase())
        && parts.all(|p| (2..=8).contains(&p.len()) && p.chars().all(|c| c.is_ascii_alphanumeric()))
}

/// How numbers (dates, counts) are written in a language's pages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Digits {
    Latin,
    Devanagari,
}

/// Text direction of a language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Direction {
    Ltr,
    Rtl,
}

/// One configured language.
#[derive(Debug, Clone, Serialize)]
pub(crate) struct Language {
    pub code: Lang,
    pub name: String,
    pub title: String,
    pub description: String,
    pub digits: Digits,
    pub direction: Direction,
    /// Reading speed used for "N min read".
    pub words_per_minute: usize,
    /// Where `[languages.<code>]` is declared in config.toml.
    #[serde(skip)]
    pub at: Position,
}
