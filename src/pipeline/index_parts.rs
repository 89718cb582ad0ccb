//! The search index's parts as the search stage keeps them (the files made, with what each
//! page's record was made from) and as a build wants them (its pages and their keys).

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use crate::pipeline::memo::Memo;
use crate::plan::search_parts::SearchPart;
use crate::plan::site::Site;
use crate::render::markdown::RenderedBody;
use crate::search::{self, Bundle};
use crate::text::hash_of;

/// One part's index as made: its files, and what each of its pages' records was made from.
pub(crate) struct MadePart {
    pub files: Bundle,
    /// Each page's URL (as its record has it) with the key of its record's inputs.
    pub pages: HashMap<String, u64>,
    /// Pagefind's id of each page, read from the files the first time it is asked for.
    ids: OnceLock<HashMap<String, String>>,
}

impl MadePart {
    pub(crate) fn new(files: Bundle, pages: HashMap<String, u64>) -> MadePart {
        MadePart { files, pages, ids: OnceLock::new() }
    }

    /// Pagefind's id of each page of the part (what a search result calls `id`), by URL.
    pub(crate) fn ids(&self) -> &HashMap<String, String> {
        self.ids.get_or_init(|| search::page_ids(&self.files))
    }
}

/// One part's index (or why it could not be made), by the key of the records it was made from.
pub(crate) type PartIndex = Memo<Result<Arc<MadePart>, String>>;

/// The index parts, by folder name (a language's edits part among them, in serve).
pub(crate) type Indexed = BTreeMap<String, PartIndex>;

/// A part as this build wants it: its pages, the key of all their records' inputs, and each
/// page's own key by URL.
pub(crate) struct Wanted {
    pub part: SearchPart,
    pub key: u64,
    pub pages: HashMap<String, u64>,
}

impl Wanted {
    pub(crate) fn of(site: &Site, bodies: &[Arc<RenderedBody>], part: SearchPart) -> Wanted {
        // Records read the pages and the config (topic names, date formats), never the base URL.
        let inputs = search::record_inputs(site, bodies, &part.pages);
        let source = site.config.source_hash;
        let pages = inputs.iter().map(|input| (format!("/{}", input.0), hash_of((source, input)))).collect();
        let key = hash_of((source, &part.name, &inputs));
        Wanted { part, key, pages }
    }
}
