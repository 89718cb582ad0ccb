//! Loads `config.toml` into a validated [`Config`]: typed languages, topics and
//! build settings. Reports every problem at once; reads one file, writes none.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use crate::diagnostic::{Diagnostic, Position};
pub(crate) use crate::read::language::{Digits, Direction, Lang, Language, looks_like_language_code};
use crate::read::settings::{RawHtml, read_images, read_news, read_raw_html, read_search};
use crate::read::tomlread::{Table, TomlSource};

/// The config file name, relative to the site root.
pub(crate) const CONFIG_FILE: &str = "config.toml";

/// The validated site configuration.
#[derive(Debug, Clone)]
pub(crate) struct Config {
    pub root: PathBuf,
    /// `base_url` without a trailing slash.
    pub base_url: String,
    /// The path part of `base_url`, always starting and ending with `/`.
    pub base_path: String,
    pub default_language: Lang,
    /// Default language first, then the others by code.
    pub languages: Vec<Language>,
    pub theme: String,
    /// Where `theme` is set in config.toml (the start of the file when it is not).
    pub theme_at: Position,
    /// Topic key → language → display name.
    pub topics: BTreeMap<String, BTreeMap<Lang, String>>,
    pub output_dir: PathBuf,
    /// Who chose the output folder, to say where a refusal comes from.
    pub output_origin: OutputOrigin,
    pub fallback: bool,
    pub paginate: usize,
    /// Whether translated briefings get a side-by-side view.
    pub parallel_view: bool,
    /// Whether briefings get a share card (`card.png`).
    pub share_cards: bool,
    /// `[images]`: the variant widths (ascending, no repeats) and the lossy WebP quality.
    pub image_widths: Vec<u32>,
    pub image_quality: u8,
    /// `authors.toml`: the people of the site by key.
    pub authors: BTreeMap<String, crate::read::authors::Author>,
    /// `[search] enabled`: build a search index and page per language (off when absent).
    pub search: bool,
    /// `[search] part_size`: pages of one language indexed, cached and published together.
    pub search_part_size: usize,
    /// `[markdown] raw_html`.
    pub raw_html: RawHtml,
    /// `[site]`: the logo and the menu of plain pages.
    pub site: crate::read::site::SiteSettings,
    /// `[deploy] target`: where `patrika deploy` uploads the built site.
    pub deploy: Option<crate::read::deploy::DeployTarget>,
    /// `[news] publication`: the publication's name in the news sitemap (else each language's title).
    pub news_publication: Option<String>,
    /// Whether the theme's CSS, scripts and fonts are published under names carrying a hash
    /// of their content (`build`); `serve` links the plain names so a stylesheet swaps in place.
    pub fingerprint_assets: bool,
    /// `serve`'s search page also asks for the index of recent edits (`pagefind/{lang}-edits.json`).
    pub search_edits: bool,
    /// Problems worth knowing that do not stop a build.
    pub warnings: Vec<Diagnostic>,
    /// Hash of the config.toml text, so caches notice any edit without reading it again.
    pub source_hash: u64,
}

impl Config {
    /// Finds a configured language by its code.
    pub(crate) fn lang(&self, code: &str) -> Option<&Lang> {
        self.languages.iter().map(|l| &l.code).find(|l| l.as_str() == code)
    }

    /// The settings of a configured language.
    pub(crate) fn language(&self, lang: &Lang) -> &Language {
        self.languages.iter().find(|l| &l.code == lang).unwrap_or(&self.languages[0])
    }

    /// A root-relative URL (with the base path) for a path below the base.
    pub(crate) fn url(&self, path: &str) -> String {
        format!("{}{}", self.base_path, path)
    }

    /// An absolute URL for a path below the base.
    pub(crate) fn permalink(&self, path: &str) -> String {
        format!("{}/{}", self.base_url, path)
    }

    /// The absolute URL of a root-relative one made by [`Config::url`].
    pub(crate) fn permalink_of_url(&self, url: &str) -> String {
        self.permalink(url.strip_prefix(self.base_path.as_str()).unwrap_or(url.trim_start_matches('/')))
    }

    /// The configured language codes, comma separated, for messages.
    pub(crate) fn language_list(&self) -> String {
        self.languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>().join(", ")
    }

    /// Replaces the base URL (`build --base-url`, `serve`).
    pub(crate) fn with_base_url(mut self, url: &BaseUrl) -> Config {
        self.base_url = url.url.clone();
        self.base_path = url.path.clone();
        self
    }
}

/// Who chose the output folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum OutputOrigin {
    /// Nobody: the default `public/`.
    Default,
    /// `[build] output_dir`, at this position of config.toml.
    Config(Position),
    /// `--output` on the command line.
    CommandLine,
}

