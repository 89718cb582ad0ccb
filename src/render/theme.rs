//! Loads the theme: templates (built-in default, then `themes/<name>/`, then the
//! site's `templates/`), UI strings per language, and theme assets. Reads files;
//! writes none.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use tera::{ErrorKind, Kwargs, State, Tera};

use crate::diagnostic::Diagnostic;
use crate::read::config::{CONFIG_FILE, Config};
use crate::read::tomlread::TomlSource;
use crate::render::fingerprint::{self, Fingerprinted};

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// The language whose UI strings every other language falls back to.
const FALLBACK_LANGUAGE: &str = "en";

/// Where a theme file comes from.
#[derive(Debug, Clone)]
pub(crate) enum FileSource {
    Builtin(&'static [u8]),
    Disk(PathBuf),
}

impl FileSource {
    /// Reads the bytes of the file.
    pub(crate) fn bytes(&self) -> std::io::Result<Vec<u8>> {
        match self {
            FileSource::Builtin(b) => Ok(b.to_vec()),
            FileSource::Disk(p) => std::fs::read(p),
        }
    }
}

/// A theme file with the path to name it by in messages.
#[derive(Debug, Clone)]
struct LayerFile {
    shown_as: String,
    source: FileSource,
}

/// UI strings of every language, with English as the fallback.
#[derive(Debug, Default)]
pub(crate) struct I18n {
    strings: BTreeMap<String, BTreeMap<String, String>>,
}

/// A UI string a template asked for and did not find.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(crate) struct MissingString {
    pub lang: String,
    pub key: String,
}

thread_local! {
    /// The UI strings not found while the page on this thread renders. Tera calls `t()`
    /// from inside `render`, and a page renders on one thread from start to end.
    static MISSING: std::cell::RefCell<BTreeSet<MissingString>> = const { std::cell::RefCell::new(BTreeSet::new()) };
}

