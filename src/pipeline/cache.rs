//! Remembers the results of the stages between rebuilds, keyed by content, so that
//! watch mode redoes only what a change affects: each stage's memo, and the last build
//! ([`LastBuild`]). A fresh build starts from an empty cache and runs the same code; a
//! full build and a patch both end in [`finish`](crate::pipeline::finish::finish), which
//! alone leaves the next last build here.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::pipeline::bodies::CachedBody;
use crate::pipeline::index_parts::Indexed;
use crate::pipeline::last::LastBuild;
use crate::pipeline::media::{Described, Made};
use crate::pipeline::memo::Memo;
use crate::plan::site::Site;
use crate::read::content::ReadCache;
use crate::read::document::SourceDoc;
use crate::render::OutputCache;
use crate::render::theme::Theme;

/// A parsed document, or the problems that kept it from parsing.
pub(crate) type ParsedDoc = Result<Arc<SourceDoc>, Vec<Diagnostic>>;

/// Everything kept between two builds of the same site.
#[derive(Default)]
pub(crate) struct BuildCache {
    pub files: ReadCache,
    pub docs: HashMap<PathBuf, Memo<ParsedDoc>>,
    /// Bundle images' headers, by file.
    pub images: HashMap<PathBuf, Described>,
    /// What each bundle file was published as, by file.
    pub published: HashMap<PathBuf, Made>,
    /// Leave images that are not in the disk cache for later (serve), rather than encode them now.
    pub defer_images: bool,
    /// The search index and the key of what it was made from.
    pub search: Option<Indexed>,
    /// Leave a search index that must be made again for later (serve), rather than make it now.
    pub defer_search: bool,
    pub plan: Option<Memo<(Arc<Site>, Vec<Diagnostic>)>>,
    pub bodies: HashMap<PathBuf, Arc<CachedBody>>,
    pub theme: Option<Memo<(Arc<Theme>, Vec<Diagnostic>)>>,
    /// The share cards known to be in `.patrika/cards/`.
    pub cards: crate::pipeline::cards::CardMemo,
    /// Draw no share cards (`check`: a card's words and picture are checked where they are
    /// read, and drawing one finds nothing more to report).
    pub skip_cards: bool,
    /// The last build: what a full build reuses and a patch resumes from.
    pub last: Option<LastBuild>,
}

impl BuildCache {
    /// Notes a watcher event for a path below the site root: it is read again.
    pub(crate) fn file_changed(&mut self, root: &Path, path: &Path) {
        self.files.changed(root, path);
    }

    /// The pages of the last build (those the sink kept have their bytes).
    pub(crate) fn pages(&self) -> Arc<OutputCache> {
        self.last.as_ref().map(|l| Arc::clone(&l.render.pages)).unwrap_or_default()
    }
}