/// A base URL checked before any build: given on the command line or by `serve`.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct BaseUrl {
    /// Without a trailing slash.
    pub url: String,
    /// Its path, starting and ending with `/`.
    pub path: String,
}

impl BaseUrl {
    /// Checks a URL as `base_url` would be checked; the error says what is wrong.
    pub fn parse(url: &str) -> Result<BaseUrl, String> {
        let (url, path) = split_base_url(url)?;
        Ok(BaseUrl { url, path })
    }
}

/// Splits a base URL into its normalised form and its path (`/` or `/x/`).
pub(crate) fn split_base_url(url: &str) -> Result<(String, String), String> {
    let url = url.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| format!("base_url `{url}` must start with http:// or https://"))?;
    if rest.is_empty() || rest.starts_with('/') {
        return Err(format!("base_url `{url}` has no host"));
    }
    let trimmed = url.trim_end_matches('/').to_string();
    let path = match rest.find('/') {
        Some(i) => rest[i..].trim_end_matches('/').to_string(),
        None => String::new(),
    };
    Ok((trimmed, format!("{path}/")))
}

const TOP_KEYS: &[&str] = &[
    "base_url",
    "default_language",
    "theme",
    "languages",
    "topics",
    "build",
    "images",
    "search",
    "markdown",
    "deploy",
    "site",
    "news",
];
const LANGUAGE_KEYS: &[&str] = &["name", "title", "description", "digits", "direction", "words_per_minute"];
const BUILD_KEYS: &[&str] = &["output_dir", "fallback", "paginate", "parallel_view", "share_cards"];

/// Reads and validates `config.toml` under `root`; every problem becomes a diagnostic.
pub(crate) fn load(root: &Path) -> Result<Config, Vec<Diagnostic>> {
    let path = root.join(CONFIG_FILE);
    let text = crate::read::content::read_regular(root, &path).map_err(|problem| {
        vec![problem.diagnostic(Path::new(CONFIG_FILE), " (is this a Patrika site? `patrika init` makes one)")]
    })?;
    let mut config = parse(root, &text)?;
    // The authors are part of the configuration: an edit to them re-renders what shows them.
    let (authors, authors_text) = crate::read::authors::load(root, &config.languages)?;
    config.authors = authors;
    config.source_hash = crate::text::hash_of(format!("{text}\u{0}{authors_text}"));
    Ok(config)
}

/// Validates the text of a config file (pure; `root` only resolves paths).
pub(crate) fn parse(root: &Path, text: &str) -> Result<Config, Vec<Diagnostic>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let source = TomlSource { path: Path::new(CONFIG_FILE), file_text: text, offset: 0 };
    let mut diags = Vec::new();
    let Some(doc) = source.parse(text, &mut diags) else {
        return Err(diags);
    };
    let top = source.table(&doc, "", 0..0);
    top.reject_unknown(TOP_KEYS, &mut diags);

    let base = read_base_url(&top, &source, &mut diags);
    let mut languages = read_languages(&top, &source, text, &mut diags);
    if languages.is_empty() {
        let at = if top.contains("languages") { top.span_of("languages") } else { 0..0 };
        diags.push(source.error(at, "no languages configured: add at least one [languages.<code>] table"));
    }

    let mut warnings = crate::read::deploy::credential_warnings(&doc, text, Path::new(CONFIG_FILE));
    let default_language = read_default_language(&top, &source, &languages, &mut diags, &mut warnings);

    let topics = read_topics(&top, &source, &languages, &mut diags);

    let build = read_build(&top, &mut diags);
    let (image_widths, image_quality) = read_images(&top, &mut diags);
    let (search, search_part_size) = read_search(&top, &mut diags);
    let raw_html = read_raw_html(&top, &mut diags);
    let deploy = crate::read::deploy::read_deploy(&top, &source, &mut diags);
    let news_publication = read_news(&top, &mut diags);
    let site = crate::read::site::read_site(&top, CONFIG_FILE, &mut diags);
    let theme = top.string("theme", &mut diags).unwrap_or_else(|| "default".to_string());
    let theme_at = if top.contains("theme") { top.position_of("theme") } else { Position::FILE };

    if !diags.is_empty() {
        return Err(crate::diagnostic::sorted(diags));
    }
    let (Some((base_url, base_path)), Some(default_language)) = (base, default_language) else { return Err(diags) };
    // The default language leads every language list (switchers, sitemaps, chooser).
    languages.sort_by_key(|l| (l.code != default_language, l.code.clone()));
    Ok(Config {
        root: root.to_path_buf(),
        base_url,
        base_path,
        default_language,
        languages,
        theme,
        theme_at,
        topics,
        output_dir: root.join(build.output_dir),
        output_origin: build.output_origin,
        fallback: build.fallback,
        paginate: build.paginate,
        parallel_view: build.parallel_view,
        share_cards: build.share_cards,
        image_widths,
        image_quality,
        authors: BTreeMap::new(),
        search,
        search_part_size,
        raw_html,
        site,
        deploy,
        news_publication,
        fingerprint_assets: false,
        search_edits: false,
        warnings,
        source_hash: crate::text::hash_of(text),
    })
}

