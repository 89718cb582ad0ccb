//! Runs the stages in order — config, content, documents, site plan, Markdown,
//! theme, templates — and hands what they made to [`finish`](finish::finish) (feeds,
//! sitemap, search index, findings, the next last build). `build`, `check`, `status`
//! and watch mode all go through here, so they cannot disagree; watch mode passes the
//! cache the last build filled, and tries a patch ([`patch`]) first, which plans
//! less and ends in the same `finish`.

mod bodies;
mod brand;
pub mod cache;
pub(crate) mod cards;
mod edits;
mod findings;
pub(crate) mod finish;
pub(crate) mod index_parts;
mod last;
pub mod media;
mod memo;
pub(crate) mod patch;
pub mod search;
mod search_edits;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, sorted};
use crate::pipeline::cache::{BuildCache, ParsedDoc};
use crate::pipeline::findings::SourceFindings;
use crate::pipeline::finish::{Finishing, Stopwatch, finish};
use crate::pipeline::last::LastBuild;
use crate::pipeline::memo::Memo;
use crate::plan::publishing::Publishing;
use crate::plan::site::Site;
use crate::read::config::{self, BaseUrl, Config, Lang};
use crate::read::content::{self, SourceFile};
use crate::read::document::{self, SourceDoc};
use crate::render::markdown::RenderedBody;
use crate::render::theme::{self, FileSource, Theme};
use crate::render::{self, Content, OutputCache, OutputTree, PageSink, feeds};
use crate::text::hash_of;

pub(crate) use finish::{BuiltSite, Outcome};

/// Command-line choices that change what is built.
#[derive(Debug, Clone, Default, Hash)]
pub struct BuildOptions {
    pub drafts: bool,
    /// Publish pages under embargo too, marked as scheduled (serve, and the desk).
    pub scheduled: bool,
    pub base_url: Option<BaseUrl>,
    pub output_dir: Option<PathBuf>,
    /// Publish the theme's CSS, scripts and fonts under names carrying their content hash
    /// (`build`; `serve` keeps the plain names so a stylesheet edit swaps in place).
    pub fingerprint_assets: bool,
    /// In `serve`: pages edited since their search index part was made are found through a
    /// small part of their own until the part is made again (README, "Search").
    pub search_edits: bool,
}

