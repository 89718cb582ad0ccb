//! Ends every build the same way, full or patched: from the site, its bodies and what
//! rendering made, it makes the feeds, the sitemap and the search index, gathers every
//! finding and leaves the next [`LastBuild`]. A full build and a patch differ only in
//! what they plan before it, so whatever one reports the other reports: it is this code.

use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, sorted};
use crate::pipeline::cache::BuildCache;
use crate::pipeline::cards::{CardCount, Pictures, card_stage};
use crate::pipeline::findings::SourceFindings;
use crate::pipeline::last::{Feed, LastBuild};
use crate::pipeline::media::ImageCount;
use crate::pipeline::search::{self, PendingIndex};
use crate::plan::site::Site;
use crate::read::config::Lang;
use crate::render::markdown::RenderedBody;
use crate::render::theme::Theme;
use crate::render::{self, Content, OutputTree, Rendered, feeds};

/// The result of running stages: what was made, if anything, and every finding.
pub(crate) struct Outcome<T> {
    pub value: Option<T>,
    pub diagnostics: Vec<Diagnostic>,
}

impl<T> Outcome<T> {
    pub(crate) fn failed(diagnostics: Vec<Diagnostic>) -> Self {
        Outcome { value: None, diagnostics: sorted(diagnostics) }
    }
}

/// A fully rendered site, ready for the writer.
pub(crate) struct BuiltSite {
    pub site: Arc<Site>,
    /// Everything but the pages (feeds, sitemap, theme assets, static files); with
    /// `partial`, only the feeds and the sitemap: the rest is as the last build left it.
    pub files: OutputTree,
    /// Made by a patch ([`crate::pipeline::patch`]).
    pub partial: bool,
    /// With `partial`: files of the last build that are gone besides pages.
    pub gone_files: Vec<String>,
    /// How many pages the build has.
    pub pages: usize,
    pub elapsed: Duration,
    /// Pages rendered now rather than taken from the last build.
    pub rendered: usize,
    /// Bundle images published, and how many had to be encoded (the others came from `.patrika/`).
    pub images: ImageCount,
    /// Share cards published, and how many had to be drawn (the others came from `.patrika/`).
    pub cards: CardCount,
    /// How long each stage took, in order (`PATRIKA_TIMINGS=1 patrika build` prints them).
    pub timings: Vec<(&'static str, Duration)>,
    /// A search index left for later (serve); the files carry the previous one meanwhile.
    pub search_pending: Option<PendingIndex>,
    /// Every page's body, for making the search index again without a build (serve).
    pub bodies: Vec<Arc<RenderedBody>>,
}

/// Times the stages of a run, one lap each.
pub(crate) struct Stopwatch {
    started: Instant,
    pub laps: Vec<(&'static str, Duration)>,
    last: Instant,
}

impl Stopwatch {
    pub(crate) fn new() -> Stopwatch {
        let now = Instant::now();
        Stopwatch { started: now, laps: Vec::new(), last: now }
    }

    pub(crate) fn lap(&mut self, stage: &'static str) {
        self.laps.push((stage, self.last.elapsed()));
        self.last = Instant::now();
    }

