//! What each output page shows, resolved by the planner into one value per job.
//! A job's key is the hash of its inputs, and its template context is built
//! from those inputs alone (plus what every page shares, which the build
//! fingerprint covers), so a key cannot miss anything its page shows.

use std::hash::{Hash, Hasher};

use crate::plan::site::PagePlan;
use crate::read::config::Lang;
use crate::read::document::SourceDoc;
use crate::render::context::{Listed, MenuLink, NavItem, Summary};
use crate::render::markdown::RenderedBody;

/// One published language version of a briefing, with what pages show of it.
#[derive(Clone, Copy)]
pub(super) struct Version<'a> {
    /// Its index in the site's pages: what the dependency index records (never hashed).
    pub index: usize,
    pub plan: &'a PagePlan,
    pub doc: &'a SourceDoc,
    pub body: &'a RenderedBody,
    /// Its entry in lists; a pure function of the three above.
    pub summary: &'a Summary,
    /// The same entry as a template value, and its description.
    pub listed: &'a Listed,
}

impl Hash for Version<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        // A document is a pure function of its file's text, its name and the config (which
        // the build fingerprint covers); its URL stands for the name, as pages show nothing
        // else of it (and hashing a `Path` walks its components: slow on every rebuild).
        // A body is a function of the text and where its links went (its fingerprint); a
        // summary, of those. Page indices are left out on purpose: they shift when another
        // file is added, which changes nothing on this page.
        (&self.plan.lang, &self.plan.path, self.doc.text_hash, self.body.fingerprint).hash(state);
    }
}

/// A link to one language version of a list or page: what switchers and hreflang show.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) struct Link {
    pub lang: Lang,
    /// Path below the base, e.g. `hi/briefings/`.
    pub path: String,
    pub title: String,
}

/// The navigation of one language — its sections and the `[[site.menu]]` pages it has —
/// hashed once when it is made.
pub(super) struct NavList {
    items: Vec<NavItem>,
    menu: Vec<MenuLink>,
    key: u64,
}

impl NavList {
    /// No sections, no menu: the navigation of a language without any.
    pub const EMPTY: NavList = NavList { items: Vec::new(), menu: Vec::new(), key: 0 };

    /// Takes the sections and menu pages and hashes exactly them.
    pub fn new(items: Vec<NavItem>, menu: Vec<MenuLink>, hash: impl Fn(&[NavItem], &[MenuLink]) -> u64) -> NavList {
        let key = hash(&items, &menu);
        NavList { items, menu, key }
    }

    /// The hash of its sections and menu pages: equal keys, equal navigation.
    pub fn key(&self) -> u64 {
        self.key
    }
}

/// A page's navigation: a borrowed [`NavList`], hashed by its precomputed key.
#[derive(Clone, Copy)]
pub(super) struct Nav<'a>(pub &'a NavList);

impl<'a> Nav<'a> {
    /// The sections linked from the navigation.
    pub fn items(self) -> &'a [NavItem] {
        &self.0.items
    }

    /// The plain pages of `[[site.menu]]` in this language.
    pub fn menu(self) -> &'a [MenuLink] {
        &self.0.menu
    }
}

impl Hash for Nav<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.0.key.hash(state);
    }
}

/// A section's or home page's intro file and its rendered text.
#[derive(Clone, Copy)]
pub(super) struct Intro<'a> {
    pub doc: &'a SourceDoc,
    /// The intro's Markdown as HTML; a pure function of `doc`.
    pub html: &'a str,
}

impl Hash for Intro<'_> {
    fn hash<H: Hasher>(&self, state: &mut H) {
        (&self.doc.info.content_path, self.doc.text_hash).hash(state);
    }
}

/// A briefing page or its side-by-side view.
#[derive(Clone, Hash)]
pub(super) struct PageInputs<'a> {
    pub template: &'a str,
    pub page: Version<'a>,
    /// Every published language version, in config order, this one included.
    pub versions: Vec<Version<'a>>,
    /// The section's title in this language (empty for a plain page).
    pub section_title: &'a str,
    /// Briefings of this language sharing the most topics with it (at most three).
    pub related: Vec<Version<'a>>,
    pub nav: Nav<'a>,
    /// Under embargo at this build's time (shown only by `serve`, marked as scheduled).
    pub scheduled: bool,
}

impl PageInputs<'_> {
    /// Briefings with at least one other language get a side-by-side view.
    pub(crate) fn has_parallel(&self) -> bool {
        !self.page.doc.info.section.is_empty() && self.versions.len() > 1
    }
}

/// Which list a list page belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(super) enum ListId {
    Home,
    Section(String),
    Topic(String),
    Author(String),
}

/// One entry of a list page.
#[derive(Hash)]
pub(super) struct ListItem<'a> {
    pub version: Version<'a>,
    /// Shown in a language it was not translated into (`[build] fallback`).
    pub not_translated: bool,
}

