//! Plans the site: gives every page its URL, finds sections and translation
//! partners, and resolves links between content files. Pure; no rendering.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::sync::Arc;

use crate::diagnostic::Diagnostic;
use crate::plan::brand::{Brand, BrandFile, place_brand};
use crate::plan::bundles::{Asset, Placed, PlacedAssets, place, stray_documents};
use crate::plan::menu::{MenuPage, MenuSources, plan_menu};
use crate::plan::publishing::{LeftOut, Publishing};
use crate::plan::translation::{TranslationSet, UnreadableMember, pair};
use crate::read::config::{Config, Lang};
use crate::read::document::SourceDoc;
use crate::read::identity::linked_stem_path;
use crate::read::identity::{DocKind, FileInfo};

/// A page to be rendered: one language of one translation set.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PagePlan {
    /// Index into [`Site::docs`].
    pub doc: usize,
    /// Index into [`Site::sets`].
    pub set: usize,
    pub lang: Lang,
    /// URL path below the base path, e.g. `hi/briefings/x/`.
    pub path: String,
}

/// The planned site: documents, sets, pages and their URLs. What stays the same while
/// documents keep their places is shared, so that a copy with new text costs little.
#[derive(Debug, Clone)]
pub(crate) struct Site {
    pub config: Config,
    pub docs: Vec<Arc<SourceDoc>>,
    pub sets: Arc<Vec<TranslationSet>>,
    pub pages: Arc<Vec<PagePlan>>,
    /// Set index → language → page index.
    pub set_pages: Arc<Vec<BTreeMap<Lang, usize>>>,
    /// Hash of every page's URL and set: links resolve the same while it is unchanged.
    pub layout: u64,
    /// Doc index → its page, if it is published.
    pub(super) page_of_doc: Arc<Vec<Option<usize>>>,
    /// Sections that have pages or an intro, e.g. `briefings`.
    pub sections: BTreeSet<String>,
    /// (section, language) → `_index` document; section `""` is the home page.
    pub intros: BTreeMap<(String, Lang), usize>,
    /// Content path (`briefings/x.hi.md`) of every document, drafts included → doc index.
    pub(super) by_content_path: Arc<HashMap<String, usize>>,
    /// Content path without language suffix and `.md` (`briefings/x`) → set index.
    pub(super) by_stem_path: Arc<HashMap<String, usize>>,
    /// Content paths of drafts (and pages under embargo) left out of this build.
    pub(super) drafts: BTreeSet<String>,
    /// Which pages this build publishes, and its time.
    pub publishing: Publishing,
    /// Content paths (with and without language suffix) of files that failed to parse.
    pub(super) unreadable: BTreeSet<String>,
    /// Bundle files by content path, with where each is published.
    pub assets: PlacedAssets,
    /// The logo, favicons and authors' photos, with where each is published.
    pub brand: Brand,
    /// The pages of `[[site.menu]]`, in config order.
    pub menu: Vec<MenuPage>,
}

/// What [`Site::plan`] reads of one document: where it is and which set it joins,
/// not its text. While every document's placement is unchanged, so is the plan.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Placement<'a> {
    pub path: &'a std::path::Path,
    pub info: &'a FileInfo,
    pub lang: &'a Lang,
    pub slug: Option<&'a str>,
    pub translation_key: Option<&'a str>,
    pub draft: bool,
    pub from: Option<&'a Lang>,
}

/// The documents `left_out` keeps in.
fn published(all_docs: Vec<Arc<SourceDoc>>, left_out: &[bool]) -> Vec<Arc<SourceDoc>> {
    all_docs.into_iter().zip(left_out).filter(|(_, out)| !**out).map(|(d, _)| d).collect()
}

/// Paths the site generates itself; a section or page may not take them.
/// The folder below the output root where the search index and Pagefind's scripts are published.
pub(crate) const SEARCH_BUNDLE_DIR: &str = "pagefind";

/// The name of the search index's filter that holds a page's topics (the index and the search page share it).
pub(crate) const SEARCH_TOPIC_FILTER: &str = "topic";