/// A site read and checked up to (not including) templates.
pub(crate) struct LoadedSite {
    pub site: Arc<Site>,
    pub bodies: Vec<Arc<RenderedBody>>,
    /// The compiled theme and its key (a hash of its files and the config), if it compiled.
    pub theme: Option<(Arc<Theme>, u64)>,
    /// Time per stage of loading.
    pub timings: Vec<(&'static str, Duration)>,
    /// The hash of the config and the command-line options: what every parse read besides its file.
    pub config_fingerprint: u64,
    /// What the stages found (the outcome's diagnostics, by cause).
    pub findings: SourceFindings,
    /// The files of `static/`: path below it, and where its bytes are.
    pub statics: Vec<(String, PathBuf)>,
}

/// Loads the config with command-line overrides applied.
pub(crate) fn load_config(root: &Path, options: &BuildOptions) -> Result<Config, Vec<Diagnostic>> {
    let mut config = config::load(root)?;
    config.fingerprint_assets = options.fingerprint_assets;
    config.search_edits = options.search_edits;
    if let Some(url) = &options.base_url {
        config = config.with_base_url(url);
    }
    if let Some(dir) = &options.output_dir {
        config.output_origin = config::OutputOrigin::CommandLine;
        config.output_dir = if dir.is_absolute() {
            dir.clone()
        } else {
            std::env::current_dir().map(|c| c.join(dir)).unwrap_or_else(|_| dir.clone())
        };
    }
    Ok(config)
}

/// Reads, parses and plans a site and renders its Markdown, with an empty cache.
pub(crate) fn load(root: &Path, options: &BuildOptions) -> Outcome<LoadedSite> {
    load_cached(root, options, &mut BuildCache::default())
}

/// Reads, parses and plans a site and renders its Markdown, reusing what `cache` holds.
pub(crate) fn load_cached(root: &Path, options: &BuildOptions, cache: &mut BuildCache) -> Outcome<LoadedSite> {
    match load_config(root, options) {
        Ok(config) => load_with(config, options, cache),
        Err(d) => Outcome::failed(d),
    }
}

/// [`load_cached`] with the config read already.
fn load_with(config: Config, options: &BuildOptions, cache: &mut BuildCache) -> Outcome<LoadedSite> {
    let root = config.root.clone();
    let config_fingerprint = hash_of((config.source_hash, options));
    let mut watch = Stopwatch::new();
    let mut findings = SourceFindings::default();
    // A theme without a template the config needs fails the build before any Markdown is read.
    let layered = theme::collect(&config);
    if let Some(missing) = layered.as_ref().ok().map(|t| t.missing_templates(&config)).filter(|m| !m.is_empty()) {
        return Outcome::failed(config.warnings.iter().cloned().chain(missing).collect());
    }
    let (files, read) = content::read_all(&root, &mut cache.files);
    findings.site.extend(read);
    findings.site.extend(config.warnings.iter().cloned());
    let statics = static_stage(&config, &mut findings.site);
    watch.lap("read");
    let (docs, unreadable) = parse_stage(&files, &config, config_fingerprint, &mut cache.docs, &mut findings);
    watch.lap("parse");
    let diags = &mut findings.site;
    let assets = media::describe_stage(&root, &docs, &mut cache.images, diags);
    let brand = brand::describe_brand(&config, diags);
    watch.lap("images read");
    let now = build_time(diags);
    let publishing = Publishing { drafts: options.drafts, scheduled: options.scheduled, now };
    let planned = Planned { config, docs, assets, brand, config_fingerprint, publishing, unreadable: &unreadable };
    let site = plan_stage(planned, &mut cache.plan, diags);
    watch.lap("plan");
    // Without a theme (its errors are reported) bodies are still read, shortcodes left
    // unexpanded, so that `check` reports everything else in the same run.
    let theme = theme_stage((&site.config, layered), config_fingerprint, &mut cache.theme, diags);
    if let Some((theme, _)) = &theme {
        findings.sections = render::unnamed_sections(&site, theme);
    }
    watch.lap("theme");
    let bodies = bodies::markdown_stage(&site, theme.as_ref(), &mut cache.bodies, &mut findings);
    watch.lap("markdown");
    let diagnostics = sorted(findings.all().cloned().collect());
    let loaded = LoadedSite { site, bodies, theme, timings: watch.laps, config_fingerprint, findings, statics };
    Outcome { value: Some(loaded), diagnostics }
}

/// Compiles the layered theme, reused while its files and the config are unchanged.
fn theme_stage(
    (config, layered): (&Config, Result<theme::ThemeFiles, Vec<Diagnostic>>),
    config_fingerprint: u64,
    memo: &mut Option<Memo<(Arc<Theme>, Vec<Diagnostic>)>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Arc<Theme>, u64)> {
    let layered = match layered {
        Ok(t) => t,
        Err(errors) => {
            diags.extend(errors);
            return None;
        }
    };
    let theme_key = hash_of((layered.fingerprint, config_fingerprint));
    let theme_memo = match memo.take().filter(|m| m.get(&theme_key).is_some()) {
        Some(memo) => memo,
        None => match theme::compile(config, &layered) {
            Ok((theme, warnings)) => Memo::new(&theme_key, (Arc::new(theme), warnings)),
            Err(errors) => {
                diags.extend(errors);
                return None;
            }
        },
    };
    diags.extend(theme_memo.value.1.iter().cloned());
    let theme = Arc::clone(&theme_memo.value.0);
    *memo = Some(theme_memo);
    Some((theme, theme_key))
}

/// Parses every file, each memoised on its text and the config; returns the documents
/// and the content paths of files that did not parse.
fn parse_stage(
    files: &[Arc<SourceFile>],
    config: &Config,
    config_fingerprint: u64,
    memos: &mut HashMap<PathBuf, Memo<ParsedDoc>>,
    findings: &mut SourceFindings,
) -> (Vec<Arc<SourceDoc>>, Vec<String>) {
    let parsed: Vec<Memo<ParsedDoc>> = files
        .par_iter()
        .map(|f| {
            // What parsing reads: the file's text and the config.
            let inputs = (f.hash, config_fingerprint);
            match memos.get(&f.path).and_then(|m| m.get(&inputs)) {
                Some(doc) => Memo::new(&inputs, doc.clone()),
                None => Memo::new(&inputs, document::parse(f, config).map(Arc::new)),
            }
        })
        .collect();
    memos.clear();
    let mut docs = Vec::with_capacity(parsed.len());
    let mut unreadable = Vec::new();
    for (file, memo) in files.iter().zip(parsed) {
        match &memo.value {
            Ok(d) => {
                findings.document(d, config);
                docs.push(Arc::clone(d));
            }
            Err(d) => {
                findings.site.extend(d.iter().cloned());
                unreadable.push(file.content_path.clone());
            }
        }
        memos.insert(file.path.clone(), memo);
    }
    (docs, unreadable)
}

/// What the plan is made from.
struct Planned<'a> {
    config: Config,
    docs: Vec<Arc<SourceDoc>>,
    assets: Vec<crate::plan::bundles::Asset>,
    brand: Vec<crate::plan::brand::BrandFile>,
    config_fingerprint: u64,
    publishing: Publishing,
    unreadable: &'a [String],
}

