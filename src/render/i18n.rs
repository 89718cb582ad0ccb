//! The theme's UI strings (`i18n/<lang>.toml`): each language's own, English where one
//! is missing (marked so that pages give it its language and direction), else the key.

use std::collections::{BTreeMap, BTreeSet};
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::read::config::{CONFIG_FILE, Config};
use crate::read::tomlread::TomlSource;
use crate::render::notes;

/// The language whose UI strings every other language falls back to.
pub(crate) const FALLBACK_LANGUAGE: &str = "en";

/// UI strings of every language, with English as the fallback.
#[derive(Debug, Default)]
pub(crate) struct I18n {
    strings: BTreeMap<String, BTreeMap<String, String>>,
}

/// Around a UI string shown in English on a page of another language: first-strong
/// isolates (so an English phrase keeps its order inside right-to-left text, even in
/// an attribute) with private-use marks that [`mark_fallback_strings`] turns into
/// `<span lang="en" dir="ltr">` where the string is text.
const FALLBACK_OPEN: &str = "\u{2068}\u{E004}";
const FALLBACK_CLOSE: &str = "\u{E005}\u{2069}";

impl I18n {
    /// The UI string for `key` in `lang`, else English (marked as such), else the key itself.
    pub(crate) fn get(&self, lang: &str, key: &str) -> String {
        if let Some(own) = self.own(lang, key) {
            return own;
        }
        notes::note_missing(lang, key);
        match self.strings.get(FALLBACK_LANGUAGE).and_then(|m| m.get(key)) {
            Some(s) => format!("{FALLBACK_OPEN}{s}{FALLBACK_CLOSE}"),
            None => key.to_string(),
        }
    }

    /// The UI string for `key` in `lang` itself (or its primary language), if the theme has one.
    pub(crate) fn own(&self, lang: &str, key: &str) -> Option<String> {
        let primary = lang.split('-').next().unwrap_or(lang);
        [lang, primary].into_iter().find_map(|code| self.strings.get(code).and_then(|m| m.get(key)).cloned())
    }

    /// The UI string with `{name}` placeholders filled.
    pub(crate) fn fill(&self, lang: &str, key: &str, values: &[(&str, &str)]) -> String {
        let mut s = self.get(lang, key);
        for (name, value) in values {
            s = s.replace(&format!("{{{name}}}"), value);
        }
        s
    }
}

/// Gives every fallback UI string in the text of a page its language and direction:
/// `<span lang="en" dir="ltr">…</span>`. Inside a tag (an attribute) or a script, where
/// markup cannot go, only the direction isolates stay.
pub(crate) fn mark_fallback_strings(html: Vec<u8>) -> Vec<u8> {
    // Most pages have no fallback string: one SIMD search of the bytes, not a UTF-8 check and a search.
    if memchr::memmem::find(&html, "\u{E004}".as_bytes()).is_none() {
        return html;
    }
    let text = match String::from_utf8(html) {
        Ok(text) => text,
        Err(e) => return e.into_bytes(),
    };
    let mut out = String::with_capacity(text.len() + 256);
    let (mut in_tag, mut in_script) = (false, false);
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '<' => {
                in_tag = true;
                let rest = &text[at..];
                // Elements whose content is not markup: a span there would show as text.
                if ["<script", "<style", "<title", "<textarea"].iter().any(|t| rest.starts_with(t)) {
                    in_script = true;
                } else if ["</script", "</style", "</title", "</textarea"].iter().any(|t| rest.starts_with(t)) {
                    in_script = false;
                }
            }
            '>' => in_tag = false,
            _ => {}
        }
        let plain = in_tag || in_script;
        match c {
            '\u{2068}' if !plain && chars.peek().is_some_and(|(_, n)| *n == '\u{E004}') => {
                chars.next();
                out.push_str("<span lang=\"en\" dir=\"ltr\">");
            }
            '\u{E005}' if !plain && chars.peek().is_some_and(|(_, n)| *n == '\u{2069}') => {
                chars.next();
                out.push_str("</span>");
            }
            '\u{E004}' | '\u{E005}' => {}
            c => out.push(c),
        }
    }
    out.into_bytes()
}

/// Reads the theme's UI-string files, given as (language code, path shown in messages, text
/// if it could be read as UTF-8); warns of languages without strings or with fewer than English.
pub(crate) fn load(
    config: &Config,
    files: Vec<(&str, &str, Option<String>)>,
    dir_shown: &str,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> I18n {
    let mut strings = BTreeMap::new();
    for (code, shown_as, text) in files {
        let Some(text) = text else {
            errors.push(Diagnostic::error(shown_as, 1, 1, "cannot read UI strings as UTF-8 text"));
            continue;
        };
        let text = crate::text::normalise(&text);
        let path = PathBuf::from(shown_as);
        let source = TomlSource { path: &path, file_text: &text, offset: 0 };
        let Some(table) = source.parse(&text, errors) else {
            continue;
        };
        let top = source.table(&table, "", 0..0);
        let mut map = BTreeMap::new();
        for (key, _) in top.keys() {
            if let Some(value) = top.string(&key, errors) {
                map.insert(key, value);
            }
        }
        strings.insert(code.to_string(), map);
    }
    let english: BTreeSet<String> =
        strings.get(FALLBACK_LANGUAGE).map(|m| m.keys().cloned().collect()).unwrap_or_default();
    for language in &config.languages {
        let code = language.code.as_str();
        let primary = code.split('-').next().unwrap_or(code);
        let Some(own) = strings.get(code).or_else(|| strings.get(primary)) else {
            if code != FALLBACK_LANGUAGE {
                // The cause is the language configured without strings, so the warning points at it.
                warnings.push(Diagnostic::warning(
                    CONFIG_FILE,
                    language.at.line,
                    language.at.col,
                    format!("no UI strings for `{code}` in the theme; English ones are used until it has {dir_shown}/i18n/{code}.toml"),
                ));
            }
            continue;
        };
        let missing: Vec<&str> = english.iter().filter(|k| !own.contains_key(*k)).map(String::as_str).collect();
        if !missing.is_empty() {
            warnings.push(Diagnostic::warning(
                format!("{dir_shown}/i18n/{code}.toml"),
                1,
                1,
                format!("missing UI strings (English is shown instead): {}", missing.join(", ")),
            ));
        }
    }
    I18n { strings }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fallback_strings_get_their_language_in_text_and_only_isolates_elsewhere() {
        let s = |t: &str| format!("{FALLBACK_OPEN}{t}{FALLBACK_CLOSE}");
        let page = format!(
            "<title>{}</title><p aria-label=\"{}\">{}</p><script>var a = \"{}\";</script>",
            s("Side by side"),
            s("Topics"),
            s("1 min read"),
            s("x")
        );
        let out = String::from_utf8(mark_fallback_strings(page.into_bytes())).unwrap();
        assert_eq!(
            out,
            "<title>\u{2068}Side by side\u{2069}</title><p aria-label=\"\u{2068}Topics\u{2069}\">\
             <span lang=\"en\" dir=\"ltr\">1 min read</span></p><script>var a = \"\u{2068}x\u{2069}\";</script>"
        );
    }
}
