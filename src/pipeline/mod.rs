//! Runs the stages in order — config, content, documents, site plan, Markdown,
//! theme, templates, feeds, search index — and collects every diagnostic on the way. `build`,
//! `check`, `status` and watch mode all go through here, so they cannot disagree;
//! watch mode only passes a cache that the previous build filled.

mod bodies;
pub mod cache;
pub mod media;
pub(crate) mod patch;
pub mod search;

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, did_you_mean, sorted};
use crate::pipeline::cache::{BuildCache, Memo, ParsedDoc};
use crate::plan::site::Site;
use crate::read::config::{self, BaseUrl, Config, Lang};
use crate::read::content::{self, SourceFile};
use crate::read::document::{self, SourceDoc};
use crate::render::feeds;
use crate::render::markdown::RenderedBody;
use crate::render::theme::{self, FileSource, Theme};
use crate::render::{self, Content, OutputTree, PageSink};

/// Command-line choices that change what is built.
#[derive(Debug, Clone, Default, Hash)]
pub struct BuildOptions {
    pub drafts: bool,
    pub base_url: Option<BaseUrl>,
    pub output_dir: Option<PathBuf>,
    /// Publish the theme's CSS, scripts and fonts under names carrying their content hash
    /// (`build`; `serve` keeps the plain names so a stylesheet edit swaps in place).
    pub fingerprint_assets: bool,
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
}

/// A fully rendered site, ready for the writer.
pub(crate) struct BuiltSite {
    pub site: Arc<Site>,
    /// Everything but the pages (feeds, sitemap, theme assets, static files); with
    /// `partial`, only those that changed since the build it patched.
    pub files: OutputTree,
    /// Made by [`patch::patch`]: `files` holds only what changed.
    pub partial: bool,
    /// How many pages went to the sink.
    pub pages: usize,
    pub elapsed: Duration,
    /// Pages rendered now rather than taken from the cache.
    pub rendered: usize,
    /// Bundle images published, and how many had to be encoded (the others came from `.patrika/`).
    pub images: media::ImageCount,
    /// How long each stage took, in order (`PATRIKA_TIMINGS=1 patrika build` prints them).
    pub timings: Vec<(&'static str, Duration)>,
    /// A search index left for later (serve); the files carry the previous one meanwhile.
    pub search_pending: Option<search::PendingIndex>,
}

/// The result of running stages: what was made, if anything, and every finding.
pub(crate) struct Outcome<T> {
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Outcome<T> {
    fn failed(diagnostics: Vec<Diagnostic>) -> Self {
        Outcome { value: None, diagnostics: sorted(diagnostics) }
    }
}

/// Times the stages of a run, one lap each.
struct Stopwatch {
    laps: Vec<(&'static str, Duration)>,
    last: Instant,
}

impl Stopwatch {
    fn new() -> Stopwatch {
        Stopwatch { laps: Vec::new(), last: Instant::now() }
    }

    fn lap(&mut self, stage: &'static str) {
        self.laps.push((stage, self.last.elapsed()));
        self.last = Instant::now();
    }