const RESERVED: &[&str] =
    &["topics", "page", "atom.xml", "search", "theme", "authors", "corrections", SEARCH_BUNDLE_DIR, "__patrika"];

/// File names Patrika writes in a list's or the site's folder; a slug may not take them either.
const GENERATED_FILES: &[&str] =
    &["index.html", "404.html", "atom.xml", "sitemap.xml", "news-sitemap.xml", "robots.txt"];

/// What a plan leaves out: drafts and pages under embargo, and files that did not parse (by content path, with and
/// without language suffix), with the sets and languages those files would have joined.
struct Left {
    drafts: BTreeSet<String>,
    /// Which pages are published, and the build's time.
    publishing: Publishing,
    unreadable: BTreeSet<String>,
    unreadable_files: Vec<UnreadableMember>,
}

/// Where documents are, before any page gets a URL.
struct DocIndex {
    set_of_doc: Vec<usize>,
    sections: BTreeSet<String>,
    intros: BTreeMap<(String, Lang), usize>,
    by_content_path: HashMap<String, usize>,
    by_stem_path: HashMap<String, usize>,
}

fn index_docs(docs: &[Arc<SourceDoc>], sets: &[TranslationSet]) -> DocIndex {
    let mut index = DocIndex {
        set_of_doc: vec![usize::MAX; docs.len()],
        sections: BTreeSet::new(),
        intros: BTreeMap::new(),
        by_content_path: HashMap::new(),
        by_stem_path: HashMap::new(),
    };
    for (s, set) in sets.iter().enumerate() {
        for &d in set.members.values() {
            index.set_of_doc[d] = s;
        }
    }
    for (i, doc) in docs.iter().enumerate() {
        index.by_content_path.insert(doc.info.content_path.clone(), i);
        if !doc.info.section.is_empty() {
            index.sections.insert(doc.info.section.clone());
        }
        match doc.info.kind {
            DocKind::Index => {
                index.intros.insert((doc.info.section.clone(), doc.lang.clone()), i);
            }
            DocKind::Page => {
                index.by_stem_path.insert(doc.info.stem_path(), index.set_of_doc[i]);
            }
        }
    }
    index
}

/// The set and language of each page file that could not be read, as its name tells
/// (a name that tells nothing, being itself the error, is left out).
fn unreadable_members(content_paths: &[String], config: &Config) -> Vec<UnreadableMember> {
    content_paths
        .iter()
        .filter_map(|path| {
            let info = FileInfo::parse(path, config).ok().filter(|info| info.kind == DocKind::Page)?;
            let lang = info.lang.clone().unwrap_or_else(|| config.default_language.clone());
            Some(UnreadableMember { key: info.stem_path(), lang, content_path: path.clone() })
        })
        .collect()
}

/// Section folders that would take a URL Patrika generates; reported once per folder.
fn reserved_sections(docs: &[Arc<SourceDoc>], sections: &BTreeSet<String>) -> Vec<Diagnostic> {
    let mut diags = Vec::new();
    for section in sections {
        let first = section.split('/').next().unwrap_or_default();
        if !RESERVED.contains(&first) {
            continue;
        }
        // The folder's name is the cause: it is reported on the first file inside it, as a whole.
        if let Some(doc) = docs.iter().find(|d| &d.info.section == section) {
            diags.push(doc.error_at(
                doc.front.at.front,
                format!(
                    "section folder `{first}` would overwrite pages Patrika generates (reserved: {}); rename the folder",
                    RESERVED.join(", ")
                ),
            ));
        }
    }
    diags
}

