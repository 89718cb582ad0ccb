//! Remembers the results of the pure stages between rebuilds, keyed by content,
//! so that watch mode redoes only what a change affects. A fresh build uses an
//! empty cache and the very same code path, so the two cannot drift apart.

use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::plan::site::Site;
use crate::read::content::ReadCache;
use crate::read::document::SourceDoc;
use crate::render::RenderCache;
use crate::render::markdown::{BodyProblem, RenderedBody, ResolvedLink};
use crate::render::theme::Theme;

/// A value kept with the hash of the inputs it was made from: the one memo of the
/// pipeline. A stage builds its output from one inputs value and the memo keys on
/// that same value, so a key cannot leave out something the stage read.
#[derive(Clone)]
pub(crate) struct Memo<V> {
    key: u64,
    pub value: V,
}

fn key_of(inputs: &impl Hash) -> u64 {
    let mut h = ahash::AHasher::default();
    inputs.hash(&mut h);
    h.finish()
}

impl<V> Memo<V> {
    /// Remembers `value` as made from `inputs`.
    pub(crate) fn new(inputs: &impl Hash, value: V) -> Memo<V> {
        Memo { key: key_of(inputs), value }
    }

    /// The same key with another value: for a value made from inputs no longer at hand.
    pub(crate) fn with<W>(self, value: W) -> Memo<W> {
        Memo { key: self.key, value }
    }

    /// The value, if it was made from inputs that hash like `inputs`.
    pub(crate) fn get(&self, inputs: &impl Hash) -> Option<&V> {
        (self.key == key_of(inputs)).then_some(&self.value)
    }
}

/// A parsed document, or the problems that kept it from parsing.
pub(crate) type ParsedDoc = Result<Arc<SourceDoc>, Vec<Diagnostic>>;

/// A rendered body, valid while its text is unchanged and its links still resolve the same.
///
/// Not a [`Memo`]: a body stays valid across plan changes as long as each of its links
/// still goes where it went, which is checked link by link rather than by one key.
#[derive(Clone)]
pub(crate) struct CachedBody {
    pub text_hash: u64,
    /// The site layout the links were resolved against.
    pub layout: u64,
    /// The theme the body's shortcodes were rendered with (`None`: it has none).
    pub theme: Option<u64>,
    /// Each content link written in the body, and what it resolved to.
    pub links: Vec<ResolvedLink>,
    pub body: Arc<RenderedBody>,
    /// The body kept its plain text (only the search index reads it).
    pub plain: bool,
    /// How its raw HTML was treated (`[markdown] raw_html`).
    pub raw_html: crate::read::config::RawHtml,
    /// Problems at byte offsets of the whole file.
    pub problems: Vec<BodyProblem>,
}

/// Everything kept between two builds of the same site.
#[derive(Default)]
pub(crate) struct BuildCache {
    pub files: ReadCache,
    pub docs: HashMap<PathBuf, Memo<ParsedDoc>>,
    /// Bundle images' headers, by file.
    pub images: HashMap<PathBuf, crate::pipeline::media::Described>,
    /// What each bundle file was published as, by file.
    pub published: HashMap<PathBuf, crate::pipeline::media::Made>,
    /// Leave images that are not in the disk cache for later (serve), rather than encode them now.
    pub defer_images: bool,
    /// The search index and the key of what it was made from.
    pub search: Option<crate::pipeline::search::Indexed>,
    /// Leave a search index that must be made again for later (serve), rather than make it now.
    pub defer_search: bool,
    pub plan: Option<Memo<(Arc<Site>, Vec<Diagnostic>)>>,
    pub bodies: HashMap<PathBuf, Arc<CachedBody>>,
    pub theme: Option<Memo<(Arc<Theme>, Vec<Diagnostic>)>>,
    pub rendered: RenderCache,
    /// Translation QA findings (the desk reads the site again on every request).
    pub qa: crate::qa::QaMemo,
    /// `sitemap.xml`, kept while its entries are the same.
    pub sitemap: Option<Memo<Arc<[u8]>>>,
    /// The last good build, for patching after an edit to its pages' text (`patch`).
    pub last: Option<crate::pipeline::patch::LastBuild>,
}

impl BuildCache {
    /// Notes a watcher event for a path below the site root: it is read again.
    pub(crate) fn file_changed(&mut self, root: &Path, path: &Path) {
        self.files.changed(root, path);
    }
}