/// One page of a list: home, section or topic.
#[derive(Hash)]
pub(super) struct ListInputs<'a> {
    pub template: String,
    pub lang: &'a Lang,
    pub list: ListId,
    /// The list's title in this language (site title, section title or topic name).
    pub title: String,
    pub number: usize,
    pub total: usize,
    pub items: Vec<ListItem<'a>>,
    /// This list in every language that has it.
    pub versions: Vec<Link>,
    pub intro: Option<Intro<'a>>,
    pub nav: Nav<'a>,
}

/// The topics index of one language.
#[derive(Hash)]
pub(super) struct TopicsInputs<'a> {
    pub lang: &'a Lang,
    /// Topic key and how many briefings it lists.
    pub counts: Vec<(&'a str, usize)>,
    pub versions: Vec<Link>,
    pub nav: Nav<'a>,
}

/// The search page of one language (`[search] enabled`).
#[derive(Hash)]
pub(super) struct SearchInputs<'a> {
    pub lang: &'a Lang,
    /// Keys of the topics that have briefings in this language: the topic filter's choices.
    pub topics: Vec<&'a str>,
    /// The folders of the language's index parts, newest first.
    pub parts: Vec<String>,
    /// Whether the page asks for the index of recent edits (serve).
    pub edits: bool,
    pub versions: Vec<Link>,
    pub nav: Nav<'a>,
}

/// The corrections page of one language: its pages that carry corrections.
#[derive(Hash)]
pub(super) struct CorrectionsInputs<'a> {
    pub lang: &'a Lang,
    pub pages: Vec<Version<'a>>,
    pub versions: Vec<Link>,
    pub nav: Nav<'a>,
}

/// What one job shows, by page kind.
#[derive(Hash)]
pub(super) enum JobInputs<'a> {
    Page(PageInputs<'a>),
    Parallel(PageInputs<'a>),
    List(ListInputs<'a>),
    Topics(TopicsInputs<'a>),
    Search(SearchInputs<'a>),
    Corrections(CorrectionsInputs<'a>),
    /// The root language chooser and the root 404 page: the default language's navigation.
    Root(Nav<'a>),
    RootNotFound(Nav<'a>),
    /// One language's 404 page, with its navigation.
    NotFound(&'a Lang, Nav<'a>),
}

/// The template of the site-wide corrections page; a theme without it has no such page.
pub(crate) const CORRECTIONS_TEMPLATE: &str = "corrections.html";

/// The template of the not-found page at the site's root; optional, as the default
/// language's `404.html` answers there without it.
pub(crate) const ROOT_NOT_FOUND_TEMPLATE: &str = "root_404.html";

impl JobInputs<'_> {
    /// The template that renders this job.
    pub(crate) fn template(&self) -> &str {
        match self {
            JobInputs::Page(p) => p.template,
            JobInputs::Parallel(_) => "parallel.html",
            JobInputs::List(l) => &l.template,
            JobInputs::Topics(_) => "topics.html",
            JobInputs::Search(_) => "search.html",
            JobInputs::Corrections(_) => CORRECTIONS_TEMPLATE,
            JobInputs::Root(_) => "root.html",
            JobInputs::RootNotFound(_) => ROOT_NOT_FOUND_TEMPLATE,
            JobInputs::NotFound(..) => "404.html",
        }
    }

    /// The pages whose text this job shows: what an edit to one of them must re-render.
    /// Topics, search, root and 404 pages show only lists and navigation, which edits to
    /// the text alone leave as they are.
    pub(crate) fn pages_shown(&self) -> Vec<usize> {
        match self {
            JobInputs::Page(p) | JobInputs::Parallel(p) => {
                let related = p.related.iter();
                std::iter::once(&p.page).chain(&p.versions).chain(related).map(|v| v.index).collect()
            }
            JobInputs::List(l) => l.items.iter().map(|i| i.version.index).collect(),
            JobInputs::Corrections(c) => c.pages.iter().map(|v| v.index).collect(),
            JobInputs::Topics(_)
            | JobInputs::Search(_)
            | JobInputs::Root(_)
            | JobInputs::RootNotFound(_)
            | JobInputs::NotFound(..) => Vec::new(),
        }
    }

    /// The content file a problem with this job is blamed on, if there is one.
    pub(crate) fn blame(&self) -> Option<&SourceDoc> {
        match self {
            JobInputs::Page(p) | JobInputs::Parallel(p) => Some(p.page.doc),
            JobInputs::List(l) => l.intro.map(|i| i.doc),
            JobInputs::Corrections(_)
            | JobInputs::Topics(_)
            | JobInputs::Search(_)
            | JobInputs::Root(_)
            | JobInputs::RootNotFound(_)
            | JobInputs::NotFound(..) => None,
        }
    }
}
