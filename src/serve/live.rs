//! Keeps a site built while its files change: the build cache, the last good
//! output and the current problems. A rebuild after an edit to pages' text is a
//! patch; any other is the pipeline of `build` given the previous run's cache. Both
//! end in the pipeline's one `finish`, and the incremental tests hold every rebuild
//! equal to a fresh build.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::Mutex;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

use crate::diagnostic::Diagnostic;
use crate::pipeline::cache::BuildCache;
use crate::pipeline::index_parts::Indexed;
use crate::pipeline::search::{PendingIndex, search_stage};
use crate::pipeline::{self, BuildOptions};
use crate::plan::site::{SEARCH_BUNDLE_DIR, Site};
use crate::render::markdown::RenderedBody;
use crate::render::theme::FileSource;
use crate::render::{Content, OutputTree};
use crate::render::{OutputCache, PageSink};
use crate::serve::watch::{Change, ChangeKind};

/// A built site held in memory: the pages (shared with the build cache, so a
/// rebuild does not copy them) and the other files (feeds, sitemap, assets).
#[derive(Debug, Default, Clone)]
pub struct SiteFiles {
    pages: Arc<OutputCache>,
    files: HashMap<String, Arc<[u8]>>,
}

impl SiteFiles {
    fn new(tree: &OutputTree, pages: Arc<OutputCache>) -> std::io::Result<SiteFiles> {
        let mut files = HashMap::with_capacity(tree.len());
        for (path, content) in tree {
            files.insert(path.clone(), bytes_of(content)?);
        }
        Ok(SiteFiles { pages, files })
    }

    /// These files with the pages and the changed `files` of a patched build. A patch that
    /// made the search index replaces the whole search folder: Pagefind names its files by
    /// their content, so the earlier ones would stay beside the new.
    fn patched(&self, changed: &OutputTree, gone: &[String], pages: Arc<OutputCache>) -> std::io::Result<SiteFiles> {
        let mut files = self.files.clone();
        for path in gone {
            files.remove(path);
        }
        if changed.iter().any(|(path, _)| below(path, SEARCH_BUNDLE_DIR)) {
            files.retain(|path, _| !below(path, SEARCH_BUNDLE_DIR));
        }
        for (path, content) in changed {
            files.insert(path.clone(), bytes_of(content)?);
        }
        Ok(SiteFiles { pages, files })
    }

    /// These files with everything below `folder/` replaced by `tree` (only bytes).
    fn replacing(&self, folder: &str, tree: &OutputTree, pages: Arc<OutputCache>) -> SiteFiles {
        let mut files = self.files.clone();
        files.retain(|path, _| !below(path, folder));
        for (path, content) in tree {
            if let Content::Bytes(bytes) = content {
                files.insert(path.clone(), Arc::clone(bytes));
            }
        }
        SiteFiles { pages, files }
    }

    /// The bytes of a file of the site, by its path below the output folder.
    pub(crate) fn get(&self, path: &str) -> Option<&Arc<[u8]>> {
        self.files.get(path).or_else(|| self.pages.get(path).and_then(|page| page.bytes.as_ref()))
    }

    /// How many files the site has.
    pub(crate) fn len(&self) -> usize {
        self.files.len() + self.pages.values().filter(|page| page.bytes.is_some()).count()
    }

    /// Whether the site has a file at `path`.
    pub(crate) fn contains(&self, path: &str) -> bool {
        self.get(path).is_some()
    }

    /// Every file of the site (an owned map: for writing it out, not for serving).
    pub fn to_map(&self) -> HashMap<String, Arc<[u8]>> {
        let pages = self.pages.iter().filter_map(|(path, page)| Some((path.clone(), Arc::clone(page.bytes.as_ref()?))));
        self.files.iter().map(|(k, v)| (k.clone(), Arc::clone(v))).chain(pages).collect()
    }
}

