//! The search stage: the index of every published page, made again only when what it is
//! made of changed. In serve it may be left to another thread (see [`PendingIndex`]), and
//! the last index is published meanwhile, so a rebuild never waits for it.

use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::pipeline::memo::Memo;
use crate::plan::site::Site;
use crate::read::config::CONFIG_FILE;
use crate::render::markdown::RenderedBody;
use crate::render::{Content, OutputTree};
use crate::search::{self, Bundle};
use crate::text::hash_of;

/// An index (or why it could not be made), by the key of the records it was made from.
pub(crate) type Indexed = Memo<Result<Arc<Bundle>, String>>;

/// An index a deferred build left for later: what its records are made from, and the key
/// to keep it under. Holds the site and bodies by `Arc`, so leaving it costs no copying.
#[derive(Clone)]
pub(crate) struct PendingIndex {
    pub key: u64,
    site: Arc<Site>,
    bodies: Vec<Arc<RenderedBody>>,
}

impl PendingIndex {
    /// Makes the index (slow: seconds for thousands of pages); the next build publishes it.
    pub(crate) fn build(self) -> Indexed {
        let records = search::records(&self.site, &self.bodies);
        // Let go of the site before the slow part, so that the next rebuild need not copy it.
        let key = self.key;
        drop(self);
        Memo::new(&key, search::build(&records).map(Arc::new))
    }
}

/// Adds the search index to `files` when `[search] enabled`: the remembered one while the
/// pages' text is unchanged, else a new one. With `defer` a new one is not made here but
/// returned as pending, and the last index (if any) is published until it is ready.
pub(crate) fn search_stage(
    site: &Arc<Site>,
    bodies: &[Arc<RenderedBody>],
    memo: &mut Option<Indexed>,
    defer: bool,
    files: &mut OutputTree,
    diags: &mut Vec<Diagnostic>,
) -> Option<PendingIndex> {
    if !site.config.search {
        return None;
    }
    // Records read the pages and the config (topic names, date formats), never the base URL.
    let key = hash_of((site.config.source_hash, search::record_inputs(site, bodies)));
    let current = memo.as_ref().and_then(|m| m.get(&key)).is_some();
    let pending = (!current).then(|| PendingIndex { key, site: Arc::clone(site), bodies: bodies.to_vec() });
    let pending = match pending {
        Some(pending) if !defer => {
            *memo = Some(pending.build());
            None
        }
        other => other,
    };
    match memo.as_ref().map(|m| &m.value) {
        Some(Ok(bundle)) => files.extend(bundle.iter().map(|(p, b)| (p.clone(), Content::Bytes(Arc::clone(b))))),
        Some(Err(e)) if pending.is_none() => {
            diags.push(Diagnostic::error(CONFIG_FILE, 1, 1, format!("cannot build the search index: {e}")));
        }
        _ => {}
    }
    pending
}