/// Plans the site; the previous plan is reused while everything `Site::plan` reads of
/// the documents (their places, not their text) is unchanged.
fn plan_stage(
    planned: Planned,
    memo: &mut Option<Memo<(Arc<Site>, Vec<Diagnostic>)>>,
    diags: &mut Vec<Diagnostic>,
) -> Arc<Site> {
    let Planned { config, docs, assets, brand, config_fingerprint, publishing, unreadable } = planned;
    // Not the time itself (every build has its own), but which pages it leaves out.
    let left_out = publishing.left_out(&docs).flags;
    let inputs = (config_fingerprint, unreadable, Site::placements(&docs), left_out, (&assets, &brand));
    // Findings carry positions in text that may have moved, so a plan with findings is made again.
    let reusable = memo.take().filter(|m| m.get(&inputs).is_some_and(|(_, found)| found.is_empty()));
    let made_from = Memo::new(&inputs, ());
    drop(inputs);
    let (site, found) = match reusable {
        Some(m) => {
            let (mut site, found) = m.value;
            Arc::make_mut(&mut site).refresh_docs(config, docs, publishing);
            (site, found)
        }
        None => {
            let (site, found) = Site::plan(config, docs, publishing, unreadable, (assets, brand));
            (Arc::new(site), found)
        }
    };
    diags.extend(found.iter().cloned());
    *memo = Some(made_from.with((Arc::clone(&site), found)));
    site
}

/// The variable that sets the build's time, for tests and for rehearsing an embargo.
pub const NOW_VARIABLE: &str = "PATRIKA_NOW";

/// The build's time: `PATRIKA_NOW` (RFC 3339) when set, else the clock. A value that does
/// not parse is an error, and the clock stands in so that everything else is still checked.
fn build_time(diags: &mut Vec<Diagnostic>) -> chrono::DateTime<chrono::FixedOffset> {
    let clock = chrono::Utc::now().fixed_offset();
    let Ok(value) = std::env::var(NOW_VARIABLE) else { return clock };
    chrono::DateTime::parse_from_rfc3339(value.trim()).unwrap_or_else(|e| {
        diags.push(Diagnostic::error(
            Path::new(NOW_VARIABLE),
            1,
            1,
            format!("`{value}` is not an RFC 3339 time such as 2025-06-27T06:00:00+05:30 ({e})"),
        ));
        clock
    })
}

/// Runs every stage with an empty cache on a config read already; pages go to `sink`,
/// the other files are returned.
pub(crate) fn build(config: Config, options: &BuildOptions, sink: &dyn PageSink) -> Outcome<BuiltSite> {
    build_with(config, options, &mut BuildCache::default(), sink)
}