/// The bytes of an output file.
fn bytes_of(content: &Content) -> std::io::Result<Arc<[u8]>> {
    Ok(match content {
        Content::Bytes(b) => Arc::clone(b),
        Content::Copy(FileSource::Builtin(b)) => Arc::from(*b),
        Content::Copy(FileSource::Disk(p)) => Arc::from(std::fs::read(p)?),
    })
}

/// Whether `path` is below the folder `folder/`.
fn below(path: &str, folder: &str) -> bool {
    path.strip_prefix(folder).is_some_and(|rest| rest.starts_with('/'))
}

/// A page sink that keeps every page in memory (serve and watch mode).
pub(crate) struct Memory;

impl PageSink for Memory {
    fn fresh(&self, _: &str, bytes: Vec<u8>) -> Result<Option<Arc<[u8]>>, String> {
        Ok(Some(Arc::from(bytes)))
    }
    fn cached(&self, _: &str, _: &Arc<[u8]>) -> Result<(), String> {
        Ok(())
    }
}

/// What one (re)build did.
#[derive(Debug, Clone, Default)]
pub struct RebuildReport {
    /// Whether the site was rebuilt; on failure the previous files stay.
    pub ok: bool,
    /// Pages rendered now (the rest came from the cache).
    pub rendered: usize,
    /// The site's content pages per language (briefings and plain pages), in config order.
    pub pages_per_language: Vec<(String, usize)>,
    /// Files of the site built (pages, feeds, assets, pictures).
    pub files: usize,
    /// Bundle pictures published, and how many of them had to be encoded (a full build's count;
    /// a patch leaves pictures alone and counts none).
    pub images: usize,
    pub encoded: usize,
    /// Share cards published, and how many of them had to be drawn.
    pub cards: usize,
    pub drawn: usize,
    pub elapsed: Duration,
    pub diagnostics: Vec<Diagnostic>,
    /// Time per stage of the rebuild.
    pub timings: Vec<(&'static str, Duration)>,
    /// Images being made in the background, published by a later rebuild.
    pub images_pending: usize,
    /// Parts of the search index being made again in the background; a later rebuild publishes them.
    pub search_pending: usize,
    /// The last build was patched after an edit to its pages' text, not built again.
    pub patched: bool,
}

/// A site kept up to date in memory.
pub struct LiveSite {
    root: PathBuf,
    options: BuildOptions,
    cache: BuildCache,
    /// The last good build.
    pub files: Arc<SiteFiles>,
    /// Where the last good build was meant to be written.
    pub output_dir: Option<PathBuf>,
    /// Where images are made while pages are served, if they are (serve).
    background: Option<Background>,
    /// Where the search index is made while pages are served, if it is (serve).
    indexing: Option<Indexing>,
    /// The site and bodies of the last good build, which the search index is made for.
    indexed_for: Option<(Arc<Site>, Vec<Arc<RenderedBody>>)>,
    /// The report of the last good build, while its pages are the ones served.
    last_good: Option<RebuildReport>,
}

/// Images encoded beside the rebuild loop; when they are done, a change report asks for a rebuild.
struct Background {
    notify: Sender<Vec<Change>>,
    busy: Arc<AtomicBool>,
}

/// The search index made beside the rebuild loop: the next rebuild takes it from `done`.
struct Indexing {
    notify: Sender<Vec<Change>>,
    busy: Arc<AtomicBool>,
    done: Arc<Mutex<Option<Indexed>>>,
}

impl LiveSite {
    /// Builds the site for the first time.
    pub fn new(root: &Path, options: BuildOptions) -> (LiveSite, RebuildReport) {
        let mut live = LiveSite {
            root: root.to_path_buf(),
            options,
            cache: BuildCache::default(),
            files: Arc::new(SiteFiles::default()),
            output_dir: None,
            background: None,
            indexing: None,
            indexed_for: None,
            last_good: None,
        };
        let report = live.rebuild(&[]);
        (live, report)
    }

    /// From now on, a new or changed image is encoded on another thread: the rebuild
    /// publishes the pages at once (the picture's files are missing for a moment), and
    /// `notify` gets a change report when the image is ready, so that it is published.
    pub(crate) fn make_images_in_background(&mut self, notify: Sender<Vec<Change>>) {
        self.cache.defer_images = true;
        self.background = Some(Background { notify, busy: Arc::new(AtomicBool::new(false)) });
    }