/// Runs `render` and returns its result with the UI strings it asked for and did not find.
pub(crate) fn noting_missing_strings<T>(render: impl FnOnce() -> T) -> (T, Vec<MissingString>) {
    MISSING.with(|m| m.borrow_mut().clear());
    let made = render();
    (made, MISSING.with(|m| std::mem::take(&mut *m.borrow_mut())).into_iter().collect())
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
        self.note_missing(lang, key);
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

    fn note_missing(&self, lang: &str, key: &str) {
        let missing = MissingString { lang: lang.to_string(), key: key.to_string() };
        MISSING.with(|m| m.borrow_mut().insert(missing));
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

/// A loaded theme, ready to render.
pub(crate) struct Theme {
    pub tera: Tera,
    pub i18n: Arc<I18n>,
    /// Files of the theme's `static/`, by path below it.
    pub assets: BTreeMap<String, FileSource>,
    /// Copies of its stylesheets, scripts and fonts named by their content, by path below
    /// `static/` (empty unless the config asks for fingerprinted assets).
    pub fingerprinted: BTreeMap<String, Fingerprinted>,
    /// How the theme folder is named in messages (`themes/default`).
    pub dir_shown: String,
    /// Template name → the file it came from, for messages.
    pub template_files: BTreeMap<String, String>,
    /// Shortcode name → what its template's `usage` line says it takes.
    pub shortcodes: BTreeMap<String, Option<crate::render::shortcodes::Usage>>,
}

/// The theme's files after layering, and a fingerprint of what pages depend on.
pub(crate) struct ThemeFiles {
    files: BTreeMap<String, LayerFile>,
    dir_shown: String,
    /// Hash of every template and UI-string file, and of the assets pages link by a content
    /// hash (not of other assets, which pages link by name).
    pub fingerprint: u64,
}

/// Layers the built-in theme, `themes/<name>/` and `templates/`, and fingerprints the result.
pub(crate) fn collect(config: &Config) -> Result<ThemeFiles, Vec<Diagnostic>> {
    use std::hash::{Hash, Hasher};
    let dir_shown = format!("themes/{}", config.theme);
    let mut files: BTreeMap<String, LayerFile> = BTreeMap::new();
    let mut errors = Vec::new();
    if config.theme == "default" {
        for (rel, bytes) in builtin::FILES {
            files.insert(
                rel.to_string(),
                LayerFile { shown_as: format!("{dir_shown}/{rel} (built-in)"), source: FileSource::Builtin(bytes) },
            );
        }
    }
    let theme_dir = config.root.join(&dir_shown);
    if theme_dir.is_dir() {
        overlay(&theme_dir, "", &dir_shown, &mut files);
    } else if config.theme != "default" {
        errors.push(Diagnostic::error_pos(
            CONFIG_FILE,
            config.theme_at,
            format!("theme `{}` not found: there is no {dir_shown}/ folder", config.theme),
        ));
        return Err(errors);
    }
    let site_templates = config.root.join("templates");
    if site_templates.is_dir() {
        overlay(&site_templates, "templates/", "templates", &mut files);
    }
    let mut hasher = ahash::AHasher::default();
    for (rel, file) in &files {
        rel.hash(&mut hasher);
        if !rel.starts_with("static/") || (config.fingerprint_assets && fingerprint::is_fingerprinted(rel)) {
            file.source.bytes().unwrap_or_default().hash(&mut hasher);
        }
    }
    Ok(ThemeFiles { files, dir_shown, fingerprint: hasher.finish() })
}

/// Compiles layered theme files into templates, UI strings and assets.
pub(crate) fn compile(config: &Config, layered: &ThemeFiles) -> Result<(Theme, Vec<Diagnostic>), Vec<Diagnostic>> {
    let files = &layered.files;
    let dir_shown = layered.dir_shown.clone();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();

    let mut template_files = BTreeMap::new();
    let mut sources = Vec::new();
    for (rel, file) in files {
        let Some(name) = rel.strip_prefix("templates/") else {
            continue;
        };
        match file.source.bytes().map(String::from_utf8) {
            Ok(Ok(text)) => {
                template_files.insert(name.to_string(), file.shown_as.clone());
                sources.push((name.to_string(), text));
            }
            _ => errors.push(Diagnostic::error(&file.shown_as, 1, 1, "cannot read the template as UTF-8 text")),
        }
    }
    let i18n = Arc::new(load_i18n(config, files, &dir_shown, &mut errors, &mut warnings));
    let (assets, fingerprinted) = static_files(config, files, &dir_shown)?;
    let urls = Arc::new(asset_urls(config, &assets, &fingerprinted));
    // Parse each template alone first so that every syntax error is reported with its position.
    for (name, text) in &sources {
        let mut alone = new_tera(&i18n, &urls);
        // Missing parents, includes and the like need the other templates: checked below.
        if let Err(e) = alone.add_raw_template(name, text)
            && let ErrorKind::SyntaxError(report) = e.kind()
        {
            let span = report.span();
            let col = text
                .lines()
                .nth(span.start_line.saturating_sub(1))
                .map_or(span.start_col, |line| line.char_indices().take_while(|(i, _)| *i < span.start_col).count());
            errors.push(Diagnostic::error(
                &template_files[name],
                span.start_line.max(1),
                col + 1,
                format!("template syntax: {}", report.message()),
            ));
        }
    }
    let mut tera = new_tera(&i18n, &urls);
    if errors.is_empty()
        && let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, t)| (n.as_str(), t.as_str())))
    {
        // Name the template at fault, at the tag that makes the link (its own text, searched).
        let at = |name: &str, tag: &str| {
            let text = sources.iter().find(|(n, _)| n == name).map_or("", |(_, t)| t.as_str());
            let offset = text.find(&format!("{{% {tag}")).or_else(|| text.find(&format!("{{%- {tag}"))).unwrap_or(0);
            let (line, col) = crate::diagnostic::line_col(text, offset);
            (template_files.get(name).cloned().unwrap_or_else(|| name.to_string()), line, col)
        };
        let (file, line, col, message) = match e.kind() {
            ErrorKind::MissingParent { current, parent } => {
                let (f, l, c) = at(current, "extends");
                (f, l, c, format!("template `{current}` extends `{parent}`, which does not exist"))
            }
            ErrorKind::CircularExtend { tpl, inheritance_chain } => {
                let (f, l, c) = at(tpl, "extends");
                (f, l, c, format!("templates extend each other in a circle: {}", inheritance_chain.join(" → ")))
            }
            ErrorKind::CircularInclude { tpl, include_chain } => {
                let (f, l, c) = at(tpl, "include");
                (f, l, c, format!("templates include each other in a circle: {}", include_chain.join(" → ")))
            }
            other => (dir_shown.clone(), 1, 1, format!("templates: {}", first_line(&other.to_string()))),
        };
        errors.push(Diagnostic::error(file, line, col, message));
    }

    if !errors.is_empty() {
        return Err(errors);
    }
    let shortcodes = shortcode_usages(&sources);
    Ok((Theme { tera, i18n, assets, fingerprinted, dir_shown, template_files, shortcodes }, warnings))
}

/// Shortcode name → its template's usage line, for every `shortcodes/*.html`.
fn shortcode_usages(sources: &[(String, String)]) -> BTreeMap<String, Option<crate::render::shortcodes::Usage>> {
    sources
        .iter()
        .filter_map(|(name, text)| {
            let short = name.strip_prefix("shortcodes/")?.strip_suffix(".html")?;
            Some((short.to_string(), crate::render::shortcodes::usage_of(text)))
        })
        .collect()
}