/// The URL path of a page, or why it cannot have one.
fn page_path(doc: &SourceDoc, sections: &BTreeSet<String>) -> Result<String, String> {
    let slug = doc.slug();
    if GENERATED_FILES.contains(&slug) {
        return Err(format!("slug `{slug}` is the name of a file Patrika writes; choose another slug"));
    }
    if doc.info.section.is_empty() {
        if RESERVED.contains(&slug) || sections.contains(slug) {
            return Err(format!(
                "page slug `{slug}` would overwrite the `/{}/{slug}/` that Patrika generates for a section or list",
                doc.lang
            ));
        }
        return Ok(format!("{}/{slug}/", doc.lang));
    }
    if slug == "page" {
        return Err("slug `page` is reserved for list pagination".into());
    }
    Ok(format!("{}/{}/{slug}/", doc.lang, doc.info.section))
}

/// Pages with their URLs, in document order; every URL conflict is reported at the slug (or the file).
fn place_pages(
    docs: &[Arc<SourceDoc>],
    index: &DocIndex,
    set_count: usize,
) -> (Vec<PagePlan>, Vec<BTreeMap<Lang, usize>>, Vec<Diagnostic>) {
    let mut pages = Vec::new();
    let mut set_pages = vec![BTreeMap::new(); set_count];
    let mut diags = Vec::new();
    // Output path → the file that claimed it, to name both sides of a collision.
    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    for (i, doc) in docs.iter().enumerate() {
        let set = index.set_of_doc[i];
        if doc.info.kind != DocKind::Page || set == usize::MAX {
            continue;
        }
        let path = match page_path(doc, &index.sections) {
            Ok(path) => path,
            Err(message) => {
                diags.push(doc.error_at(doc.slug_offset(), message));
                continue;
            }
        };
        let me = doc.path.display().to_string();
        if let Some(other) = claimed.get(&path) {
            diags.push(doc.error_at(doc.slug_offset(), format!("{other} and {me} would both be written to /{path}")));
            continue;
        }
        claimed.insert(path.clone(), me);
        set_pages[set].insert(doc.lang.clone(), pages.len());
        pages.push(PagePlan { doc: i, set, lang: doc.lang.clone(), path });
    }
    (pages, set_pages, diags)
}