/// Reads the required `base_url` as (URL without trailing slash, path).
fn read_base_url(top: &Table, source: &TomlSource, diags: &mut Vec<Diagnostic>) -> Option<(String, String)> {
    match top.string("base_url", diags) {
        Some(url) => match split_base_url(&url) {
            Ok(pair) => Some(pair),
            Err(message) => {
                diags.push(source.error(top.span_of("base_url"), message));
                None
            }
        },
        None => {
            if !top.contains("base_url") {
                top.missing("base_url", diags);
            }
            None
        }
    }
}

/// Reads `default_language`. Without one, a single language is the default; among several,
/// English is assumed when it is configured (with a warning saying so), and otherwise there
/// is no good guess, so it is an error.
fn read_default_language(
    top: &Table,
    source: &TomlSource,
    languages: &[Language],
    diags: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> Option<Lang> {
    let known = || languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>().join(", ");
    let Some(code) = top.string("default_language", diags) else {
        if top.contains("default_language") || languages.is_empty() {
            return None;
        }
        if let [only] = languages {
            // One language leaves nothing to choose.
            return Some(only.code.clone());
        }
        let english = languages.iter().find(|l| l.code.as_str() == "en").map(|l| l.code.clone());
        let mut problem =
            source.error(0..0, format!("no default_language: add `default_language = \"…\"` with one of {}", known()));
        if english.is_some() {
            problem.severity = crate::diagnostic::Severity::Warning;
            problem.message = format!("no default_language, so `en` is used; say which of {} it is", known());
            warnings.push(problem);
        } else {
            diags.push(problem);
        }
        return english;
    };
    match languages.iter().find(|l| l.code.as_str() == code) {
        Some(l) => Some(l.code.clone()),
        None => {
            diags.push(source.error(
                top.span_of("default_language"),
                format!("default_language `{code}` is not among [languages] (configured: {})", known()),
            ));
            None
        }
    }
}

/// The `[build]` settings.
struct BuildSettings {
    output_dir: PathBuf,
    output_origin: OutputOrigin,
    fallback: bool,
    paginate: usize,
    parallel_view: bool,
    share_cards: bool,
}

fn read_build(top: &Table, diags: &mut Vec<Diagnostic>) -> BuildSettings {
    let mut settings = BuildSettings {
        output_dir: PathBuf::from("public"),
        output_origin: OutputOrigin::Default,
        fallback: false,
        paginate: 20,
        parallel_view: true,
        share_cards: true,
    };
    if let Some(build) = top.table("build", diags) {
        build.reject_unknown(BUILD_KEYS, diags);
        if let Some(dir) = build.string("output_dir", diags) {
            settings.output_dir = PathBuf::from(dir);
            settings.output_origin = OutputOrigin::Config(build.position_of("output_dir"));
        }
        settings.fallback = build.boolean("fallback", diags).unwrap_or(false);
        settings.paginate = build.positive_integer("paginate", diags).unwrap_or(20);
        settings.parallel_view = build.boolean("parallel_view", diags).unwrap_or(true);
        settings.share_cards = build.boolean("share_cards", diags).unwrap_or(true);
    }
    settings
}

/// Reads `[languages.*]`: each code checked, its settings typed, its position kept.
fn read_languages(top: &Table, source: &TomlSource, text: &str, diags: &mut Vec<Diagnostic>) -> Vec<Language> {
    let mut languages = Vec::new();
    if let Some(table) = top.table("languages", diags) {
        for (code, span) in table.keys() {
            let at = Position::of(text, span.start);
            if !looks_like_language_code(&code) {
                diags.push(
                    source
                        .error(span, format!("`{code}` is not a language code (use BCP 47, such as hi, en or en-IN)")),
                );
                continue;
            }
            let Some(lang_table) = table.table(&code, diags) else {
                continue;
            };
            lang_table.reject_unknown(LANGUAGE_KEYS, diags);
            let digits = match lang_table.string("digits", diags).as_deref() {
                None | Some("latin") => Digits::Latin,
                Some("devanagari") => Digits::Devanagari,
                Some(other) => {
                    diags.push(source.error(
                        lang_table.span_of("digits"),
                        format!("digits must be \"latin\" or \"devanagari\", not \"{other}\""),
                    ));
                    Digits::Latin
                }
            };
            let rtl_by_default = matches!(code.split('-').next(), Some("ur" | "ar" | "fa" | "he"));
            let direction = match lang_table.string("direction", diags).as_deref() {
                None if rtl_by_default => Direction::Rtl,
                None | Some("ltr") => Direction::Ltr,
                Some("rtl") => Direction::Rtl,
                Some(other) => {
                    diags.push(source.error(
                        lang_table.span_of("direction"),
                        format!("direction must be \"ltr\" or \"rtl\", not \"{other}\""),
                    ));
                    Direction::Ltr
                }
            };
            let name = lang_table.string("name", diags).unwrap_or_else(|| code.clone());
            languages.push(Language {
                title: lang_table.string("title", diags).unwrap_or_else(|| name.clone()),
                description: lang_table.string("description", diags).unwrap_or_default(),
                words_per_minute: lang_table.positive_integer("words_per_minute", diags).unwrap_or(200),
                name,
                digits,
                direction,
                at,
                code: Lang::configured(code),
            });
        }
    }
    languages
}

/// Reads `[topics.*]`: display names per configured language.
fn read_topics(
    top: &Table,
    source: &TomlSource,
    languages: &[Language],
    diags: &mut Vec<Diagnostic>,
) -> BTreeMap<String, BTreeMap<Lang, String>> {
    let mut topics = BTreeMap::new();
    if let Some(table) = top.table("topics", diags) {
        for (key, _) in table.keys() {
            let Some(names) = table.table(&key, diags) else {
                continue;
            };
            let mut by_lang = BTreeMap::new();
            for (code, span) in names.keys() {
                match languages.iter().find(|l| l.code.as_str() == code) {
                    Some(l) => {
                        if let Some(name) = names.string(&code, diags) {
                            by_lang.insert(l.code.clone(), nfc(&name));
                        }
                    }
                    None => diags.push(source.error(
                        span,
                        format!(
                            "`{code}` in [topics.{key}] is not a configured language (configured: {})",
                            languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>().join(", ")
                        ),
                    )),
                }
            }
            topics.insert(nfc(&key), by_lang);
        }
    }
    topics
}

fn nfc(s: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    s.nfc().collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    const MINIMAL: &str = "base_url = \"https://x.org/news/\"\ndefault_language = \"hi\"\n[languages.hi]\nname = \"हिन्दी\"\n[languages.en]\nname = \"English\"\n";

    #[test]
    fn minimal_config_resolves() {
        let c = parse(Path::new("/site"), MINIMAL).unwrap();
        assert_eq!(c.base_url, "https://x.org/news");
        assert_eq!(c.base_path, "/news/");
        assert_eq!(c.languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>(), ["hi", "en"]);
        assert_eq!(c.paginate, 20);
    }

    #[test]
    fn every_problem_is_reported_with_position() {
        let text =
            "base_url = \"https://x.org\"\ndefault_language = \"fr\"\ntheem = \"x\"\n[languages.hi]\nnmae = \"h\"\n";
        let errs = parse(Path::new("/s"), text).unwrap_err();
        let shown: Vec<String> = errs.iter().map(|d| d.to_string()).collect();
        assert_eq!(
            shown,
            [
                "config.toml:2:20: error: default_language `fr` is not among [languages] (configured: hi)",
                "config.toml:3:1: error: unknown key `theem` (did you mean `theme`?)",
                "config.toml:5:1: error: unknown key `nmae` in [languages.hi] (did you mean `name`?)",
            ]
        );
    }

    #[test]
    fn a_missing_default_language_is_english_with_a_warning_or_an_error() {
        let with_en = "base_url = \"https://x.org\"\n[languages.hi]\n[languages.en]\n";
        let c = parse(Path::new("/s"), with_en).unwrap();
        assert_eq!(c.default_language.as_str(), "en");
        assert_eq!(
            c.warnings.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            ["config.toml:1:1: warning: no default_language, so `en` is used; say which of en, hi it is"]
        );
        let without_en = "base_url = \"https://x.org\"\n[languages.hi]\n[languages.ur]\n";
        let errs = parse(Path::new("/s"), without_en).unwrap_err();
        assert_eq!(
            errs.iter().map(|d| d.to_string()).collect::<Vec<_>>(),
            ["config.toml:1:1: error: no default_language: add `default_language = \"…\"` with one of hi, ur"]
        );
    }

    #[test]
    fn a_site_needs_a_language() {
        for text in ["base_url = \"https://x.org\"\n", "base_url = \"https://x.org\"\n[languages]\n"] {
            let errs = parse(Path::new("/s"), text).unwrap_err();
            assert!(errs[0].message.starts_with("no languages configured"), "{errs:?}");
        }
    }

    #[test]
    fn language_code_shape() {
        assert!(looks_like_language_code("hi"));
        assert!(looks_like_language_code("en-IN"));
        assert!(!looks_like_language_code("draft"));
        assert!(!looks_like_language_code("v2"));
    }
}
