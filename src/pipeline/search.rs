//! The search stage: the index of every published page, made in parts (runs of months of
//! one language) and each part made again only when what it is made of changed. In serve
//! the parts to make may be left to another thread (see [`PendingIndex`]), and the last
//! index of each is published meanwhile, so a rebuild never waits for it.

use std::collections::BTreeMap;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::pipeline::media::CACHE_DIR;
use crate::pipeline::memo::Memo;
use crate::plan::search_parts::{SearchPart, search_parts};
use crate::plan::site::{SEARCH_BUNDLE_DIR, Site};
use crate::read::config::CONFIG_FILE;
use crate::render::markdown::RenderedBody;
use crate::render::{Content, OutputTree};
use crate::search::{self, Bundle, stored};
use crate::text::hash_of;

/// One part's index (or why it could not be made), by the key of the records it was made from.
pub(crate) type PartIndex = Memo<Result<Arc<Bundle>, String>>;

/// The index parts, by part name.
pub(crate) type Indexed = BTreeMap<String, PartIndex>;

/// Parts a deferred build left for later: what their records are made of, and the key to
/// keep each under. Holds the site and bodies by `Arc`, so leaving it costs no copying.
#[derive(Clone)]
pub(crate) struct PendingIndex {
    parts: Vec<(SearchPart, u64)>,
    site: Arc<Site>,
    bodies: Vec<Arc<RenderedBody>>,
}

impl PendingIndex {
    /// How many parts are to be made.
    pub(crate) fn parts(&self) -> usize {
        self.parts.len()
    }

    /// Makes the parts (slow: seconds for thousands of pages); the next build publishes them.
    pub(crate) fn build(self) -> Indexed {
        make_parts(&self.site, &self.bodies, &self.parts)
    }
}

/// Makes `parts`, several at once (Pagefind indexes one record after another on one
/// thread), each taken from `.patrika/search/` when an earlier build kept it.
fn make_parts(site: &Site, bodies: &[Arc<RenderedBody>], parts: &[(SearchPart, u64)]) -> Indexed {
    let kept = site.config.root.join(CACHE_DIR).join("search");
    parts
        .par_iter()
        .map(|(part, key)| {
            let records = search::records(site, bodies, &part.pages);
            let kept_as = stored::key_of(&records);
            let made = match stored::load(&kept, &part.name, kept_as) {
                Some(bundle) => Ok(Arc::new(bundle)),
                None => {
                    let folder = format!("{SEARCH_BUNDLE_DIR}/{}", part.name);
                    let made = search::build_part(&folder, &records);
                    if let Ok(bundle) = &made {
                        stored::save(&kept, &part.name, kept_as, bundle);
                    }
                    made.map(Arc::new)
                }
            };
            (part.name.clone(), Memo::new(key, made))
        })
        .collect()
}

/// Adds the search index to `files` when `[search] enabled`: each part as remembered while
/// its pages' text is unchanged, else made again. With `defer` the parts to make are not
/// made here but returned as pending, and their last index (if any) is published until
/// they are ready.
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
    let mut last = memo.take().unwrap_or_default();
    let mut current = Indexed::new();
    let mut missing = Vec::new();
    for part in search_parts(site) {
        // Records read the pages and the config (topic names, date formats), never the base URL.
        let inputs = (site.config.source_hash, &part.name, search::record_inputs(site, bodies, &part.pages));
        let key = hash_of(&inputs);
        match last.remove(&part.name) {
            Some(kept) if kept.get(&key).is_some() => {
                current.insert(part.name.clone(), kept);
            }
            stale => {
                // Until the part is made again, serve publishes what it had.
                current.extend(stale.filter(|_| defer).map(|s| (part.name.clone(), s)));
                missing.push((part, key));
            }
        }
    }
    let pending = match missing.is_empty() {
        true => None,
        false if defer => Some(PendingIndex { parts: missing, site: Arc::clone(site), bodies: bodies.to_vec() }),
        false => {
            current.extend(make_parts(site, bodies, &missing));
            None
        }
    };
    for (name, part) in &current {
        match &part.value {
            Ok(bundle) => files.extend(bundle.iter().map(|(p, b)| (p.clone(), Content::Bytes(Arc::clone(b))))),
            Err(e) if pending.is_none() => {
                let message = format!("cannot build the search index part `{name}`: {e}");
                diags.push(Diagnostic::error(CONFIG_FILE, 1, 1, message));
            }
            Err(_) => {}
        }
    }
    *memo = Some(current);
    pending
}
