//! Renders the planned site through the theme's templates. Every output page is
//! first planned as a job whose inputs hold everything it shows; the job's key is
//! the hash of those inputs, and a job whose key the last build's page has is not
//! rendered again. What a render leaves for the next is one [`LastRender`]. Writes
//! no files.

pub(crate) mod body;
pub(crate) mod card_theme;
pub mod feeds;
pub(crate) mod file_source;
pub mod fingerprint;
pub(crate) mod i18n;
pub mod locale;
pub mod markdown;
pub(crate) mod news_sitemap;
pub mod pictures;
pub mod raw_html;
pub mod shortcodes;
pub mod theme;

mod affected;
pub(crate) mod aligned;
mod allowlist;
mod anchors;
mod blocks;
mod context;
mod inputs;
mod jobs;
mod lists;
pub(crate) mod notes;
mod pages;
mod plan;
mod removals;
mod reuse;
mod shared;
mod sink;
mod structured;
pub(crate) use structured::script_data;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, ErrorKind};

use crate::diagnostic::Diagnostic;
use crate::plan::links::LinkTarget;
use crate::plan::site::Site;
use crate::read::config::{Config, Lang, Language};
use crate::read::document::SourceDoc;
use crate::render::locale::{digits, format_date, format_moment, reading_minutes};
use crate::render::markdown::{RenderedBody, escape};
use crate::render::theme::Theme;
use crate::text::hash_of;
use context::*;
use inputs::*;
pub(crate) use jobs::{findings, render_site};
use lists::{ListIndex, page_count, page_path, page_range};
use notes::MissingString;
use plan::Recipe;
pub(crate) use reuse::{Edited, LastRender, rerender};
pub(crate) use sink::{Content, Discard, OutputTree, PageSink};

/// One URL of the site for the sitemap, with its language versions.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct SitemapEntry {
    pub permalink: String,
    pub lastmod: Option<String>,
    /// (language, permalink) of every language version, itself included.
    pub alternates: Vec<(String, String)>,
    /// The version for readers whose language is none of them.
    pub x_default: Option<String>,
}

/// One page of a build: the key of its inputs, its bytes if the sink kept them, and
/// what its templates noticed.
#[derive(Debug, Clone)]
pub(crate) struct PageOutput {
    pub key: u64,
    /// Kept by serve's sink, which holds the site in memory; `None` when the sink wrote
    /// them out (`build`) or dropped them (`check`).
    pub bytes: Option<Arc<[u8]>>,
    /// `None` when the templates noticed nothing.
    pub notes: Option<Arc<PageNotes>>,
}

/// What a page's templates noticed while it rendered, as the build reports it.
#[derive(Debug, Default)]
pub(crate) struct PageNotes {
    /// UI strings they asked for and the theme does not have.
    pub missing_strings: Vec<MissingString>,
    /// Their `warning(message=…)` calls, at the page's source file (or the template).
    pub warnings: Vec<Diagnostic>,
}

/// Every page of a build, by output path. A persistent map: serve keeps the last one
/// published while a patch makes the next, and copying it costs nothing.
pub(crate) type OutputCache =
    imbl::GenericHashMap<String, PageOutput, ahash::RandomState, imbl::shared_ptr::DefaultSharedPtr>;

pub(crate) use context::{Listed, Summary};

/// What a render made: the state the next render resumes from, and what went wrong.
pub(crate) struct Rendered {
    /// Every page that rendered, and what the render computed for the whole site.
    pub state: LastRender,
    /// The pages that would not render: one error per cause.
    pub broken: Vec<Diagnostic>,
    /// How many pages were rendered now rather than taken from the last build.
    pub rendered: usize,
    /// Whether a sitemap entry differs from the last build's (or there was none).
    pub sitemap_changed: bool,
}

/// One output page to make: where, what it shows, the key of that, and how to plan it again.
struct Job<'a> {
    path: String,
    inputs: JobInputs<'a>,
    key: u64,
    recipe: Recipe,
}

/// Content pages per language, in config order, for the build summary.
pub(crate) fn pages_per_language(site: &Site) -> Vec<(String, usize)> {
    site.config
        .languages
        .iter()
        .map(|l| (l.code.to_string(), site.pages.iter().filter(|p| p.lang == l.code).count()))
        .collect()
}

