//! Loads the theme: templates (built-in default, then `themes/<name>/`, then the
//! site's `templates/`), UI strings per language, and theme assets. Reads files;
//! writes none.

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use tera::{ErrorKind, Kwargs, State, Tera};

use crate::diagnostic::Diagnostic;
use crate::read::config::{CONFIG_FILE, Config};
use crate::read::disk::{self, Boundary, EntryKind};
use crate::render::card_theme::{self, CardTheme, ThemeFile, is_card_font};
pub(crate) use crate::render::file_source::FileSource;
use crate::render::fingerprint::{self, Fingerprinted};
use crate::render::i18n::{self, FALLBACK_LANGUAGE, I18n};
use crate::render::notes;

mod builtin {
    include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));
}

/// A theme file with the path to name it by in messages.
#[derive(Debug, Clone)]
pub(crate) struct LayerFile {
    shown_as: String,
    pub source: FileSource,
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
    pub shortcodes: BTreeMap<String, Option<Usage>>,
    /// The fonts and style of its share cards.
    pub cards: Arc<CardTheme>,
}

/// The theme's files after layering, and a fingerprint of what pages depend on.
pub(crate) struct ThemeFiles {
    /// Path inside the theme (`static/fonts/…`, `templates/…`) → the file that wins.
    pub files: BTreeMap<String, LayerFile>,
    dir_shown: String,
    /// Hash of every template and UI-string file, and of the assets pages link by a content
    /// hash (not of other assets, which pages link by name).
    pub fingerprint: u64,
}

impl ThemeFiles {
    /// The templates this config needs that neither the theme nor `templates/` has: one
    /// error each, at the theme's folder, saying what needs it. Known from the config alone,
    /// so a build says so before it reads any Markdown.
    pub(crate) fn missing_templates(&self, config: &Config) -> Vec<Diagnostic> {
        needed_templates(config)
            .into_iter()
            .filter(|(name, _)| !self.files.contains_key(&format!("templates/{name}")))
            .map(|(name, why)| {
                let message = format!("template `{name}` not found in the theme or templates/: {why}");
                Diagnostic::error(&self.dir_shown, 1, 1, message)
            })
            .collect()
    }
}

/// The templates every build of `config` renders, whatever its content, with what needs
/// each: the lists, pages and special pages of every site, and those of the features the
/// config turns on. A front matter `template` and `plain.html` (only for pages outside
/// sections) are checked when the pages that need them render.
fn needed_templates(config: &Config) -> Vec<(&'static str, &'static str)> {
    let mut needed = vec![
        ("home.html", "every language's home page needs it"),
        ("section.html", "every section's list needs it"),
        ("page.html", "every briefing's page needs it"),
        ("topics.html", "every language's topics page needs it"),
        ("topic.html", "every topic's list needs it"),
        ("404.html", "every language's not-found page needs it"),
        ("root.html", "the language chooser at the site's root needs it"),
    ];
    if config.search {
        needed.push(("search.html", "`[search] enabled` needs it for every language's search page"));
    }
    if config.parallel_view && config.languages.len() > 1 {
        needed.push((
            "parallel.html",
            "`[build] parallel_view` (on unless set to false) needs it for the side-by-side view",
        ));
    }
    if !config.authors.is_empty() {
        needed.push(("author.html", "authors.toml needs it for every person's page"));
    }
    needed
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
    let plain_name =
        !config.theme.is_empty() && !config.theme.contains(['/', '\\']) && config.theme != "." && config.theme != "..";
    if !plain_name {
        let message = format!("theme `{}` is not a folder name: a theme is a folder of themes/", config.theme);
        return Err(vec![Diagnostic::error_pos(CONFIG_FILE, config.theme_at, message)]);
    }
    let site = Boundary::site(&config.root);
    let theme_dir = config.root.join(&dir_shown);
    if theme_dir.is_dir() {
        overlay(&theme_dir, &site.with_theme(&theme_dir), ("", &dir_shown), &mut files, &mut errors);
    } else if config.theme != "default" {
        errors.push(Diagnostic::error_pos(
            CONFIG_FILE,
            config.theme_at,
            format!("theme `{}` not found: there is no {dir_shown}/ folder", config.theme),
        ));
        return Err(errors);
    }
    let site_templates = config.root.join("templates");
    if site_templates.is_dir() || site_templates.is_symlink() {
        overlay(&site_templates, &site, ("templates/", "templates"), &mut files, &mut errors);
    }
    if !errors.is_empty() {
        return Err(errors);
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
    let i18n = Arc::new(i18n::load(config, ui_string_files(files), &dir_shown, &mut errors, &mut warnings));
    let (assets, fingerprinted) = static_files(config, files, &dir_shown)?;
    let cards = Arc::new(card_theme(files)?);
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
    Ok((Theme { tera, i18n, assets, fingerprinted, dir_shown, template_files, shortcodes, cards }, warnings))
}

/// The theme's card fonts and `[card]` style; the built-in fonts when it has none of its own.
fn card_theme(files: &BTreeMap<String, LayerFile>) -> Result<CardTheme, Vec<Diagnostic>> {
    let theme_files: Vec<ThemeFile> = files
        .iter()
        .filter(|(rel, _)| *rel == "theme.toml" || is_card_font(rel))
        .map(|(rel, f)| ThemeFile { rel, shown_as: &f.shown_as, bytes: f.source.bytes().ok() })
        .collect();
    let builtin = builtin::FILES.iter().filter(|(rel, _)| is_card_font(rel)).map(|(_, b)| b.to_vec()).collect();
    card_theme::load(&theme_files, builtin)
}

/// The theme's `i18n/<lang>.toml` files: (language code, path shown, text if it is UTF-8).
fn ui_string_files(files: &BTreeMap<String, LayerFile>) -> Vec<(&str, &str, Option<String>)> {
    let files = files.iter().filter_map(|(rel, file)| {
        let code = rel.strip_prefix("i18n/")?.strip_suffix(".toml")?;
        Some((code, file.shown_as.as_str(), file.source.bytes().ok().and_then(|b| String::from_utf8(b).ok())))
    });
    files.collect()
}

/// Shortcode name → its template's usage line, for every `shortcodes/*.html`.
fn shortcode_usages(sources: &[(String, String)]) -> BTreeMap<String, Option<Usage>> {
    sources
        .iter()
        .filter_map(|(name, text)| {
            let short = name.strip_prefix("shortcodes/")?.strip_suffix(".html")?;
            Some((short.to_string(), usage_of(text)))
        })
        .collect()
}

/// What a shortcode's template says it takes, from its `{# usage: … #}` comment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Usage {
    /// Block (`{% name() %}…{% end %}`) or inline (`{{ name() }}`).
    pub block: bool,
    /// Argument names; `true` when required.
    pub args: Vec<(String, bool)>,
}

