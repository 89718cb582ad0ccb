//! In serve, while parts of the search index are made again on another thread, the pages
//! the published parts do not hold as they are now (edited since, or new to their part) are
//! indexed apart in a small part per language (`pagefind/{lang}-edits/`), made with the
//! rebuild itself, so an edit's words are found moments after the save. Beside it goes a
//! manifest for the search page (`pagefind/{lang}-edits.json`): the edits part, if any, and
//! Pagefind's ids of the versions of those pages the other parts still hold, which the page
//! leaves out of its results, so a removed word is not found and no page is found twice.

use std::collections::{HashMap, HashSet};
use std::sync::Arc;

use crate::pipeline::index_parts::{Indexed, MadePart, PartIndex, Wanted};
use crate::pipeline::memo::Memo;
use crate::plan::search_parts::SearchPart;
use crate::plan::site::{SEARCH_BUNDLE_DIR, Site};
use crate::read::config::Lang;
use crate::render::markdown::RenderedBody;
use crate::render::{Content, OutputTree};
use crate::search;
use crate::text::hash_of;

/// The most pages an edits part holds. More (a structural edit that moved a whole part's
/// boundaries) would keep the rebuild waiting as long as the parts themselves: the
/// language's search then shows the parts as they were until they are made again.
const EDITS_LIMIT: usize = 200;

/// The edits parts to publish, by folder name, and every language's manifest.
pub(crate) struct Edits {
    pub parts: Vec<(String, PartIndex)>,
    pub manifests: OutputTree,
}

/// One language's pages to index apart, and the ids the search page leaves out.
struct Changed {
    pages: Vec<usize>,
    skip: Vec<String>,
}

/// The edits part and manifest of every language. `wanted` are the parts this build wants,
/// `stale` those left to be made again, `published` the parts published now; edits parts
/// that are still current are taken from `last`.
pub(crate) fn edits_parts(
    site: &Site,
    bodies: &[Arc<RenderedBody>],
    wanted: &[Arc<Wanted>],
    stale: &[&SearchPart],
    (published, last): (&Indexed, &mut Indexed),
) -> Edits {
    let mut edits = Edits { parts: Vec::new(), manifests: OutputTree::new() };
    for language in &site.config.languages {
        let lang = &language.code;
        let name = format!("{lang}-edits");
        let kept = last.remove(&name);
        // With every part of the language current, the parts hold every page as it is.
        let changed = match stale.iter().any(|part| &part.lang == lang) {
            true => changed(site, lang, wanted, published),
            false => None,
        };
        let Some(changed) = changed else {
            edits.manifests.push(manifest(lang, None, &[]));
            continue;
        };
        if changed.pages.is_empty() {
            edits.manifests.push(manifest(lang, None, &changed.skip));
            continue;
        }
        let part = edits_part(site, bodies, &name, &changed.pages, kept);
        // Old versions are left out only when the new ones are there to be found.
        edits.manifests.push(match part.value.is_ok() {
            true => manifest(lang, Some(&name), &changed.skip),
            false => manifest(lang, None, &[]),
        });
        edits.parts.push((name, part));
    }
    edits
}

/// The pages of `lang` that the published parts do not hold exactly once as they are now,
/// and the ids of the versions they hold of those pages and of pages that are gone; `None`
/// for more than [`EDITS_LIMIT`] pages.
fn changed(site: &Site, lang: &Lang, wanted: &[Arc<Wanted>], published: &Indexed) -> Option<Changed> {
    let wanted: Vec<&Wanted> = wanted.iter().map(Arc::as_ref).filter(|w| &w.part.lang == lang).collect();
    let mut held: HashMap<&str, Vec<(u64, &MadePart)>> = HashMap::new();
    for part in &wanted {
        let Some(Ok(made)) = published.get(&part.part.name).map(|p| &p.value) else { continue };
        for (url, key) in &made.pages {
            held.entry(url.as_str()).or_default().push((*key, made));
        }
    }
    let (mut pages, mut current) = (Vec::new(), HashSet::new());
    for part in &wanted {
        for &page in &part.part.pages {
            let url = format!("/{}", site.pages[page].path);
            let key = part.pages.get(&url)?;
            match held.get(url.as_str()).map(Vec::as_slice) {
                Some([(kept, _)]) if kept == key => {
                    current.insert(url);
                }
                _ => pages.push(page),
            }
        }
    }
    if pages.len() > EDITS_LIMIT {
        return None;
    }
    let mut skip: Vec<String> = held
        .iter()
        .filter(|(url, _)| !current.contains(**url))
        .flat_map(|(url, versions)| versions.iter().filter_map(|(_, made)| made.ids().get(*url).cloned()))
        .collect();
    skip.sort_unstable();
    skip.dedup();
    pages.sort_unstable();
    Some(Changed { pages, skip })
}

/// The edits part of `pages`: the one kept if it holds them as they are, else made now.
fn edits_part(
    site: &Site,
    bodies: &[Arc<RenderedBody>],
    name: &str,
    pages: &[usize],
    kept: Option<PartIndex>,
) -> PartIndex {
    let source = site.config.source_hash;
    let inputs = search::record_inputs(site, bodies, pages);
    let key = hash_of((source, name, &inputs));
    if let Some(kept) = kept.filter(|k| k.get(&key).is_some()) {
        return kept;
    }
    let page_keys = inputs.iter().map(|input| (format!("/{}", input.0), hash_of((source, input)))).collect();
    let records = search::records(site, bodies, pages);
    let made = search::build_part(&format!("{SEARCH_BUNDLE_DIR}/{name}"), &records);
    Memo::new(&key, made.map(|files| Arc::new(MadePart::new(files, page_keys))))
}

/// `pagefind/{lang}-edits.json`: the folder of the edits part (relative to the manifest), or
/// null, and the ids of results to leave out.
fn manifest(lang: &Lang, part: Option<&str>, skip: &[String]) -> (String, Content) {
    let index = part.map(|name| format!("{name}/"));
    let json = serde_json::json!({ "index": index, "skip": skip });
    (format!("{SEARCH_BUNDLE_DIR}/{lang}-edits.json"), Content::Bytes(Arc::from(json.to_string().into_bytes())))
}