/// What every page of a build shares: the config, the theme and the `site`
/// variable per language. The build fingerprint covers all of it, so context
/// builders may read it freely; anything page-specific comes from job inputs.
struct Shared<'a> {
    config: &'a Config,
    theme: &'a Theme,
    /// The logo, favicons and photos, with where each is published.
    brand: &'a crate::plan::brand::Brand,
    site_contexts: BTreeMap<Lang, SiteContext>,
    /// Side-by-side alignments, each a pure function of its set's versions, made by the first view.
    aligned: aligned::AlignedSets,
}

/// The theme's names for sections that have no `_index` file in a language.
fn section_names(site: &Site, theme: &Theme) -> HashMap<(String, Lang), String> {
    let mut names = HashMap::new();
    for section in &site.sections {
        let folder = section.rsplit('/').next().unwrap_or(section);
        for language in &site.config.languages {
            let key = (section.clone(), language.code.clone());
            if !site.intros.contains_key(&key)
                && let Some(name) = theme.i18n.own(language.code.as_str(), &format!("section_{folder}"))
            {
                names.insert(key, name);
            }
        }
    }
    names
}

/// Sections that show in a language's navigation under their folder name, because they
/// have no `_index` file in that language and the theme no `section_<folder>` string:
/// one warning each, on the section's first page of that language.
pub(crate) fn unnamed_sections(site: &Site, theme: &Theme) -> Vec<Diagnostic> {
    let names = section_names(site, theme);
    let mut warned = std::collections::HashSet::new();
    let mut diags = Vec::new();
    for page in site.pages.iter() {
        let doc = site.doc(page);
        let section = &doc.info.section;
        let key = (section.clone(), page.lang.clone());
        if section.is_empty() || site.intros.contains_key(&key) || names.contains_key(&key) || !warned.insert(key) {
            continue;
        }
        let folder = section.rsplit('/').next().unwrap_or(section);
        let language = &site.config.language(&page.lang).name;
        diags.push(doc.warning_at(
            doc.front.at.front,
            format!(
                "section `{section}` has no content/{section}/_index.{}.md, so {language} navigation calls it \
                 `{folder}`: add that file with a `title`, or a `section_{folder}` UI string to the theme",
                page.lang
            ),
        ));
    }
    diags
}

/// The planner: the site, its bodies and what is computed once per build.
struct Renderer<'a> {
    site: &'a Site,
    bodies: &'a [Arc<RenderedBody>],
    shared: Shared<'a>,
    fingerprint: u64,
    /// Per page: the key of its summary's inputs, and the summary.
    summaries: Vec<(u64, Arc<Listed>)>,
    /// Names from the theme's UI strings (`section_<folder>`) of sections without an intro.
    section_names: HashMap<(String, Lang), String>,
    lists: ListIndex,
    nav: BTreeMap<Lang, NavList>,
    /// Section intros rendered once: (section, language) → HTML.
    intros: BTreeMap<(String, Lang), String>,
    /// The parts of the search index, made when a search page is first planned.
    search_parts: std::sync::OnceLock<Vec<crate::plan::search_parts::SearchPart>>,
}

impl<'a> Renderer<'a> {
    fn new(
        site: &'a Site,
        bodies: &'a [Arc<RenderedBody>],
        theme: &'a Theme,
        fingerprint: u64,
        last: Option<&LastRender>,
    ) -> Self {
        let shared = Shared::new(site, theme);
        // What every page shows of the brand files (their sizes, which icons exist) is shared
        // like the theme, but comes from the site's files: the key covers it.
        let fingerprint = hash_of((fingerprint, &site.brand));
        // The last render's summaries by key: a key covers the page's path, so it finds a
        // summary wherever the page stood in that build.
        let last_summaries = last.map_or(&[][..], |l| l.summaries());
        let by_key: HashMap<u64, usize, ahash::RandomState> =
            last_summaries.iter().enumerate().map(|(i, (key, _))| (*key, i)).collect();
        let summaries = (0..site.pages.len())
            .into_par_iter()
            .map(|i| {
                let plan = &site.pages[i];
                let key = summary_key(site, bodies, fingerprint, i);
                match by_key.get(&key) {
                    Some(&at) => (key, Arc::clone(&last_summaries[at].1)),
                    None => (key, Arc::new(Listed::new(shared.summary(plan, site.doc(plan), &bodies[i])))),
                }
            })
            .collect();
        let intros = site
            .intros
            .iter()
            .map(|(at, &d)| {
                (
                    at.clone(),
                    markdown::render(site.docs[d].body(), &|_| LinkTarget::External, site.config.raw_html).body.html,
                )
            })
            .collect();
        let mut r = Renderer {
            site,
            bodies,
            shared,
            fingerprint,
            summaries,
            section_names: section_names(site, theme),
            lists: ListIndex::new(site),
            nav: BTreeMap::new(),
            intros,
            search_parts: std::sync::OnceLock::new(),
        };
        if let Some(last) = last {
            let rank = r.lists.rank.clone();
            r.lists.reuse_related(last.lists(), Some, |page| last.lists().rank.get(page) == rank.get(page));
        }
        r.nav = r.navigation();
        r
    }

