//! Plans the site: gives every page its URL, finds sections and translation
//! partners, and resolves links between content files. Pure; no rendering.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::plan::translation::{TranslationSet, pair};
use crate::read::config::{Config, Lang};
use crate::read::document::SourceDoc;
use crate::read::identity::DocKind;
use crate::read::identity::linked_stem_path;

/// A page to be rendered: one language of one translation set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PagePlan {
    /// Index into [`Site::docs`].
    pub doc: usize,
    /// Index into [`Site::sets`].
    pub set: usize,
    pub lang: Lang,
    /// URL path below the base path, e.g. `hi/briefings/x/`.
    pub path: String,
}

/// The planned site: documents, sets, pages and their URLs.
#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    pub docs: Vec<Arc<SourceDoc>>,
    pub sets: Vec<TranslationSet>,
    pub pages: Vec<PagePlan>,
    /// Set index → language → page index.
    pub set_pages: Vec<BTreeMap<Lang, usize>>,
    /// Hash of every page's URL and set: links resolve the same while it is unchanged.
    pub layout: u64,
    /// Doc index → its page, if it is published.
    pub(super) page_of_doc: Vec<Option<usize>>,
    /// Sections that have pages or an intro, e.g. `briefings`.
    pub sections: BTreeSet<String>,
    /// (section, language) → `_index` document; section `""` is the home page.
    pub intros: BTreeMap<(String, Lang), usize>,
    /// Content path (`briefings/x.hi.md`) of every document, drafts included → doc index.
    pub(super) by_content_path: HashMap<String, usize>,
    /// Content path without language suffix and `.md` (`briefings/x`) → set index.
    pub(super) by_stem_path: HashMap<String, usize>,
    /// Content paths of drafts left out of this build.
    pub(super) drafts: BTreeSet<String>,
    /// Content paths (with and without language suffix) of files that failed to parse.
    pub(super) unreadable: BTreeSet<String>,
}

/// Paths the site generates itself; a section or page may not take them.
const RESERVED: &[&str] = &["topics", "page", "atom.xml", "search", "theme"];