/// Reads the usage line of a shortcode template: `{# usage: {{ figure(src, alt?) }} #}`
/// or `{# usage: {% factbox(title?) %}…{% end %} #}`. `None` when there is none: any
/// arguments are accepted, in either form.
pub(crate) fn usage_of(template: &str) -> Option<Usage> {
    let start = template.find("usage:")? + "usage:".len();
    let line = template[start..].lines().next()?.trim();
    let block = line.starts_with("{%");
    let inner = line.trim_start_matches(['{', '%', ' ']);
    let open = inner.find('(')?;
    let close = inner[open..].find(')')? + open;
    let args = inner[open + 1..close]
        .split(',')
        .map(str::trim)
        .filter(|a| !a.is_empty())
        .map(|a| match a.strip_suffix('?') {
            Some(optional) => (optional.to_string(), false),
            None => (a.to_string(), true),
        })
        .collect();
    Some(Usage { block, args })
}

fn first_line(message: &str) -> String {
    let line = message.lines().map(str::trim).find(|l| !l.is_empty()).unwrap_or_default();
    line.strip_prefix("error: ").unwrap_or(line).to_string()
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
    // `keep_tokens`: text, escaped, with "S-400"-like tokens kept on one line (README, "Template reference").
    tera.register_filter(
        "keep_tokens",
        |text: tera::StringInput, _: Kwargs, state: &State| -> tera::TeraResult<tera::Value> {
            let shown = text.rendered(state)?;
            Ok(tera::Value::safe_string(&keep_tokens(&shown)))
        },
    );
    // `warning(message=…)`: the theme's own finding about the page it renders (say, a briefing
    // without the picture its layout needs), reported with the build's other warnings.
    tera.register_function("warning", |kwargs: Kwargs, _: &State| -> tera::TeraResult<String> {
        notes::note_warning(kwargs.must_get::<String>("message")?);
        Ok(String::new())
    });
    tera
}

/// Escaped HTML text with each token a line must not break inside (`S-400`) wrapped in
/// `<span class="nobr">`; the token finder sees only text, as escaping adds no joiner.
fn keep_tokens(escaped: &str) -> String {
    let mut out = String::with_capacity(escaped.len() + 32);
    let mut at = 0;
    for token in crate::text::tokens::unbreakable(escaped) {
        out.push_str(&escaped[at..token.start]);
        out.push_str("<span class=\"nobr\">");
        out.push_str(&escaped[token.clone()]);
        out.push_str("</span>");
        at = token.end;
    }
    out.push_str(&escaped[at..]);
    out
}

/// Adds the files below `dir` to the layers, each named `{shown_prefix}/{rel}` in messages;
/// links follow the one rule of the site's folders (`boundary` says which folders are inside).
fn overlay(
    dir: &Path,
    boundary: &Boundary,
    (prefix, shown_prefix): (&str, &str),
    files: &mut BTreeMap<String, LayerFile>,
    errors: &mut Vec<Diagnostic>,
) {
    let walked = disk::walk(dir, boundary);
    errors.extend(walked.problems);
    for entry in walked.entries {
        let real = match entry.kind {
            EntryKind::File { real, .. } => real,
            EntryKind::Folder { .. } | EntryKind::Refused => continue,
            EntryKind::NotAFile(what) => {
                errors.push(Diagnostic::error(format!("{shown_prefix}/{}", entry.rel), 1, 1, format!("is {what}")));
                continue;
            }
        };
        let rel = entry.rel;
        let layer = LayerFile { shown_as: format!("{shown_prefix}/{rel}"), source: FileSource::Disk(real) };
        files.insert(format!("{prefix}{rel}"), layer);
    }
}

/// The built-in default theme's files, for `patrika init`.
pub(crate) fn builtin_files() -> impl Iterator<Item = (&'static str, &'static [u8])> {
    builtin::FILES.iter().copied()
}
