//! What a content file's path says about it — section, stem, language, kind —
//! parsed once into a [`FileInfo`] that every later stage passes along.

use crate::read::config::{Config, Lang, looks_like_language_code};

/// Whether a document is a page or the intro of a section or home page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum DocKind {
    Page,
    Index,
}

/// The identity of a content file, from its path below `content/`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct FileInfo {
    /// Relative to `content/`, `/`-separated, e.g. `briefings/x.hi.md`.
    pub content_path: String,
    /// Folder relative to `content/` (`briefings`), empty at the top level.
    /// For a bundle (`briefings/x/index.hi.md`) it is the bundle's parent folder.
    pub section: String,
    /// File name without language suffix and `.md`; a bundle's folder name.
    pub stem: String,
    /// Whether the file is a bundle's `index.{lang}.md`, so that the files beside it belong to it.
    pub bundle: bool,
    /// The language the name gives; `None` means the default language.
    pub lang: Option<Lang>,
    pub kind: DocKind,
}

/// A content name split at its last dot: stem, and a configured-language suffix if there is one.
fn split_language<'a>(base: &'a str, config: &Config) -> (&'a str, Option<Lang>) {
    match base.rsplit_once('.') {
        Some((stem, suffix)) if !stem.is_empty() => match config.lang(suffix) {
            Some(lang) => (stem, Some(lang.clone())),
            None => (base, None),
        },
        _ => (base, None),
    }
}

impl FileInfo {
    /// Parses a content path; the error says what is wrong with the name and what was meant.
    pub(crate) fn parse(content_path: &str, config: &Config) -> Result<FileInfo, String> {
        if let Some(problem) = crate::text::name_problem(content_path) {
            return Err(problem);
        }
        let (section, file_name) = content_path.rsplit_once('/').unwrap_or(("", content_path));
        let base = match file_name.strip_suffix(".md") {
            Some(base) => base,
            None => {
                let dot = file_name.rfind('.').unwrap_or(file_name.len());
                if !file_name[dot..].eq_ignore_ascii_case(".md") {
                    return Err(format!("`{file_name}` is not a Markdown file: pages and briefings are `.md` files"));
                }
                let wanted = format!("{}.md", &file_name[..dot]);
                return Err(format!("the extension must be lower-case `.md`: rename the file to `{wanted}`"));
            }
        };
        let (stem, lang) = split_language(base, config);
        if lang.is_none()
            && let Some((before, suffix)) = base.rsplit_once('.')
            && !before.is_empty()
        {
            let lower = suffix.to_ascii_lowercase();
            if lower != suffix && config.lang(&lower).is_some() {
                return Err(format!("language suffixes are lower-case: rename the file to `{before}.{lower}.md`"));
            }
            if looks_like_language_code(suffix) {
                return Err(format!(
                    "`{suffix}` in the file name is not a configured language (configured: {})",
                    config.language_list()
                ));
            }
        }
        if let Some(lang) = &lang
            && let Some((before, second)) = stem.rsplit_once('.')
            && !before.is_empty()
            && (config.lang(second).is_some() || looks_like_language_code(&second.to_ascii_lowercase()))
        {
            return Err(format!(
                "the name has two language suffixes (`{second}` and `{lang}`): keep one, e.g. `{before}.{lang}.md`"
            ));
        }
        let kind = if stem == "_index" { DocKind::Index } else { DocKind::Page };
        // `briefings/x/index.hi.md` is the briefing `briefings/x`: its folder is its name.
        let (section, stem, bundle) = match (stem, section.rsplit_once('/')) {
            ("index", Some((parent, folder))) => (parent, folder, true),
            ("index", None) if !section.is_empty() => ("", section, true),
            _ => (section, stem, false),
        };
        Ok(FileInfo {
            content_path: content_path.to_string(),
            section: section.to_string(),
            stem: stem.to_string(),
            bundle,
            lang,
            kind,
        })
    }

    /// The path without language suffix and `.md` (`briefings/x`): the set key by path.
    /// For a bundle it is also the bundle's folder.
    pub(crate) fn stem_path(&self) -> String {
        join(&self.section, &self.stem)
    }

    /// The folder the file is in, relative to `content/`: what its relative links start from.
    pub(crate) fn folder(&self) -> &str {
        self.content_path.rsplit_once('/').map_or("", |(folder, _)| folder)
    }
}

fn join(section: &str, stem: &str) -> String {
    if section.is_empty() { stem.to_string() } else { format!("{section}/{stem}") }
}