    /// Starts encoding the images a deferred build left out, unless that is already under way.
    fn encode_in_background(&self, config: &crate::read::config::Config, pending: Vec<(PathBuf, String)>) {
        let Some(background) = &self.background else { return };
        if pending.is_empty() || background.busy.swap(true, Ordering::SeqCst) {
            return;
        }
        let (root, widths, quality) = (self.root.clone(), config.image_widths.clone(), config.image_quality);
        let (notify, busy) = (background.notify.clone(), Arc::clone(&background.busy));
        std::thread::spawn(move || {
            pipeline::media::encode_pending(&root, &widths, quality, &pending);
            busy.store(false, Ordering::SeqCst);
            let changes = pending.into_iter().map(|(path, _)| Change { kind: ChangeKind::Content, path }).collect();
            let _ = notify.send(changes);
        });
    }

    /// From now on, a search index that must be made again is made on another thread: the
    /// rebuild publishes the pages at once with the previous index, and `notify` gets a
    /// change report when the new one is ready, so that a rebuild publishes it.
    pub fn index_in_background(&mut self, notify: Sender<Vec<Change>>) {
        self.cache.defer_search = true;
        let (busy, done) = (Arc::new(AtomicBool::new(false)), Arc::new(Mutex::new(None)));
        self.indexing = Some(Indexing { notify, busy, done });
    }

    /// Starts making the index a deferred build left out, unless one is already being made
    /// (its rebuild then finds it out of date and asks again).
    fn index_pending(&self, pending: PendingIndex) {
        let Some(indexing) = &self.indexing else { return };
        if indexing.busy.swap(true, Ordering::SeqCst) {
            return;
        }
        let (notify, busy, done) = (indexing.notify.clone(), Arc::clone(&indexing.busy), Arc::clone(&indexing.done));
        std::thread::spawn(move || {
            let made = pending.build();
            if let Ok(mut slot) = done.lock() {
                *slot = Some(made);
            }
            busy.store(false, Ordering::SeqCst);
            let _ = notify.send(vec![Change { kind: ChangeKind::SearchIndex, path: PathBuf::from("pagefind") }]);
        });
    }

    /// What the translation desk reads of the last build: every document parsed (drafts
    /// included, as they are on disk now) and the last plan; `diagnostics` are what the
    /// build found. The desk never reads the site itself.
    pub(crate) fn desk_input(&self, diagnostics: &[Diagnostic]) -> Result<crate::desk::view::Input, Vec<Diagnostic>> {
        let Some(plan) = &self.cache.plan else { return Err(diagnostics.to_vec()) };
        let mut docs = Vec::with_capacity(self.cache.docs.len());
        let mut unreadable = Vec::new();
        for (path, parsed) in &self.cache.docs {
            match &parsed.value {
                Ok(doc) => docs.push(Arc::clone(doc)),
                Err(_) => {
                    let below = path.strip_prefix(crate::read::content::CONTENT_DIR).unwrap_or(path);
                    unreadable.push(below.to_string_lossy().replace('\\', "/"));
                }
            }
        }
        docs.sort_by(|a, b| a.path.cmp(&b.path));
        unreadable.sort();
        Ok(crate::desk::view::Input {
            built: Arc::clone(&plan.value.0),
            drafts: self.options.drafts,
            docs,
            unreadable,
            diagnostics: diagnostics.to_vec(),
        })
    }