    /// Adds laps timed elsewhere (they ran since the last lap).
    pub(crate) fn take(&mut self, laps: Vec<(&'static str, Duration)>) {
        self.laps.extend(laps);
        self.last = Instant::now();
    }
}

/// What a build hands to [`finish`]: the same for a full build and a patch.
pub(crate) struct Finishing {
    pub site: Arc<Site>,
    pub bodies: Vec<Arc<RenderedBody>>,
    /// The theme and its key (the fingerprint of what every page shares).
    pub theme: (Arc<Theme>, u64),
    pub config_fingerprint: u64,
    pub findings: SourceFindings,
    pub rendered: Rendered,
    /// The pages whose text a patch changed; `None` for a full build, where anything may have.
    pub edited: Option<Vec<usize>>,
    /// The pages of each language's feed: planned by a full build or a patch that moved lists,
    /// else the last build's (its feeds' pages then at their indices now, as here).
    pub feed_pages: Vec<(Lang, Vec<usize>)>,
    /// The files only a full build makes (robots.txt, theme assets, bundle files, static files).
    pub files: OutputTree,
    pub images: ImageCount,
    /// The pictures cards show: this build's variants, or for a patch the last build's.
    pub pictures: Pictures,
    /// Files of the last build a patch no longer makes besides pages (the cards of pages it
    /// deleted or moved); empty for a full build, whose `files` are all there is.
    pub gone_files: Vec<String>,
    pub watch: Stopwatch,
}

/// Makes feeds, sitemap and search index, gathers the findings, and leaves the next last
/// build in `cache`. `last` is the build this one started from: its feeds and sitemap are
/// kept where nothing they show changed, and its pages are kept when this build fails.
pub(crate) fn finish(done: Finishing, last: Option<LastBuild>, cache: &mut BuildCache) -> Outcome<BuiltSite> {
    let Finishing {
        site,
        bodies,
        theme,
        config_fingerprint,
        findings,
        rendered,
        edited,
        feed_pages,
        mut files,
        images,
        pictures,
        gone_files,
        mut watch,
    } = done;
    // A patch draws the cards of the pages it edited; the others are as the last build left them.
    let cards = match cache.skip_cards {
        true => CardCount::default(),
        false => card_stage(&site, edited.as_deref(), &theme.0.cards, &pictures, &mut cache.cards, &mut files),
    };
    watch.lap("cards");
    let feeds = made_feeds(&site, &bodies, feed_pages, edited.as_deref(), last.as_ref());
    let sitemap = match last.as_ref().filter(|_| !rendered.sitemap_changed) {
        Some(last) => Arc::clone(&last.sitemap),
        None => Arc::from(feeds::sitemap(&rendered.state.sitemap).into_bytes()),
    };
    publish_machine_read(&site, &feeds, &sitemap, &mut files);
    watch.lap("feeds, sitemap");
    let mut diagnostics: Vec<Diagnostic> = findings.all().cloned().collect();
    diagnostics.extend(render::findings(&rendered.state.pages, &rendered.broken, &theme.0));
    // A build that already failed (a missing `search.html`, a broken page) says so without
    // first spending seconds on an index it would not publish.
    let mut index_files = Vec::new();
    let search_pending = match diagnostics.iter().any(Diagnostic::is_error) {
        true => None,
        false => search::search_stage(
            &site,
            &bodies,
            &mut cache.search,
            cache.defer_search,
            &mut index_files,
            &mut diagnostics,
        ),
    };
    // A patch publishes the whole index as well: an edit changes serve's edits part, and
    // the live site replaces the search folder with what the patch made.
    files.extend(index_files);
    watch.lap("search index");
    let diagnostics = sorted(diagnostics);
    let failed = diagnostics.iter().any(Diagnostic::is_error);
    let pages = rendered.state.pages.len();
    let render = match last.filter(|_| failed) {
        // Keep the pages that did render, and those from before: the fix of one file should not re-render all.
        Some(last) => rendered.state.keeping_pages_of(&last.render.pages),
        None => rendered.state,
    };
    let complete = !failed && images.pending.is_empty();
    let built_bodies = bodies.clone();
    cache.last =
        Some(LastBuild { render, sitemap, feeds, bodies, theme, config_fingerprint, findings, pictures, complete });
    if failed {
        return Outcome::failed(diagnostics);
    }
    let built = BuiltSite {
        site,
        files,
        partial: edited.is_some(),
        gone_files,
        pages,
        elapsed: watch.started.elapsed(),
        rendered: rendered.rendered,
        images,
        cards,
        timings: watch.laps,
        search_pending,
        bodies: built_bodies,
    };
    Outcome { value: Some(built), diagnostics }
}

/// Adds the files machines read to `files`: every language's feed, the sitemap and the
/// news sitemap (made now: the 48 hours it lists move with every build's time).
fn publish_machine_read(site: &Site, feeds: &[Feed], sitemap: &Arc<[u8]>, files: &mut OutputTree) {
    files.extend(feeds.iter().map(|f| (format!("{}/atom.xml", f.lang), Content::Bytes(Arc::clone(&f.xml)))));
    files.push(("sitemap.xml".into(), Content::Bytes(Arc::clone(sitemap))));
    let news = crate::render::news_sitemap::news_sitemap(site);
    files.push((crate::render::news_sitemap::NEWS_SITEMAP.into(), Content::Bytes(Arc::from(news.into_bytes()))));
}

/// Every language's feed: the last build's where a patch changed none of its pages, else made now.
fn made_feeds(
    site: &Site,
    bodies: &[Arc<RenderedBody>],
    planned: Vec<(Lang, Vec<usize>)>,
    edited: Option<&[usize]>,
    last: Option<&LastBuild>,
) -> Vec<Feed> {
    planned
        .into_par_iter()
        .map(|(lang, pages)| {
            let unchanged = edited.is_some_and(|edited| !edited.iter().any(|p| pages.contains(p)));
            let kept =
                last.filter(|_| unchanged).and_then(|l| l.feeds.iter().find(|f| f.lang == lang && f.pages == pages));
            let xml = match kept {
                Some(feed) => Arc::clone(&feed.xml),
                None => Arc::from(feeds::atom_of(site, &lang, &pages, bodies).into_bytes()),
            };
            Feed { lang, pages, xml }
        })
        .collect()
}