/// The stem path a link's content path names, by the same rule as [`FileInfo::parse`]
/// but never failing: `briefings/x.en.md` and `briefings/x.md` both name `briefings/x`.
pub(crate) fn linked_stem_path(content_path: &str, config: &Config) -> String {
    let (section, file_name) = content_path.rsplit_once('/').unwrap_or(("", content_path));
    let base = file_name.strip_suffix(".md").unwrap_or(file_name);
    match split_language(base, config).0 {
        // A link to a bundle's index names the bundle.
        "index" if !section.is_empty() => section.to_string(),
        stem => join(section, stem),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::Path;

    fn config() -> Config {
        let text = "base_url = \"https://x.org\"\ndefault_language = \"hi\"\n[languages.hi]\n[languages.en]\n";
        crate::read::config::parse(Path::new("/s"), text).unwrap()
    }

    #[test]
    fn names_give_section_stem_language_and_kind() {
        let c = config();
        let x = FileInfo::parse("briefings/x.hi.md", &c).unwrap();
        assert_eq!(
            (x.section.as_str(), x.stem.as_str(), x.lang.as_ref().map(Lang::as_str)),
            ("briefings", "x", Some("hi"))
        );
        assert_eq!(x.stem_path(), "briefings/x");
        let plain = FileInfo::parse("about.md", &c).unwrap();
        assert_eq!((plain.stem.as_str(), plain.lang.is_none(), plain.kind), ("about", true, DocKind::Page));
        assert_eq!(FileInfo::parse("a/b/_index.en.md", &c).unwrap().kind, DocKind::Index);
        // Dots that are not language suffixes stay in the stem: a.b.md and a.c.md are different files.
        assert_eq!(FileInfo::parse("s/a.b.md", &c).unwrap().stem, "a.b");
        assert_eq!(FileInfo::parse("s/v1.2.hi.md", &c).unwrap().stem, "v1.2");
    }

    #[test]
    fn a_folder_with_an_index_is_one_briefing_named_by_the_folder() {
        let c = config();
        let b = FileInfo::parse("briefings/qingdao/index.en.md", &c).unwrap();
        assert_eq!((b.section.as_str(), b.stem.as_str(), b.bundle), ("briefings", "qingdao", true));
        assert_eq!((b.stem_path(), b.folder()), ("briefings/qingdao".to_string(), "briefings/qingdao"));
        let top = FileInfo::parse("about/index.md", &c).unwrap();
        assert_eq!((top.section.as_str(), top.stem.as_str(), top.bundle), ("", "about", true));
        // A top-level `index.md` has no folder to be named by: it stays a page called `index`.
        assert!(!FileInfo::parse("index.md", &c).unwrap().bundle);
        assert_eq!(linked_stem_path("briefings/qingdao/index.hi.md", &c), "briefings/qingdao");
        assert!(!FileInfo::parse("briefings/x.hi.md", &c).unwrap().bundle);
    }

    #[test]
    fn bad_names_are_errors_with_the_intended_name() {
        let c = config();
        let err = |p: &str| FileInfo::parse(p, &c).unwrap_err();
        assert!(err("s/x.hi.en.md").contains("`x.en.md`"), "{}", err("s/x.hi.en.md"));
        assert!(err("s/x.HI.md").contains("`x.hi.md`"));
        assert!(err("s/x.hi.MD").contains("`x.hi.md`"));
        assert!(err("s/x.fr.md").contains("not a configured language (configured: hi, en)"));
    }

    proptest::proptest! {
        #[test]
        fn any_name_parses_or_is_refused_without_panic(name in "[a-zA-Z0-9._ क्ष-]{0,16}(\\.(hi|en|HI|fr|md|MD)){0,3}") {
            let c = config();
            let path = format!("briefings/{name}");
            if let Ok(info) = FileInfo::parse(&path, &c) {
                // The two readers of a content path agree on what it names.
                proptest::prop_assert_eq!(linked_stem_path(&path, &c), info.stem_path());
                proptest::prop_assert!(path.ends_with(".md"));
            }
        }

        #[test]
        fn suffixed_names_round_trip(stem in "[a-zक-ह0-9_-]{1,12}", lang in "(hi|en)") {
            let info = FileInfo::parse(&format!("s/{stem}.{lang}.md"), &config()).unwrap();
            proptest::prop_assert_eq!(info.stem, stem);
            proptest::prop_assert_eq!(info.lang.map(|l| l.to_string()), Some(lang));
        }
    }

    #[test]
    fn links_name_stems_by_the_same_rule() {
        let c = config();
        assert_eq!(linked_stem_path("s/x.en.md", &c), "s/x");
        assert_eq!(linked_stem_path("s/x.md", &c), "s/x");
        assert_eq!(linked_stem_path("s/a.b.md", &c), "s/a.b");
        assert_eq!(linked_stem_path("s/a.c.md", &c), "s/a.c");
    }
}