    /// Publishes the index parts made in the background over the last good build, with no
    /// pass over its pages: they do not change, and the search page names the parts (and
    /// the edits part's manifest) only a full build can add or take away. Parts found out of
    /// date (an edit came while they were made) are left to the background again. `None`
    /// when there is no good build to publish over.
    fn publish_index(&mut self) -> Option<RebuildReport> {
        let last = self.last_good.clone()?;
        let (site, bodies) = self.indexed_for.clone()?;
        let started = std::time::Instant::now();
        let (mut index, mut diagnostics) = (OutputTree::new(), last.diagnostics.clone());
        let defer = self.cache.defer_search;
        let pending = search_stage(&site, &bodies, &mut self.cache.search, defer, &mut index, &mut diagnostics);
        // Pagefind names index files by their content: the parts' earlier files go.
        self.files = Arc::new(self.files.replacing(SEARCH_BUNDLE_DIR, &index, self.cache.pages()));
        let search_pending = pending.as_ref().map_or(0, PendingIndex::parts);
        if let Some(pending) = pending {
            self.index_pending(pending);
        }
        // The site's findings are those of the build the index was made for.
        Some(RebuildReport {
            rendered: 0,
            files: self.files.len(),
            images: 0,
            encoded: 0,
            cards: 0,
            drawn: 0,
            elapsed: started.elapsed(),
            diagnostics,
            timings: vec![("search index", started.elapsed())],
            images_pending: 0,
            search_pending,
            patched: true,
            ..last
        })
    }

    /// Rebuilds after `changes`; keeps the previous files when the site has errors.
    pub fn rebuild(&mut self, changes: &[Change]) -> RebuildReport {
        let new_index = self.indexing.as_ref().and_then(|i| i.done.lock().ok()?.take());
        let index_only = changes.iter().all(|c| c.kind == ChangeKind::SearchIndex);
        // A patch leaves the index files as they are: new parts with edits take the full way.
        let patchable = new_index.is_none() && changes.iter().all(|c| c.kind == ChangeKind::Content);
        if let Some(made) = new_index {
            // The parts made in the background join those that were current.
            self.cache.search.get_or_insert_default().extend(made);
            if index_only && let Some(report) = self.publish_index() {
                return report;
            }
        }
        for change in changes.iter().filter(|c| c.kind == ChangeKind::Content) {
            // The watcher saw this file change: read it again even if its mtime and size look the same.
            self.cache.file_changed(&self.root, &change.path);
        }
        let started = std::time::Instant::now();
        let outcome = match patchable {
            true => {
                let changed: Vec<&Path> = changes.iter().map(|c| c.path.as_path()).collect();
                pipeline::patch::patch(&mut self.cache, &self.root, &changed, &Memory)
            }
            false => None,
        };
        let outcome =
            outcome.unwrap_or_else(|| pipeline::build_cached(&self.root, &self.options, &mut self.cache, &Memory));
        let mut report = RebuildReport { diagnostics: outcome.diagnostics, ..RebuildReport::default() };
        if let Some(built) = outcome.value {
            // The pages that the memory sink kept are the cache's outputs.
            let pages = self.cache.pages();
            let files = match built.partial {
                true => self.files.patched(&built.files, &built.gone_files, pages),
                false => SiteFiles::new(&built.files, pages),
            };
            match files {
                Ok(files) => {
                    self.files = Arc::new(files);
                    self.output_dir = Some(built.site.config.output_dir.clone());
                    self.indexed_for =
                        built.site.config.search.then(|| (Arc::clone(&built.site), built.bodies.clone()));
                    report.ok = true;
                    report.patched = built.partial;
                    report.rendered = built.rendered;
                    report.pages_per_language = crate::render::pages_per_language(&built.site);
                    report.files = self.files.len();
                    (report.images, report.encoded) = (built.images.images, built.images.encoded);
                    (report.cards, report.drawn) = (built.cards.cards, built.cards.drawn);
                    report.timings = built.timings.clone();
                    report.images_pending = built.images.pending.len();
                    self.encode_in_background(&built.site.config, built.images.pending.clone());
                    if let Some(pending) = built.search_pending {
                        report.search_pending = pending.parts();
                        self.index_pending(pending);
                    }
                }
                Err(e) => report.diagnostics.push(Diagnostic::error(
                    "static",
                    1,
                    1,
                    format!("cannot read a static file: {e}"),
                )),
            }
        }
        report.elapsed = started.elapsed();
        if report.ok {
            self.last_good = Some(report.clone());
        }
        report
    }
}