fn first_line(message: &str) -> String {
    let line = message.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
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

/// The files of the theme's `static/` by their path there, and their fingerprinted copies
/// when the config asks for them.
type StaticFiles = (BTreeMap<String, FileSource>, BTreeMap<String, Fingerprinted>);

fn static_files(
    config: &Config,
    files: &BTreeMap<String, LayerFile>,
    dir_shown: &str,
) -> Result<StaticFiles, Vec<Diagnostic>> {
    let assets: BTreeMap<String, FileSource> = files
        .iter()
        .filter_map(|(rel, f)| rel.strip_prefix("static/").map(|r| (r.to_string(), f.source.clone())))
        .collect();
    if !config.fingerprint_assets {
        return Ok((assets, BTreeMap::new()));
    }
    match fingerprint::fingerprint(&assets) {
        Ok(fingerprinted) => Ok((assets, fingerprinted)),
        Err(e) => Err(vec![Diagnostic::error(dir_shown, 1, 1, format!("cannot read the theme's static files: {e}"))]),
    }
}

/// The URL of every file of the theme's `static/` by its path there: its fingerprinted
/// name when it has one.
fn asset_urls(
    config: &Config,
    assets: &BTreeMap<String, FileSource>,
    fingerprinted: &BTreeMap<String, Fingerprinted>,
) -> BTreeMap<String, String> {
    let published = |rel: &String| fingerprinted.get(rel).map_or(rel.as_str(), |f| f.name.as_str()).to_string();
    assets.keys().map(|rel| (rel.clone(), config.url(&format!("theme/{}", published(rel))))).collect()
}

/// A Tera instance with Patrika's template functions; they must exist before templates load.
fn new_tera(i18n: &Arc<I18n>, urls: &Arc<BTreeMap<String, String>>) -> Tera {
    let mut tera = Tera::new();
    let for_asset_url = Arc::clone(urls);
    tera.register_function("asset_url", move |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
        let path: String = kwargs.must_get::<String>("path")?;
        for_asset_url
            .get(path.trim_start_matches('/'))
            .cloned()
            .ok_or_else(|| tera::Error::message(format!("asset_url: the theme has no static/{path}")))
    });
    let for_t = Arc::clone(i18n);
    tera.register_function("t", move |kwargs: Kwargs, state: &State| -> tera::TeraResult<String> {
        let key: String = kwargs.must_get::<String>("key")?;
        // `lang=` asks for another language's string (the root page greets every language).
        let lang: String = match kwargs.get::<String>("lang")? {
            Some(lang) => lang,
            None => state.get::<String>("lang")?.unwrap_or_else(|| FALLBACK_LANGUAGE.to_string()),
        };
        // `own=true`: the language's own string or nothing (the root page greets each language in its own).
        let mut s = if kwargs.get::<bool>("own")?.unwrap_or(false) {
            for_t.own(&lang, &key).unwrap_or_default()
        } else {
            for_t.get(&lang, &key)
        };
        for (name, value) in kwargs.iter() {
            let Some(name) = name.as_str() else { continue };
            if name != "key" && name != "lang" && name != "own" {
                let shown = value.as_str().map_or_else(|| value.to_string(), str::to_string);
                s = s.replace(&format!("{{{name}}}"), &shown);
            }
        }
        Ok(s)
    });
    tera
}

fn overlay(dir: &Path, prefix: &str, shown_prefix: &str, files: &mut BTreeMap<String, LayerFile>) {
    for entry in walkdir::WalkDir::new(dir).follow_links(false).sort_by_file_name().into_iter().flatten() {
        if !entry.file_type().is_file() || crate::read::content::is_ignored_name(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(dir) else {
            continue;
        };
        let rel = rel.to_string_lossy().replace('\\', "/");
        files.insert(
            format!("{prefix}{rel}"),
            LayerFile {
                shown_as: format!("{shown_prefix}/{rel}"),
                source: FileSource::Disk(entry.path().to_path_buf()),
            },
        );
    }
}

fn load_i18n(
    config: &Config,
    files: &BTreeMap<String, LayerFile>,
    dir_shown: &str,
    errors: &mut Vec<Diagnostic>,
    warnings: &mut Vec<Diagnostic>,
) -> I18n {
    let mut strings = BTreeMap::new();
    for (rel, file) in files {
        let Some(code) = rel.strip_prefix("i18n/").and_then(|r| r.strip_suffix(".toml")) else {
            continue;
        };
        let Ok(Ok(text)) = file.source.bytes().map(String::from_utf8) else {
            errors.push(Diagnostic::error(&file.shown_as, 1, 1, "cannot read UI strings as UTF-8 text"));
            continue;
        };
        let text = crate::text::normalise(&text);
        let path = PathBuf::from(&file.shown_as);
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

/// The built-in default theme's files, for `patrika init`.
pub(crate) fn builtin_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    builtin::FILES.iter().copied()
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
