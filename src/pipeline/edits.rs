//! What an edit to briefings changed, from the files the watcher reported: the documents
//! edited, added and gone, and the site they make now — the last plan with the new text
//! while every page stays where it was, else a plan made again from the documents. Reads
//! no file itself; the patch renders from what this gives it.

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::Arc;

use crate::pipeline::bodies::CachedBody;
use crate::pipeline::cache::BuildCache;
use crate::pipeline::memo::Memo;
use crate::plan::site::Site;
use crate::read::content::{Reported, SourceFile, content_path_of};
use crate::read::document::{self, SourceDoc};
use crate::read::identity::DocKind;

/// The documents an edit changed.
pub(crate) struct Edits {
    /// (index in the last site, the document now) of each file whose text changed.
    changed: Vec<(usize, Arc<SourceDoc>)>,
    /// Documents of files new to the site.
    added: Vec<Arc<SourceDoc>>,
    /// Indices in the last site of the documents whose files are gone.
    removed: Vec<usize>,
    /// The files gone, below the site root.
    gone: Vec<PathBuf>,
}

/// The site after an edit, and how it relates to the last one.
pub(crate) struct SiteNow {
    pub site: Arc<Site>,
    /// Page (now) → its index in the last build (`None`: new).
    pub origin: Vec<Option<usize>>,
    /// Pages (now) whose text changed, or that are new: their Markdown is rendered again.
    pub edited: Vec<bool>,
    /// Pages (now) whose set gained, lost or moved a member: their language versions changed.
    pub versions_changed: Vec<bool>,
    /// Pages came, went or moved, so the plan was made again.
    pub replanned: bool,
    /// What lists sort and group by may have changed.
    pub relist: bool,
    /// The files gone, below the site root.
    pub gone: Vec<PathBuf>,
    /// The file stems of the documents that came, went or moved and of their sets: a link
    /// that may go elsewhere now names one of them.
    moved_stems: HashSet<String>,
}

impl Edits {
    /// Parses the reported files; `None` unless every change is to a published page outside a
    /// bundle, or a new one (the full build handles the rest). Unchanged text is left out.
    pub(crate) fn parse(
        cache: &mut BuildCache,
        site: &Site,
        read: &Reported,
        config_fingerprint: u64,
    ) -> Option<Edits> {
        let mut edits = Edits { changed: Vec::new(), added: Vec::new(), removed: Vec::new(), gone: read.gone.clone() };
        for file in &read.files {
            let new = parse_file(cache, site, file, config_fingerprint)?;
            let publishable = new.info.kind == DocKind::Page
                && !site.publishing.leaves_out(&new)
                && !new.info.bundle
                && original_is_published(site, &new);
            // The corrections page lists corrected pages, and an embargo decides what every
            // list, feed and sitemap holds: the full build plans both.
            let newsroom = |doc: &SourceDoc| !doc.front.corrections.is_empty() || doc.front.publish_at.is_some();
            match site.find_file(&file.content_path) {
                Some((doc, Some(_))) => {
                    let old = &site.docs[doc];
                    if old.text_hash == new.text_hash {
                        continue;
                    }
                    if !same_newsroom(old, &new) {
                        return None;
                    }
                    // A page that moves must stay a published page outside a bundle (whose files move with it).
                    let moves = !same_placement(old, &new);
                    if moves && (!publishable || old.info.bundle) {
                        return None;
                    }
                    edits.changed.push((doc, new));
                }
                None if publishable && !newsroom(&new) && read.new.contains(&file.path) => edits.added.push(new),
                // A section intro, a draft, or a file that did not parse before.
                Some((_, None)) | None => return None,
            }
        }
        for path in &read.gone {
            let (doc, page) = site.find_file(&content_path_of(path))?;
            page.filter(|_| !site.docs[doc].info.bundle)?;
            edits.removed.push(doc);
        }
        Some(edits)
    }

    /// The site these edits make of `last`; `None` if planning it finds a problem, which the
    /// full build reports. While every page stays where it was, `last` is kept with the new
    /// documents (it is made unique first, so it may be copied once).
    pub(crate) fn site_now(self, last: &mut Arc<Site>) -> Option<SiteNow> {
        let replanned = !self.added.is_empty()
            || !self.removed.is_empty()
            || self.changed.iter().any(|(d, new)| !same_placement(&last.docs[*d], new));
        let relist = replanned || self.changed.iter().any(|(d, new)| !same_lists(&last.docs[*d], new));
        if !replanned {
            let pages = last.pages.len();
            let mut edited = vec![false; pages];
            let site = Arc::make_mut(last);
            for (doc, new) in self.changed {
                if let Some(page) = site.page_of(doc) {
                    edited[page] = true;
                }
                site.docs[doc] = new;
            }
            return Some(SiteNow {
                site: Arc::clone(last),
                origin: (0..pages).map(Some).collect(),
                edited,
                versions_changed: vec![false; pages],
                replanned,
                relist,
                gone: self.gone,
                moved_stems: HashSet::new(),
            });
        }
        self.replanned(last, relist)
    }

