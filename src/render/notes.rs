//! What rendering a page notices besides its bytes: the UI strings its templates asked
//! for and did not find, and the warnings they raised with `warning(message=…)`. Tera
//! calls `t()` and `warning()` from inside `render`, and a page renders on one thread
//! from start to end, so they are noted per thread around each page.

use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};

use crate::diagnostic::Diagnostic;

/// A UI string a template asked for and did not find.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct MissingString {
    pub lang: String,
    pub key: String,
}

/// What the templates of one page noticed while it rendered.
#[derive(Debug, Default)]
pub(crate) struct Noted {
    pub missing_strings: BTreeSet<MissingString>,
    /// The messages of `warning()` calls, in order.
    pub warnings: Vec<String>,
}

impl Noted {
    pub(crate) fn is_empty(&self) -> bool {
        self.missing_strings.is_empty() && self.warnings.is_empty()
    }
}

thread_local! {
    /// What the page rendering on this thread noticed so far.
    static NOTED: RefCell<Noted> = RefCell::new(Noted::default());
}

/// Runs `render` and returns its result with what its templates noticed.
pub(crate) fn noting<T>(render: impl FnOnce() -> T) -> (T, Noted) {
    NOTED.with(|n| *n.borrow_mut() = Noted::default());
    let made = render();
    (made, NOTED.with(|n| std::mem::take(&mut *n.borrow_mut())))
}

/// Notes a UI string the page asked for and the theme does not have.
pub(crate) fn note_missing(lang: &str, key: &str) {
    let missing = MissingString { lang: lang.to_string(), key: key.to_string() };
    NOTED.with(|n| n.borrow_mut().missing_strings.insert(missing));
}

/// Notes a template's `warning(message=…)`.
pub(crate) fn note_warning(message: String) {
    NOTED.with(|n| n.borrow_mut().warnings.push(message));
}

/// One warning per language for the UI strings templates asked for and did not find.
pub(crate) fn missing_string_warnings(missing: Vec<MissingString>, theme_dir: &str) -> Vec<Diagnostic> {
    let mut by_lang: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for m in missing {
        by_lang.entry(m.lang).or_default().insert(m.key);
    }
    by_lang
        .into_iter()
        .map(|(lang, keys)| {
            // The strings file as a whole lacks them (it may not even exist).
            Diagnostic::warning(
                format!("{theme_dir}/i18n/{lang}.toml"),
                1,
                1,
                format!(
                    "missing UI strings for `{lang}`, English or the key is shown instead: {}",
                    keys.into_iter().collect::<Vec<_>>().join(", ")
                ),
            )
        })
        .collect()
}