impl Site {
    /// Plans the site from parsed documents; `drafts` decides whether drafts are published.
    /// `unreadable` lists content paths of files that failed to parse: links to them are
    /// not reported again, as their own error says it all.
    pub fn plan(
        config: Config,
        all_docs: Vec<Arc<SourceDoc>>,
        include_drafts: bool,
        unreadable: &[String],
    ) -> (Site, Vec<Diagnostic>) {
        let mut diags = Vec::new();
        let is_left_out = |d: &SourceDoc| left_out(d, include_drafts);
        // Drafts are remembered by file and by file-without-language, as links may name either.
        let drafts: BTreeSet<String> = all_docs
            .iter()
            .filter(|d| is_left_out(d))
            .flat_map(|d| [d.info.content_path.clone(), d.info.stem_path()])
            .collect();
        let docs: Vec<Arc<SourceDoc>> = all_docs.into_iter().filter(|d| !is_left_out(d)).collect();
        let (sets, pair_diags) = pair(&docs);
        diags.extend(pair_diags);

        let mut by_content_path = HashMap::new();
        let mut by_stem_path = HashMap::new();
        let mut set_of_doc = vec![usize::MAX; docs.len()];
        for (s, set) in sets.iter().enumerate() {
            for &d in set.members.values() {
                set_of_doc[d] = s;
            }
        }
        let mut sections = BTreeSet::new();
        let mut intros = BTreeMap::new();
        for (i, doc) in docs.iter().enumerate() {
            by_content_path.insert(doc.info.content_path.clone(), i);
            match doc.info.kind {
                DocKind::Index => {
                    intros.insert((doc.info.section.clone(), doc.lang.clone()), i);
                    if !doc.info.section.is_empty() {
                        sections.insert(doc.info.section.clone());
                    }
                }
                DocKind::Page => {
                    by_stem_path.insert(doc.info.stem_path(), set_of_doc[i]);
                    if !doc.info.section.is_empty() {
                        sections.insert(doc.info.section.clone());
                    }
                }
            }
        }

        let mut pages = Vec::new();
        let mut set_pages = vec![BTreeMap::new(); sets.len()];
        // Output path → the file that claimed it, to name both sides of a collision.
        let mut claimed: BTreeMap<String, String> = BTreeMap::new();
        for section in &sections {
            let first = section.split('/').next().unwrap_or_default();
            if RESERVED.contains(&first) {
                let at = docs.iter().find(|d| &d.info.section == section).map(|d| d.path.clone()).unwrap_or_default();
                diags.push(Diagnostic::error(
                    at,
                    1,
                    1,
                    format!(
                        "section folder `{first}` would overwrite pages Patrika generates (reserved: {})",
                        RESERVED.join(", ")
                    ),
                ));
            }
        }
        for (i, doc) in docs.iter().enumerate() {
            if doc.info.kind != DocKind::Page || set_of_doc[i] == usize::MAX {
                continue;
            }
            let slug = doc.slug();
            let path = if doc.info.section.is_empty() {
                if RESERVED.contains(&slug) || sections.contains(slug) {
                    diags.push(Diagnostic::error(&doc.path, 1, 1, format!("page slug `{slug}` would overwrite the `/{}/{slug}/` that Patrika generates for a section or list", doc.lang)));
                    continue;
                }
                format!("{}/{}/", doc.lang, slug)
            } else {
                format!("{}/{}/{}/", doc.lang, doc.info.section, slug)
            };
            if slug == "page" && !doc.info.section.is_empty() {
                diags.push(Diagnostic::error(&doc.path, 1, 1, "slug `page` is reserved for list pagination"));
                continue;
            }
            let me = doc.path.display().to_string();
            if let Some(other) = claimed.get(&path) {
                diags.push(Diagnostic::error(
                    &doc.path,
                    1,
                    1,
                    format!("{other} and {me} would both be written to /{path}"),
                ));
                continue;
            }
            claimed.insert(path.clone(), me);
            set_pages[set_of_doc[i]].insert(doc.lang.clone(), pages.len());
            pages.push(PagePlan { doc: i, set: set_of_doc[i], lang: doc.lang.clone(), path });
        }
        let unreadable = unreadable.iter().flat_map(|p| [p.clone(), linked_stem_path(p, &config)]).collect();
        let mut page_of_doc = vec![None; docs.len()];
        for (i, page) in pages.iter().enumerate() {
            page_of_doc[page.doc] = Some(i);
        }
        // Where every page of every set lives: equal fingerprints, equal link resolutions.
        let mut hasher = ahash::AHasher::default();
        for page in &pages {
            std::hash::Hash::hash(&(page.set, &page.path, &page.lang), &mut hasher);
        }
        for doc in &docs {
            let from = doc.front.translation.as_ref().map(|t| &t.from);
            std::hash::Hash::hash(&(&doc.info.content_path, &doc.lang, from), &mut hasher);
        }
        std::hash::Hash::hash(
            &(&drafts, &unreadable, &intros.keys().collect::<Vec<_>>(), &config.base_path),
            &mut hasher,
        );
        let layout = std::hash::Hasher::finish(&hasher);
        let site = Site {
            layout,
            page_of_doc,
            config,
            docs,
            sets,
            pages,
            set_pages,
            sections,
            intros,
            by_content_path,
            by_stem_path,
            drafts,
            unreadable,
        };
        (site, diags)
    }

    /// Gives a reused plan the current documents: the same files in the same places, new text.
    pub fn refresh_docs(&mut self, config: Config, all_docs: Vec<Arc<SourceDoc>>, include_drafts: bool) {
        self.config = config;
        self.docs = all_docs.into_iter().filter(|d| !left_out(d, include_drafts)).collect();
    }

    /// A root-relative URL (with the base path) for a path below the base.
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.config.base_path, path)
    }

    /// An absolute URL for a path below the base.
    pub fn permalink(&self, path: &str) -> String {
        format!("{}/{}", self.config.base_url, path)
    }

    /// The path (below the base) of a section's list in a language; `""` is the home page.
    pub fn section_path(&self, section: &str, lang: &Lang) -> String {
        if section.is_empty() { format!("{lang}/") } else { format!("{lang}/{section}/") }
    }

    /// The document of a planned page.
    pub fn doc(&self, page: &PagePlan) -> &SourceDoc {
        &self.docs[page.doc]
    }

    /// Every language version of a page's set, as page indices, in config language order.
    pub fn versions(&self, page: &PagePlan) -> Vec<usize> {
        let members = &self.set_pages[page.set];
        self.config.languages.iter().filter_map(|l| members.get(&l.code).copied()).collect()
    }

    /// The page of the set's original language, if it is published.
    pub fn original_page(&self, set: usize) -> Option<usize> {
        let lang = self.sets[set].original(&self.docs)?;
        self.set_pages[set].get(&lang).copied()
    }
}

/// Whether a document stays out of this build (a draft, unless drafts are built).
fn left_out(doc: &SourceDoc, include_drafts: bool) -> bool {
    doc.front.draft && !include_drafts
}