    /// Every language's navigation: its sections (by the lists) and its menu pages.
    fn navigation(&self) -> BTreeMap<Lang, NavList> {
        let site = self.site;
        let mut navigation = BTreeMap::new();
        for language in &site.config.languages {
            let lang = &language.code;
            let nav: Vec<NavItem> = site
                .sections
                .iter()
                .filter(|s| self.section_exists(s, lang))
                .map(|s| NavItem {
                    key: s.clone(),
                    title: self.section_title(s, lang).to_string(),
                    url: site.url(&site.section_path(s, lang)),
                })
                .collect();
            let menu = self.menu(lang);
            navigation.insert(lang.clone(), NavList::new(nav, menu, |items, menu| hash_of((items, menu))));
        }
        navigation
    }

    /// The `[[site.menu]]` pages this language has, each by its title here.
    fn menu(&self, lang: &Lang) -> Vec<MenuLink> {
        let site = self.site;
        site.menu
            .iter()
            .filter_map(|m| {
                let &page = site.set_pages[m.set].get(lang)?;
                let plan = &site.pages[page];
                Some(MenuLink {
                    key: m.key.clone(),
                    title: site.doc(plan).front.title.clone(),
                    url: site.url(&plan.path),
                })
            })
            .collect()
    }

    /// The navigation of a language, with its hash.
    fn nav(&self, lang: &Lang) -> Nav<'_> {
        static NO_SECTIONS: NavList = NavList::EMPTY;
        Nav(self.nav.get(lang).unwrap_or(&NO_SECTIONS))
    }

    /// One published page with what pages show of it.
    fn version(&self, index: usize) -> Version<'_> {
        let plan = &self.site.pages[index];
        let listed = &self.summaries[index].1;
        Version { index, plan, doc: self.site.doc(plan), body: &self.bodies[index], summary: &listed.summary, listed }
    }

    /// A section's title in a language: its intro's title, else the folder name.
    fn section_title<'s>(&'s self, section: &'s str, lang: &Lang) -> &'s str {
        let key = (section.to_string(), lang.clone());
        match self.site.intros.get(&key) {
            Some(&d) => &self.site.docs[d].front.title,
            None => match self.section_names.get(&key) {
                Some(name) => name,
                None => section.rsplit('/').next().unwrap_or(section),
            },
        }
    }

    fn section_exists(&self, section: &str, lang: &Lang) -> bool {
        self.has_section(&self.lists, section, lang)
    }

    /// The intro file of a section (`""`: the home page) in a language.
    fn intro(&self, section: &str, lang: &Lang) -> Option<Intro<'_>> {
        let at = (section.to_string(), lang.clone());
        let &d = self.site.intros.get(&at)?;
        Some(Intro { doc: &self.site.docs[d], html: self.intros.get(&at).map_or("", String::as_str) })
    }
}

/// What a page's summary is made from: its text, its body and its URL (with the build's fingerprint).
fn summary_key(site: &Site, bodies: &[Arc<RenderedBody>], fingerprint: u64, index: usize) -> u64 {
    let plan = &site.pages[index];
    hash_of((fingerprint, site.doc(plan).text_hash, bodies[index].fingerprint, &plan.path))
}
