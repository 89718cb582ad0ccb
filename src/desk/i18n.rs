//! The desk's own words: Patrika's interface, not the site's (the theme's `i18n/` files
//! are for the site's readers). Hindi, English and Urdu are compiled in from
//! `src/desk/i18n/`; any other language gets the English words. Pages mark each string
//! with its key (`data-t`), so the page can change language in the browser too.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use crate::read::config::{Config, Digits, Direction};
use crate::render::markdown::escape;

/// The languages the desk has words for, and their files.
const TABLES: [(&str, &str); 3] =
    [("hi", include_str!("i18n/hi.toml")), ("en", include_str!("i18n/en.toml")), ("ur", include_str!("i18n/ur.toml"))];

fn tables() -> &'static BTreeMap<&'static str, BTreeMap<String, String>> {
    static TABLES_READ: OnceLock<BTreeMap<&'static str, BTreeMap<String, String>>> = OnceLock::new();
    TABLES_READ.get_or_init(|| {
        // The files are part of the binary and a unit test reads each; an unreadable one would
        // show keys instead of words, never stop the desk.
        TABLES.iter().map(|(code, text)| (*code, toml::from_str(text).unwrap_or_default())).collect()
    })
}

/// The desk's words as JSON, for the page's script: `{"hi": {"key": "…"}, …}`.
pub(crate) fn tables_json() -> String {
    serde_json::to_string(tables()).unwrap_or_else(|_| "{}".into())
}

/// The interface language of one desk page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Ui {
    /// A language of the site (its code), which the page is in.
    pub code: String,
    pub dir: &'static str,
    /// How the language writes numbers, for the dates the desk shows.
    pub digits: Digits,
    /// The site's title in this language.
    pub site_title: String,
    /// Which table of words it uses (`en` for a language the desk has none for).
    table: &'static str,
}

impl Ui {
    /// The interface in `asked` if it is a language of the site, else in the site's default language.
    pub(crate) fn choose(config: &Config, asked: Option<&str>) -> Ui {
        let lang = asked.and_then(|a| config.lang(a)).unwrap_or(&config.default_language);
        let language = config.language(lang);
        let dir = match language.direction {
            Direction::Rtl => "rtl",
            Direction::Ltr => "ltr",
        };
        let primary = lang.as_str().split('-').next().unwrap_or("en");
        let table = TABLES.iter().map(|(c, _)| *c).find(|c| *c == primary).unwrap_or("en");
        Ui { code: lang.to_string(), dir, digits: language.digits, site_title: language.title.clone(), table }
    }

    /// The interface in English, left to right (when no site could be read).
    pub(crate) fn english() -> Ui {
        Ui { code: "en".into(), dir: "ltr", digits: Digits::Latin, site_title: String::new(), table: "en" }
    }

    /// The words of `key` (the key itself if no table has it).
    pub(crate) fn text(&self, key: &str) -> String {
        let tables = tables();
        tables
            .get(self.table)
            .and_then(|t| t.get(key))
            .or_else(|| tables.get("en").and_then(|t| t.get(key)))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    /// The words of `key` with each `{name}` filled in.
    pub(crate) fn text_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        let mut text = self.text(key);
        for (name, value) in args {
            text = text.replace(&format!("{{{name}}}"), value);
        }
        text
    }

    /// `<span data-t="key">words</span>`: the words, marked so that the page can change language.
    pub(crate) fn span(&self, key: &str) -> String {
        format!("<span data-t=\"{key}\">{}</span>", escape(&self.text(key)))
    }

    /// [`Ui::span`] with `{name}`s filled in (the page's script fills them in the same way).
    pub(crate) fn span_with(&self, key: &str, args: &[(&str, &str)]) -> String {
        let json: serde_json::Map<String, serde_json::Value> =
            args.iter().map(|(k, v)| (k.to_string(), serde_json::Value::from(*v))).collect();
        format!(
            "<span data-t=\"{key}\" data-t-args=\"{}\">{}</span>",
            escape(&serde_json::Value::Object(json).to_string()),
            escape(&self.text_with(key, args))
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn placeholders(text: &str) -> Vec<&str> {
        let mut found: Vec<&str> = text.split('{').skip(1).filter_map(|s| s.split_once('}').map(|(n, _)| n)).collect();
        found.sort_unstable();
        found
    }

    #[test]
    fn every_language_has_every_word_with_the_same_placeholders() {
        let tables = tables();
        let english = &tables["en"];
        assert!(english.len() > 50, "{}", english.len());
        for (code, table) in tables {
            let keys: Vec<&String> = table.keys().collect();
            assert_eq!(keys, english.keys().collect::<Vec<_>>(), "{code}");
            for (key, text) in table {
                assert_eq!(placeholders(text), placeholders(&english[key]), "{code}: {key}");
                assert!(!text.trim().is_empty(), "{code}: {key}");
            }
        }
    }
}