    /// The site planned again from the documents now.
    fn replanned(self, last: &Site, relist: bool) -> Option<SiteNow> {
        let changed: HashMap<usize, Arc<SourceDoc>> = self.changed.into_iter().collect();
        let removed: HashSet<usize> = self.removed.iter().copied().collect();
        let mut added = self.added;
        added.sort_by(|a, b| a.path.cmp(&b.path));
        let mut added = added.into_iter().peekable();
        // Documents in the order a full read lists them (by path), each with its index before.
        let mut docs = Vec::with_capacity(last.docs.len() + added.len());
        let mut doc_origin: Vec<Option<usize>> = Vec::with_capacity(docs.capacity());
        for (d, doc) in last.docs.iter().enumerate() {
            while let Some(new) = added.next_if(|new| new.path < doc.path) {
                docs.push(new);
                doc_origin.push(None);
            }
            if removed.contains(&d) {
                continue;
            }
            docs.push(changed.get(&d).map_or_else(|| Arc::clone(doc), Arc::clone));
            doc_origin.push(Some(d));
        }
        for new in added {
            docs.push(new);
            doc_origin.push(None);
        }
        let (site, found) = last.replan(docs);
        if !found.is_empty() {
            return None;
        }
        let origin: Vec<Option<usize>> =
            site.pages.iter().map(|p| doc_origin[p.doc].and_then(|d| last.page_of(d))).collect();
        let edited: Vec<bool> =
            site.pages.iter().map(|p| doc_origin[p.doc].is_none_or(|d| changed.contains_key(&d))).collect();
        // Sets that gained, lost or moved a member: every page of them, then and now.
        let moved_doc = |d: usize| {
            doc_origin[d]
                .is_none_or(|before| changed.get(&before).is_some_and(|new| !same_placement(&last.docs[before], new)))
        };
        let mut doc_now: Vec<Option<usize>> = vec![None; last.docs.len()];
        for (now, before) in doc_origin.iter().enumerate() {
            if let Some(&before) = before.as_ref() {
                doc_now[before] = Some(now);
            }
        }
        let mut touched_sets: HashSet<usize> = HashSet::new();
        let mut moved_stems: HashSet<String> = HashSet::new();
        for page in site.pages.iter().filter(|p| moved_doc(p.doc)) {
            touched_sets.insert(page.set);
        }
        let left_then =
            removed.iter().copied().chain(changed.keys().copied().filter(|&d| doc_now[d].is_some_and(moved_doc)));
        for d in left_then {
            moved_stems.insert(last.docs[d].info.stem.clone());
            let Some(page) = last.page_of(d) else { continue };
            for &p in last.set_pages[last.pages[page].set].values() {
                let now = doc_now[last.pages[p].doc].and_then(|d| site.page_of(d));
                touched_sets.extend(now.map(|p| site.pages[p].set));
                moved_stems.insert(last.docs[last.pages[p].doc].info.stem.clone());
            }
        }
        let versions_changed: Vec<bool> = site.pages.iter().map(|p| touched_sets.contains(&p.set)).collect();
        for page in site.pages.iter().filter(|p| touched_sets.contains(&p.set)) {
            moved_stems.insert(site.docs[page.doc].info.stem.clone());
        }
        Some(SiteNow {
            site: Arc::new(site),
            origin,
            edited,
            versions_changed,
            replanned: true,
            relist,
            gone: self.gone,
            moved_stems,
        })
    }
}

impl SiteNow {
    /// Whether a body's links may name a document that came, went or moved (a body not
    /// remembered may: it is resolved again).
    pub(crate) fn names_a_moved_page(&self, cached: Option<&Arc<CachedBody>>) -> bool {
        match cached {
            Some(body) => body.links.iter().any(|l| self.moved_stems.iter().any(|stem| l.dest.contains(stem.as_str()))),
            None => true,
        }
    }
}

/// Whether `doc` is an original, or a translation whose original the site publishes: a
/// translation of a page left out is left out with it, which the full build plans.
fn original_is_published(site: &Site, doc: &SourceDoc) -> bool {
    let Some(meta) = &doc.front.translation else { return true };
    let key = doc.set_key();
    site.sets.iter().any(|set| set.key == key && set.members.contains_key(&meta.from))
}

/// Whether a document keeps its place in the plan: the same file, page, set and language.
fn same_placement(old: &SourceDoc, new: &SourceDoc) -> bool {
    old.info.kind == DocKind::Page && Site::placement(old) == Site::placement(new)
}

/// Whether a document has the corrections and embargo it had (by what they say, not where
/// in the file they are).
fn same_newsroom(old: &SourceDoc, new: &SourceDoc) -> bool {
    let (a, b) = (&old.front, &new.front);
    let said = |c: &crate::read::newsroom::Correction| (c.date.clone(), c.text.clone());
    a.publish_at == b.publish_at && a.corrections.iter().map(said).eq(b.corrections.iter().map(said))
}

/// Whether a document is where it was in every list: what lists sort and group by.
fn same_lists(old: &SourceDoc, new: &SourceDoc) -> bool {
    let (a, b) = (&old.front, &new.front);
    (&a.title, &a.date, &a.topics, &a.authors, &a.translators)
        == (&b.title, &b.date, &b.topics, &b.authors, &b.translators)
}

/// Parses a reported file; `None` if it does not parse (the full build reports why). The
/// parse memo keeps it either way, so that a full build that follows sees it.
fn parse_file(
    cache: &mut BuildCache,
    site: &Site,
    file: &Arc<SourceFile>,
    config_fingerprint: u64,
) -> Option<Arc<SourceDoc>> {
    let parsed = document::parse(file, &site.config).map(Arc::new);
    cache.docs.insert(file.path.clone(), Memo::new(&(file.hash, config_fingerprint), parsed.clone()));
    parsed.ok()
}