    /// Adds laps timed elsewhere (they ran since the last lap).
    fn take(&mut self, laps: Vec<(&'static str, Duration)>) {
        self.laps.extend(laps);
        self.last = Instant::now();
    }
}

pub(crate) fn hash_of(value: impl Hash) -> u64 {
    let mut h = ahash::AHasher::default();
    value.hash(&mut h);
    h.finish()
}

/// Loads the config with command-line overrides applied.
pub(crate) fn load_config(root: &Path, options: &BuildOptions) -> Result<Config, Vec<Diagnostic>> {
    let mut config = config::load(root)?;
    config.fingerprint_assets = options.fingerprint_assets;
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
    let config = match load_config(root, options) {
        Ok(c) => c,
        Err(d) => return Outcome::failed(d),
    };
    let config_fingerprint = hash_of((config.source_hash, options));
    let mut watch = Stopwatch::new();
    let (files, mut diags) = content::read_all(root, &mut cache.files);
    diags.extend(config.warnings.iter().cloned());
    watch.lap("read");
    let (docs, unreadable) = parse_stage(&files, &config, config_fingerprint, &mut cache.docs, &mut diags);
    watch.lap("parse");
    diags.extend(topic_warnings(&docs, &config));
    let assets = media::describe_stage(root, &docs, &mut cache.images, &mut diags);
    watch.lap("images read");
    let planned = Planned { config, docs, assets, config_fingerprint, drafts: options.drafts, unreadable: &unreadable };
    let site = plan_stage(planned, &mut cache.plan, &mut diags);
    watch.lap("plan");
    // Without a theme (its errors are reported) bodies are still read, shortcodes left
    // unexpanded, so that `check` reports everything else in the same run.
    let theme = theme_stage(&site.config, config_fingerprint, &mut cache.theme, &mut diags);
    if let Some((theme, _)) = &theme {
        diags.extend(render::unnamed_sections(&site, theme));
    }
    watch.lap("theme");
    let bodies = bodies::markdown_stage(&site, theme.as_ref(), &mut cache.bodies, &mut diags);
    watch.lap("markdown");
    let loaded = LoadedSite { site, bodies, theme, timings: watch.laps, config_fingerprint };
    Outcome { value: Some(loaded), diagnostics: sorted(diags) }
}

/// Layers and compiles the theme, reused while its files and the config are unchanged.
fn theme_stage(
    config: &Config,
    config_fingerprint: u64,
    memo: &mut Option<Memo<(Arc<Theme>, Vec<Diagnostic>)>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<(Arc<Theme>, u64)> {
    let layered = match theme::collect(config) {
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
    diags: &mut Vec<Diagnostic>,
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
                diags.extend(d.warnings.iter().cloned());
                docs.push(Arc::clone(d));
            }
            Err(d) => {
                diags.extend(d.iter().cloned());
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
    config_fingerprint: u64,
    drafts: bool,
    unreadable: &'a [String],
}

/// Plans the site; the previous plan is reused while everything `Site::plan` reads of
/// the documents (their places, not their text) is unchanged.
fn plan_stage(
    planned: Planned,
    memo: &mut Option<Memo<(Arc<Site>, Vec<Diagnostic>)>>,
    diags: &mut Vec<Diagnostic>,
) -> Arc<Site> {
    let Planned { config, docs, assets, config_fingerprint, drafts, unreadable } = planned;
    let inputs = (config_fingerprint, drafts, unreadable, Site::placements(&docs), &assets);
    // Findings carry positions in text that may have moved, so a plan with findings is made again.
    let reusable = memo.take().filter(|m| m.get(&inputs).is_some_and(|(_, found)| found.is_empty()));
    let made_from = Memo::new(&inputs, ());
    drop(inputs);
    let (site, found) = match reusable {
        Some(m) => {
            let (mut site, found) = m.value;
            Arc::make_mut(&mut site).refresh_docs(config, docs, drafts);
            (site, found)
        }
        None => {
            let (site, found) = Site::plan(config, docs, drafts, unreadable, assets);
            (Arc::new(site), found)
        }
    };
    diags.extend(found.iter().cloned());
    *memo = Some(made_from.with((Arc::clone(&site), found)));
    site
}

fn topic_warnings(docs: &[Arc<SourceDoc>], config: &Config) -> Vec<Diagnostic> {
    let known: Vec<&str> = config.topics.keys().map(String::as_str).collect();
    let mut diags = Vec::new();
    for doc in docs {
        for (n, topic) in doc.front.topics.iter().enumerate().filter(|(_, t)| !config.topics.contains_key(*t)) {
            let at = doc.front.at.topics.get(n).copied().unwrap_or(doc.front.at.front);
            let hint = did_you_mean(topic, known.iter().copied())
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            diags.push(
                doc.warning_at(at, format!("topic `{topic}` has no display names in config.toml [topics]{hint}")),
            );
        }
    }
    diags
}

/// Runs every stage with an empty cache; pages go to `sink`, the other files are returned.
pub(crate) fn build(root: &Path, options: &BuildOptions, sink: &dyn PageSink) -> Outcome<BuiltSite> {
    build_cached(root, options, &mut BuildCache::default(), sink)
}

/// Runs every stage, reusing what `cache` holds from the previous build and refilling it.
/// Pages go to `sink` as they are rendered; feeds, sitemap and static files are returned.
pub(crate) fn build_cached(
    root: &Path,
    options: &BuildOptions,
    cache: &mut BuildCache,
    sink: &dyn PageSink,
) -> Outcome<BuiltSite> {
    let started = Instant::now();
    let mut watch = Stopwatch::new();
    // The last build's lists lend this one the related pages of unchanged topic lists.
    let earlier = cache.last.take();
    let loaded = load_cached(root, options, cache);

    let mut diags = loaded.diagnostics;
    let Some(LoadedSite { site, bodies, theme: Some((theme, theme_key)), timings, config_fingerprint }) = loaded.value
    else {
        return Outcome::failed(diags);
    };
    watch.take(timings);
    let earlier_render = earlier.as_ref().map(|last| &last.reusable);
    let rendered = render::render_site(&site, &bodies, &theme, theme_key, &cache.rendered, earlier_render, sink);
    drop(earlier);
    watch.lap("templates");
    let mut files: OutputTree = Vec::new();
    let feeds = feed_pages(&site);
    files.extend(feeds_and_sitemap(&site, &bodies, &feeds, &rendered.reusable.sitemap, &mut cache.sitemap));
    files.push(("robots.txt".into(), Content::Bytes(Arc::from(feeds::robots(&site).into_bytes()))));
    for (rel, source) in &theme.assets {
        files.push((format!("theme/{rel}"), Content::Copy(source.clone())));
    }
    for copy in theme.fingerprinted.values() {
        files.push((format!("theme/{}", copy.name), Content::Bytes(Arc::clone(&copy.bytes))));
    }
    let images = media::publish_stage(&site, &mut files, &mut cache.published, cache.defer_images, &mut diags);
    watch.lap("bundle files and images");
    let search_pending =
        search::search_stage(&site, &bodies, &mut cache.search, cache.defer_search, &mut files, &mut diags);
    watch.lap("search index");
    diags.extend(static_files(&site.config, &rendered.paths, &mut files));
    watch.lap("feeds, sitemap, static");
    let findings = diags.clone();
    diags.extend(rendered.diagnostics);
    let diags = sorted(diags);
    if diags.iter().any(Diagnostic::is_error) {
        // Keep the rendered pages that succeeded: the fix of one file should not re-render all.
        Arc::make_mut(&mut cache.rendered.pages).extend(rendered.pages);
        return Outcome::failed(diags);
    }
    cache.rendered = render::RenderCache { pages: Arc::new(rendered.pages), summaries: rendered.summaries };
    // Images still being made are published by a full build when they are done.
    if images.pending.is_empty() {
        let theme = (theme, theme_key);
        let reusable = rendered.reusable;
        cache.last =
            Some(patch::LastBuild { bodies, theme, config_fingerprint, reusable, feeds, findings: sorted(findings) });
    }
    let built = BuiltSite {
        site,
        files,
        partial: false,
        pages: rendered.paths.len(),
        elapsed: started.elapsed(),
        rendered: rendered.rendered,
        images,
        timings: watch.laps,
        search_pending,
    };
    Outcome { value: Some(built), diagnostics: diags }
}

/// Every language's feed pages, newest first.
fn feed_pages(site: &Site) -> Vec<(Lang, Vec<usize>)> {
    site.config.languages.iter().map(|l| (l.code.clone(), feeds::feed_pages(site, &l.code))).collect()
}

/// The Atom feeds and `sitemap.xml`, the sitemap made again only when an entry changed:
/// 20,000 URLs escaped and encoded take a while.
fn feeds_and_sitemap(
    site: &Site,
    bodies: &[Arc<RenderedBody>],
    feeds: &[(Lang, Vec<usize>)],
    sitemap: &[render::SitemapEntry],
    memo: &mut Option<Memo<Arc<[u8]>>>,
) -> OutputTree {
    let mut files: OutputTree = feeds
        .par_iter()
        .map(|(lang, pages)| {
            let feed = feeds::atom_of(site, lang, pages, bodies);
            (format!("{lang}/atom.xml"), Content::Bytes(Arc::from(feed.into_bytes())))
        })
        .collect();
    let made = match memo.take().filter(|m| m.get(&sitemap).is_some()) {
        Some(memo) => memo,
        None => Memo::new(&sitemap, Arc::from(feeds::sitemap(sitemap).into_bytes())),
    };
    files.push(("sitemap.xml".into(), Content::Bytes(Arc::clone(&made.value))));
    *memo = Some(made);
    files
}

/// Adds the site's `static/` files, which may not replace generated files.
fn static_files(config: &Config, pages: &[String], files: &mut OutputTree) -> Vec<Diagnostic> {
    let dir = config.root.join("static");
    let mut diags = Vec::new();
    if !dir.is_dir() {
        return diags;
    }
    let generated: std::collections::HashSet<String> = files.iter().map(|(p, _)| p).chain(pages).cloned().collect();
    for entry in walkdir::WalkDir::new(&dir).follow_links(false).sort_by_file_name().into_iter().flatten() {
        if !entry.file_type().is_file() || content::is_ignored_name(&entry.file_name().to_string_lossy()) {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(&dir) else { continue };
        let rel = rel.to_string_lossy().replace('\\', "/");
        if generated.contains(&rel) {
            diags.push(Diagnostic::error(
                format!("static/{rel}"),
                1,
                1,
                format!("static/{rel} would overwrite the generated /{rel}"),
            ));
            continue;
        }
        files.push((rel, Content::Copy(FileSource::Disk(entry.path().to_path_buf()))));
    }
    diags
}
