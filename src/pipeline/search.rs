//! The search stage: the index of every published page, made in parts (runs of months of
//! one language) and each part made again only when what it is made of changed. In serve
//! the parts to make may be left to another thread (see [`PendingIndex`]), and the last
//! index of each is published meanwhile, with the edited pages in a small part of their
//! own ([`search_edits`](crate::pipeline::search_edits)), so a rebuild never waits for it.

use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::pipeline::index_parts::{Indexed, MadePart, Wanted};
use crate::pipeline::media::CACHE_DIR;
use crate::pipeline::memo::Memo;
use crate::pipeline::search_edits;
use crate::plan::search_parts::{SearchPart, search_parts};
use crate::plan::site::{SEARCH_BUNDLE_DIR, Site};
use crate::read::config::CONFIG_FILE;
use crate::render::markdown::RenderedBody;
use crate::render::{Content, OutputTree};
use crate::search::{self, stored};

/// Parts a deferred build left for later: what their records are made of, and the key to
/// keep each under. Holds the site and bodies by `Arc`, so leaving it costs no copying.
#[derive(Clone)]
pub(crate) struct PendingIndex {
    parts: Vec<Arc<Wanted>>,
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
fn make_parts(site: &Site, bodies: &[Arc<RenderedBody>], parts: &[Arc<Wanted>]) -> Indexed {
    let kept = site.config.root.join(CACHE_DIR).join("search");
    parts
        .par_iter()
        .map(|wanted| {
            let part = &wanted.part;
            let records = search::records(site, bodies, &part.pages);
            let kept_as = stored::key_of(&records);
            let made = match stored::load(&kept, &part.name, kept_as) {
                Some(bundle) => Ok(bundle),
                None => {
                    let folder = format!("{SEARCH_BUNDLE_DIR}/{}", part.name);
                    let made = search::build_part(&folder, &records);
                    if let Ok(bundle) = &made {
                        stored::save(&kept, &part.name, kept_as, bundle);
                    }
                    made
                }
            };
            let made = made.map(|files| Arc::new(MadePart::new(files, wanted.pages.clone())));
            (part.name.clone(), Memo::new(&wanted.key, made))
        })
        .collect()
}

/// Adds the search index to `files` when `[search] enabled`: each part as remembered while
/// its pages' text is unchanged, else made again. With `defer` the parts to make are not
/// made here but returned as pending, and their last index (if any) is published until
/// they are ready, beside an edits part of the pages it does not hold as they are now.
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
    let wanted: Vec<Arc<Wanted>> =
        search_parts(site).into_iter().map(|part| Arc::new(Wanted::of(site, bodies, part))).collect();
    for part in &wanted {
        let name = &part.part.name;
        match last.remove(name) {
            Some(kept) if kept.get(&part.key).is_some() => {
                current.insert(name.clone(), kept);
            }
            stale => {
                // Until the part is made again, serve publishes what it had.
                current.extend(stale.filter(|_| defer).map(|s| (name.clone(), s)));
                missing.push(Arc::clone(part));
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
            Ok(made) => files.extend(made.files.iter().map(|(p, b)| (p.clone(), Content::Bytes(Arc::clone(b))))),
            Err(e) if pending.is_none() => {
                let message = format!("cannot build the search index part `{name}`: {e}");
                diags.push(Diagnostic::error(CONFIG_FILE, 1, 1, message));
            }
            Err(_) => {}
        }
    }
    if site.config.search_edits {
        let stale: Vec<&SearchPart> = pending.iter().flat_map(|p| p.parts.iter().map(|w| &w.part)).collect();
        let edits = search_edits::edits_parts(site, bodies, &wanted, &stale, (&current, &mut last));
        for (name, part) in edits.parts {
            if let Ok(made) = &part.value {
                files.extend(made.files.iter().map(|(p, b)| (p.clone(), Content::Bytes(Arc::clone(b)))));
            }
            current.insert(name, part);
        }
        files.extend(edits.manifests);
    }
    *memo = Some(current);
    pending
}