/// Runs every stage, reusing what `cache` holds from the last build and refilling it.
/// Pages go to `sink` as they are rendered; feeds, sitemap and static files are returned.
pub(crate) fn build_cached(
    root: &Path,
    options: &BuildOptions,
    cache: &mut BuildCache,
    sink: &dyn PageSink,
) -> Outcome<BuiltSite> {
    match load_config(root, options) {
        Ok(config) => build_with(config, options, cache, sink),
        Err(d) => {
            cache.last = cache.last.take().map(LastBuild::superseded);
            Outcome::failed(d)
        }
    }
}

/// [`build_cached`] with the config read already: plans every job, renders those whose
/// inputs changed since the last build, makes the files only a full build makes, and finishes.
fn build_with(
    config: Config,
    options: &BuildOptions,
    cache: &mut BuildCache,
    sink: &dyn PageSink,
) -> Outcome<BuiltSite> {
    let mut watch = Stopwatch::new();
    let last = cache.last.take();
    let loaded = load_with(config, options, cache);
    let Some(LoadedSite { site, bodies, theme: Some(theme), timings, config_fingerprint, mut findings, statics }) =
        loaded.value
    else {
        cache.last = last.map(LastBuild::superseded);
        return Outcome::failed(loaded.diagnostics);
    };
    watch.take(timings);
    let rendered = render::render_site(&site, &bodies, &theme.0, theme.1, last.as_ref().map(|l| &l.render), sink);
    watch.lap("templates");
    let mut files: OutputTree =
        vec![("robots.txt".into(), Content::Bytes(Arc::from(feeds::robots(&site).into_bytes())))];
    for (rel, source) in &theme.0.assets {
        files.push((format!("theme/{rel}"), Content::Copy(source.clone())));
    }
    for copy in theme.0.fingerprinted.values() {
        files.push((format!("theme/{}", copy.name), Content::Bytes(Arc::clone(&copy.bytes))));
    }
    let images = media::publish_stage(&site, &mut files, &mut cache.published, cache.defer_images, &mut findings.site);
    brand::publish_brand(&site, &mut files, &mut findings.site);
    watch.lap("bundle files and images");
    findings.site.extend(static_files(statics, &rendered.state.pages, &mut files));
    watch.lap("static files");
    let pictures = cards::pictures_of(&site, &files);
    let feed_pages = feed_pages(&site);
    let done = Finishing {
        site,
        bodies,
        theme,
        config_fingerprint,
        findings,
        rendered,
        edited: None,
        feed_pages,
        files,
        images,
        pictures,
        gone_files: Vec::new(),
        watch,
    };
    finish(done, last, cache)
}

/// Every language's feed pages, newest first.
pub(super) fn feed_pages(site: &Site) -> Vec<(Lang, Vec<usize>)> {
    site.config.languages.iter().map(|l| (l.code.clone(), feeds::feed_pages(site, &l.code))).collect()
}

/// Lists the site's `static/` files. They are copied byte for byte (a favicon, a
/// verification file, a script must arrive as written); links follow the one rule of
/// the site's folders.
fn static_stage(config: &Config, diags: &mut Vec<Diagnostic>) -> Vec<(String, PathBuf)> {
    use crate::read::disk::{self, Boundary, EntryKind};
    let walked = disk::walk(&config.root.join("static"), &Boundary::site(&config.root));
    diags.extend(walked.problems);
    let mut files = Vec::new();
    for entry in walked.entries {
        match entry.kind {
            EntryKind::File { real, .. } => files.push((entry.rel, real)),
            EntryKind::Folder { .. } | EntryKind::Refused => {}
            EntryKind::NotAFile(what) => {
                diags.push(Diagnostic::error(entry.shown, 1, 1, format!("is {what}, so it cannot be published")));
            }
        }
    }
    files
}

/// Adds the site's `static/` files, which may not replace generated files.
fn static_files(statics: Vec<(String, PathBuf)>, pages: &OutputCache, files: &mut OutputTree) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    let generated: std::collections::HashSet<String> =
        files.iter().map(|(p, _)| p).chain(pages.keys()).cloned().collect();
    for (rel, real) in statics {
        if generated.contains(&rel) {
            diags.push(Diagnostic::error(
                format!("static/{rel}"),
                1,
                1,
                format!("static/{rel} would overwrite the generated /{rel}"),
            ));
            continue;
        }
        files.push((rel, Content::Copy(FileSource::Disk(real))));
    }
    diags
}