impl Site {
    /// What planning reads of each document, for the pipeline's memo of the plan.
    pub(crate) fn placements(docs: &[Arc<SourceDoc>]) -> Vec<Placement<'_>> {
        docs.iter().map(|d| Site::placement(d)).collect()
    }

    /// What [`Site::plan`] reads of one document.
    pub(crate) fn placement(d: &SourceDoc) -> Placement<'_> {
        Placement {
            path: &d.path,
            info: &d.info,
            lang: &d.lang,
            slug: d.front.slug.as_deref(),
            translation_key: d.front.translation_key.as_deref(),
            draft: d.front.draft,
            from: d.front.translation.as_ref().map(|t| &t.from),
        }
    }

    /// Plans the site from parsed documents; `publishing` decides whether drafts and pages
    /// under embargo are published.
    /// `unreadable` lists content paths of files that failed to parse: links to them are
    /// not reported again, as their own error says it all.
    pub(crate) fn plan(
        config: Config,
        all_docs: Vec<Arc<SourceDoc>>,
        publishing: Publishing,
        unreadable: &[String],
        (assets, brand): (Vec<Asset>, Vec<BrandFile>),
    ) -> (Site, Vec<Diagnostic>) {
        let LeftOut { flags, warnings } = publishing.left_out(&all_docs);
        // Drafts (and pages under embargo) are remembered by file and by file-without-language,
        // as links may name either.
        let drafts: BTreeSet<String> = all_docs
            .iter()
            .zip(&flags)
            .filter(|(_, out)| **out)
            .flat_map(|(d, _)| [d.info.content_path.clone(), d.info.stem_path()])
            .collect();
        let docs = published(all_docs, &flags);
        let unreadable_files = unreadable_members(unreadable, &config);
        let unreadable: BTreeSet<String> =
            unreadable.iter().flat_map(|p| [p.clone(), linked_stem_path(p, &config)]).collect();
        let left = Left { drafts, publishing, unreadable, unreadable_files };
        let (site, mut found) = Site::place(config, docs, left, assets, place_brand(brand));
        found.extend(warnings);
        (site, found)
    }

    /// The plan of the same site with other published documents (sorted by path, as a full
    /// read lists them): the same config, drafts, time, bundle files and brand, every page
    /// placed and every set paired again.
    pub(crate) fn replan(&self, docs: Vec<Arc<SourceDoc>>) -> (Site, Vec<Diagnostic>) {
        let left = Left {
            drafts: self.drafts.clone(),
            publishing: self.publishing,
            unreadable: self.unreadable.clone(),
            unreadable_files: Vec::new(),
        };
        let assets = self.assets.values().map(|(asset, _)| asset.clone()).collect();
        Site::place(self.config.clone(), docs, left, assets, self.brand.clone())
    }

    /// Plans published documents: pairs them, places their pages, bundle files and menu.
    fn place(
        config: Config,
        docs: Vec<Arc<SourceDoc>>,
        left: Left,
        assets: Vec<Asset>,
        brand: Brand,
    ) -> (Site, Vec<Diagnostic>) {
        let (sets, mut diags) = pair(&docs, &left.unreadable_files);
        diags.extend(stray_documents(&docs));
        let index = index_docs(&docs, &sets);
        diags.extend(reserved_sections(&docs, &index.sections));
        let (pages, set_pages, page_diags) = place_pages(&docs, &index, sets.len());
        diags.extend(page_diags);
        let mut page_of_doc = vec![None; docs.len()];
        for (i, page) in pages.iter().enumerate() {
            page_of_doc[page.doc] = Some(i);
        }
        let mut site = Site {
            layout: 0,
            page_of_doc: Arc::new(page_of_doc),
            config,
            docs,
            sets: Arc::new(sets),
            pages: Arc::new(pages),
            set_pages: Arc::new(set_pages),
            sections: index.sections,
            intros: index.intros,
            by_content_path: Arc::new(index.by_content_path),
            by_stem_path: Arc::new(index.by_stem_path),
            drafts: left.drafts,
            unreadable: left.unreadable,
            publishing: left.publishing,
            assets: PlacedAssets::new(),
            brand,
            menu: Vec::new(),
        };
        let (assets, asset_diags) = place_all(&site, assets);
        site.assets = assets;
        diags.extend(asset_diags);
        let is_draft = |key: &str| site.is_draft(key);
        let sources = MenuSources {
            config: &site.config,
            docs: &site.docs,
            sets: &site.sets,
            set_pages: &site.set_pages,
            is_draft: &is_draft,
        };
        let (menu, menu_diags) = plan_menu(&sources);
        site.menu = menu;
        diags.extend(menu_diags);
        site.layout = site.layout_hash();
        (site, diags)
    }

    /// Hashes where every page of every set lives: equal hashes, equal link resolutions.
    fn layout_hash(&self) -> u64 {
        use std::hash::{Hash, Hasher};
        let mut hasher = ahash::AHasher::default();
        for page in self.pages.iter() {
            (page.set, &page.path, &page.lang).hash(&mut hasher);
        }
        for doc in &self.docs {
            let from = doc.front.translation.as_ref().map(|t| &t.from);
            (&doc.info.content_path, &doc.lang, from).hash(&mut hasher);
        }
        (&self.drafts, &self.unreadable, &self.intros.keys().collect::<Vec<_>>(), &self.config.base_path)
            .hash(&mut hasher);
        (&self.assets, &self.brand, &self.menu).hash(&mut hasher);
        hasher.finish()
    }

    /// Gives a reused plan the current documents: the same files in the same places, new text.
    pub(crate) fn refresh_docs(&mut self, config: Config, all_docs: Vec<Arc<SourceDoc>>, publishing: Publishing) {
        self.config = config;
        self.publishing = publishing;
        let flags = publishing.left_out(&all_docs).flags;
        self.docs = published(all_docs, &flags);
    }

    /// A root-relative URL (with the base path) for a path below the base.
    pub(crate) fn url(&self, path: &str) -> String {
        self.config.url(path)
    }

    /// An absolute URL for a path below the base.
    pub(crate) fn permalink(&self, path: &str) -> String {
        self.config.permalink(path)
    }

    /// The path (below the base) of a section's list in a language; `""` is the home page.
    pub(crate) fn section_path(&self, section: &str, lang: &Lang) -> String {
        section_path(section, lang)
    }

    /// The document and the page (if published) of a content file, by its content path.
    pub(crate) fn find_file(&self, content_path: &str) -> Option<(usize, Option<usize>)> {
        let &doc = self.by_content_path.get(content_path)?;
        Some((doc, self.page_of_doc[doc]))
    }

    /// The page of a document, if it is published.
    pub(crate) fn page_of(&self, doc: usize) -> Option<usize> {
        self.page_of_doc.get(doc).copied().flatten()
    }

    /// Whether a page (by its path below `content/` without language suffix) is a draft left out.
    pub(crate) fn is_draft(&self, stem_path: &str) -> bool {
        self.drafts.contains(stem_path)
    }

    /// The document of a planned page.
    pub(crate) fn doc(&self, page: &PagePlan) -> &SourceDoc {
        &self.docs[page.doc]
    }

    /// Every language version of a page's set, as page indices, in config language order.
    pub(crate) fn versions(&self, page: &PagePlan) -> Vec<usize> {
        let members = &self.set_pages[page.set];
        self.config.languages.iter().filter_map(|l| members.get(&l.code).copied()).collect()
    }

    /// The page of the set's original language, if it is published.
    pub(crate) fn original_page(&self, set: usize) -> Option<usize> {
        let lang = self.sets[set].original(&self.docs)?;
        self.set_pages[set].get(&lang).copied()
    }
}

