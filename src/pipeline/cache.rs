//! Remembers the results of the pure stages between rebuilds, keyed by content,
//! so that watch mode redoes only what a change affects. A fresh build uses an
//! empty cache and the very same code path, so the two cannot drift apart.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::plan::site::Site;
use crate::read::content::ReadCache;
use crate::read::document::SourceDoc;
use crate::render::RenderCache;
use crate::render::markdown::{BodyProblem, RenderedBody, ResolvedLink};
use crate::render::theme::Theme;

/// A parsed document, valid while its text and the config are unchanged.
#[derive(Clone)]
pub struct CachedDoc {
    pub key: (u64, u64),
    pub result: Result<Arc<SourceDoc>, Vec<Diagnostic>>,
}

/// A rendered body, valid while its text is unchanged and its links still resolve the same.
#[derive(Clone)]
pub struct CachedBody {
    pub text_hash: u64,
    /// The site layout the links were resolved against.
    pub layout: u64,
    /// Each content link written in the body, and what it resolved to.
    pub links: Vec<ResolvedLink>,
    pub body: Arc<RenderedBody>,
    pub problems: Vec<BodyProblem>,
}

/// A compiled theme and its warnings, valid while its files are unchanged.
#[derive(Clone)]
pub struct CachedTheme {
    pub fingerprint: u64,
    pub theme: Arc<Theme>,
    pub warnings: Vec<Diagnostic>,
}

/// The site plan of the previous build, valid while the documents' places are unchanged.
pub struct PlanMemo {
    pub key: u64,
    pub site: Arc<Site>,
    pub diags: Vec<Diagnostic>,
}

/// Everything kept between two builds of the same site.
#[derive(Default)]
pub struct BuildCache {
    pub files: ReadCache,
    pub docs: HashMap<PathBuf, CachedDoc>,
    pub bodies: HashMap<PathBuf, Arc<CachedBody>>,
    pub theme: Option<CachedTheme>,
    pub rendered: RenderCache,
    pub plan: Option<PlanMemo>,
}

impl BuildCache {
    /// Notes a watcher event for a path below the site root: it is read again.
    pub fn file_changed(&mut self, root: &Path, path: &Path) {
        self.files.changed(root, path);
    }
}