/// The path (below the base) of a section's list in a language; `""` is the home page.
pub(crate) fn section_path(section: &str, lang: &Lang) -> String {
    if section.is_empty() { format!("{lang}/") } else { format!("{lang}/{section}/") }
}

/// Places every asset beside the page of its bundle's original (or, when the original
/// is not published, the first published version); a bundle with no published page
/// publishes nothing. Two files that would be written to one path are errors.
pub(crate) fn place_all(site: &Site, assets: Vec<Asset>) -> (PlacedAssets, Vec<Diagnostic>) {
    let mut placed = PlacedAssets::new();
    let mut diags = Vec::new();
    let mut claimed: BTreeMap<String, String> = BTreeMap::new();
    for asset in assets {
        let Some(&set) = site.by_stem_path.get(&asset.file.bundle) else { continue };
        let page = site.original_page(set).or_else(|| site.set_pages[set].values().next().copied());
        let Some(page) = page else { continue };
        let where_to = place(&asset, &site.pages[page].path, &site.config.image_widths);
        let outputs: Vec<&str> = match &where_to {
            Placed::File { path } => vec![path.as_str()],
            Placed::Image { webp, fallback } => webp.iter().chain([fallback]).map(|v| v.path.as_str()).collect(),
            Placed::Refused => Vec::new(),
        };
        let me = asset.file.path.display().to_string();
        let mut clash = None;
        let page_dir = &site.pages[page].path;
        let pages_own = [format!("{page_dir}index.html"), format!("{page_dir}parallel/index.html")];
        for out in &outputs {
            if pages_own.iter().any(|own| own == out) {
                clash = Some(format!("{me} would replace the page itself (/{out}); rename the file"));
            } else if let Some(other) = claimed.get(*out) {
                clash = Some(format!("{other} and {me} would both be written to /{out}; rename one of them"));
            }
        }
        if let Some(message) = clash {
            diags.push(Diagnostic::error(&asset.file.path, 1, 1, message));
            // Kept as refused, so that a page's link to it is not reported a second time as missing.
            placed.insert(asset.file.content_path.clone(), (asset, Placed::Refused));
            continue;
        }
        for out in outputs {
            claimed.insert(out.to_string(), me.clone());
        }
        placed.insert(asset.file.content_path.clone(), (asset, where_to));
    }
    (placed, diags)
}
