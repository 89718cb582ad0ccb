//! Renders the planned site through the theme's templates. Every output page is
//! first planned as a [`Job`] with a key that hashes everything it shows; a job
//! whose key is in the [`OutputCache`] is not rendered again. Writes no files.

mod context;
mod lists;

use std::collections::{BTreeMap, HashMap};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, ErrorKind};

use crate::config::{Lang, Language};
use crate::diagnostic::{Diagnostic, line_col};
use crate::locale::{digits, format_date, reading_minutes};
use crate::markdown::{LinkTarget, RenderedBody, escape};
use crate::site::Site;
use crate::theme::Theme;
use context::*;
use lists::{Item, ListIndex, page_path, pages};

/// One URL of the site for the sitemap, with its language versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    pub permalink: String,
    pub lastmod: Option<String>,
    /// (language, permalink) of every language version, itself included.
    pub alternates: Vec<(String, String)>,
}

/// Rendered pages kept between rebuilds: output path → (job key, bytes).
pub type OutputCache = HashMap<String, (u64, Arc<[u8]>)>;

/// List summaries kept between rebuilds: page path → (key, summary).
pub type SummaryCache = HashMap<String, (u64, Arc<Summary>)>;

pub use context::Summary;

/// What rendering produced.
pub struct Rendered {
    /// Output path → (key, bytes) of the pages the sink kept.
    pub pages: OutputCache,
    pub sitemap: Vec<SitemapEntry>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many pages were rendered now rather than taken from the cache.
    pub rendered: usize,
    /// The output path of every page, sorted.
    pub paths: Vec<String>,
    /// The summaries of this build, for the next one.
    pub summaries: SummaryCache,
}

/// A page's key, its bytes if the sink keeps them, and whether it was rendered now (not cached).
type Made = (u64, Option<Arc<[u8]>>, bool);

/// Which list a list page belongs to.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum ListId {
    Home,
    Section(String),
    Topic(String),
}

#[derive(Debug, Clone)]
enum JobKind {
    Page(usize),
    Parallel(usize),
    List { lang: Lang, list: ListId, number: usize },
    Topics(Lang),
    Root,
    NotFound,
}

/// One output page to make: where, with which template, and the key of its inputs.
struct Job {
    path: String,
    template: String,
    kind: JobKind,
    key: u64,
}

/// Where rendered pages go: the build streams them to disk, serve keeps them in memory.
pub trait PageSink: Sync {
    /// Takes a freshly rendered page; returning the bytes keeps them for the next rebuild.
    fn fresh(&self, path: &str, bytes: Vec<u8>) -> Result<Option<Arc<[u8]>>, String>;
    /// Takes a page the previous build rendered with the same key.
    fn cached(&self, path: &str, bytes: &Arc<[u8]>) -> Result<(), String>;
}

/// A sink that keeps nothing (for `check`, which renders only to find errors).
pub struct Discard;

impl PageSink for Discard {
    fn fresh(&self, _: &str, _: Vec<u8>) -> Result<Option<Arc<[u8]>>, String> {
        Ok(None)
    }
    fn cached(&self, _: &str, _: &Arc<[u8]>) -> Result<(), String> {
        Ok(())
    }
}

/// Renders every page, list, topic page, root chooser and 404 of the site into `sink`.
///
/// `fingerprint` covers what is the same for every page (config, theme); `cache`
/// holds the previous build's pages and is consulted by key, so that only pages
/// whose inputs changed are rendered again. Pages are handed over as they are
/// made, so a build never holds the whole site in memory.
pub fn render_site(
    site: &Site,
    bodies: &[Arc<RenderedBody>],
    theme: &Theme,
    fingerprint: u64,
    cache: &OutputCache,
    summaries: &SummaryCache,
    sink: &dyn PageSink,
) -> Rendered {
    let r = Renderer::new(site, bodies, theme, fingerprint, summaries);
    let (jobs, sitemap) = r.plan();
    let results: Vec<(String, Result<Made, Diagnostic>)> = jobs
        .into_par_iter()
        .map(|job| {
            let io_error = |e: String| Diagnostic::error(&job.path, 1, 1, format!("cannot write the page: {e}"));
            if let Some((key, bytes)) = cache.get(&job.path)
                && *key == job.key
            {
                let result =
                    sink.cached(&job.path, bytes).map(|()| (*key, Some(Arc::clone(bytes)), false)).map_err(io_error);
                return (job.path, result);
            }
            let result = r
                .run(&job)
                .and_then(|bytes| sink.fresh(&job.path, bytes).map_err(io_error))
                .map(|kept| (job.key, kept, true));
            (job.path, result)
        })
        .collect();
    let summaries =
        site.pages.iter().zip(&r.summaries).map(|(p, (key, s))| (p.path.clone(), (*key, Arc::clone(s)))).collect();
    let mut out =
        Rendered { pages: HashMap::new(), sitemap, diagnostics: Vec::new(), rendered: 0, paths: Vec::new(), summaries };
    for (path, result) in results {
        match result {
            Ok((key, kept, fresh)) => {
                out.rendered += usize::from(fresh);
                if let Some(bytes) = kept {
                    out.pages.insert(path.clone(), (key, bytes));
                }
                out.paths.push(path);
            }
            Err(d) => out.diagnostics.push(d),
        }
    }
    out.diagnostics.extend(theme.i18n.missing_warnings(&theme.dir_shown));
    out.sitemap.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    out.paths.sort();
    out
}

/// Content pages per language, in config order, for the build summary.
pub fn pages_per_language(site: &Site) -> Vec<(String, usize)> {
    site.config
        .languages
        .iter()
        .map(|l| (l.code.to_string(), site.pages.iter().filter(|p| p.lang == l.code).count()))
        .collect()
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = DefaultHasher::new();
    value.hash(&mut h);
    h.finish()
}

fn plain_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    let text = out.split_whitespace().collect::<Vec<_>>().join(" ");
    text.replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
}

fn shorten(text: &str, max_chars: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    // Cut at whole graphemes so that a conjunct is never split.
    let mut out = String::new();
    for g in text.graphemes(true) {
        if out.chars().count() + g.chars().count() > max_chars {
            break;
        }
        out.push_str(g);
    }
    format!("{}…", out.trim_end())
}

/// The page numbers a paginator shows: the first, the last, and two either side of the current.
fn paginator_window(current: usize, total: usize) -> Vec<usize> {
    let mut pages: Vec<usize> =
        [1, total].into_iter().chain(current.saturating_sub(2).max(1)..=(current + 2).min(total)).collect();
    pages.sort_unstable();
    pages.dedup();
    pages
}

/// A body's blocks grouped into sections, each starting at a heading (the first may be an intro).
fn split_sections(body: &RenderedBody) -> Vec<Vec<&str>> {
    let mut sections: Vec<Vec<&str>> = Vec::new();
    for (i, &(start, heading)) in body.blocks.iter().enumerate() {
        let end = body.blocks.get(i + 1).map_or(body.html.len(), |b| b.0);
        let html = body.html[start..end].trim_end();
        // `<!-- more -->` and other comments are blocks with nothing to read side by side.
        if html.starts_with("<!--") && html.ends_with("-->") {
            continue;
        }
        if heading || sections.is_empty() {
            sections.push(Vec::new());
        }
        if let Some(last) = sections.last_mut() {
            last.push(html);
        }
    }
    sections
}

/// (language, path, title) of one version of a page.
type Version = (Lang, String, String);

struct Renderer<'a> {
    site: &'a Site,
    bodies: &'a [Arc<RenderedBody>],
    theme: &'a Theme,
    fingerprint: u64,
    /// Per page: the key of its summary's inputs, and the summary.
    summaries: Vec<(u64, Arc<Summary>)>,
    lists: ListIndex,
    site_contexts: BTreeMap<Lang, SiteContext>,
    nav: BTreeMap<Lang, Vec<NavItem>>,
    nav_keys: BTreeMap<Lang, u64>,
    /// Section intros rendered once: (section, language) → HTML.
    intros: BTreeMap<(String, Lang), String>,
}

impl<'a> Renderer<'a> {
    fn new(
        site: &'a Site,
        bodies: &'a [Arc<RenderedBody>],
        theme: &'a Theme,
        fingerprint: u64,
        previous: &SummaryCache,
    ) -> Self {
        let mut r = Renderer {
            site,
            bodies,
            theme,
            fingerprint,
            summaries: Vec::new(),
            lists: ListIndex::new(site),
            site_contexts: BTreeMap::new(),
            nav: BTreeMap::new(),
            nav_keys: BTreeMap::new(),
            intros: BTreeMap::new(),
        };
        r.summaries = (0..site.pages.len())
            .into_par_iter()
            .map(|i| {
                let plan = &site.pages[i];
                let key = hash_of((fingerprint, site.doc(plan).text_hash, bodies[i].fingerprint, &plan.path));
                match previous.get(&plan.path) {
                    Some((k, s)) if *k == key => (key, Arc::clone(s)),
                    _ => (key, Arc::new(r.summary(i))),
                }
            })
            .collect();
        for language in &site.config.languages {
            let lang = &language.code;
            r.site_contexts.insert(lang.clone(), r.site_context(lang));
            let nav: Vec<NavItem> = site
                .sections
                .iter()
                .filter(|s| r.section_exists(s, lang))
                .map(|s| NavItem {
                    key: s.clone(),
                    title: r.section_title(s, lang),
                    url: site.url(&site.section_path(s, lang)),
                })
                .collect();
            r.nav_keys.insert(lang.clone(), hash_of(&nav));
            r.nav.insert(lang.clone(), nav);
        }
        for ((section, lang), &d) in &site.intros {
            let (body, _) = crate::markdown::render(site.docs[d].body(), &|_| LinkTarget::External);
            r.intros.insert((section.clone(), lang.clone()), body.html);
        }
        r
    }

    fn language(&self, lang: &Lang) -> &'a Language {
        self.site.config.language(lang)
    }

    fn ui(&self, lang: &Lang, key: &str, values: &[(&str, &str)]) -> String {
        self.theme.i18n.fill(lang.as_str(), key, values)
    }

    fn topic_name(&self, key: &str, lang: &Lang) -> String {
        let names = self.site.config.topics.get(key);
        names
            .and_then(|m| m.get(lang).or_else(|| m.get(&self.site.config.default_language)))
            .cloned()
            .unwrap_or_else(|| key.to_string())
    }

    fn topic_link(&self, key: &str, lang: &Lang) -> TopicLink {
        TopicLink {
            key: key.to_string(),
            name: self.topic_name(key, lang),
            url: self.site.url(&format!("{lang}/topics/{key}/")),
        }
    }

    fn summary(&self, index: usize) -> Summary {
        let plan = &self.site.pages[index];
        let doc = self.site.doc(plan);
        let language = self.language(&plan.lang);
        let body = &self.bodies[index];
        let minutes = reading_minutes(body.word_count, language).to_string();
        Summary {
            title: doc.front.title.clone(),
            url: self.site.url(&plan.path),
            permalink: self.site.permalink(&plan.path),
            lang: plan.lang.to_string(),
            date: doc.front.date.as_ref().map(|d| d.day.to_string()).unwrap_or_default(),
            date_display: doc.front.date.as_ref().map(|d| format_date(d.day, language)).unwrap_or_default(),
            summary: match &doc.front.summary {
                Some(s) => format!("<p>{}</p>", escape(s)),
                None => body.summary_html.clone(),
            },
            reading_time: self.ui(&plan.lang, "reading_time", &[("minutes", &digits(&minutes, language))]),
            topics: doc.front.topics.iter().map(|t| self.topic_link(t, &plan.lang)).collect(),
            authors: doc.front.authors.clone(),
            not_translated: false,
        }
    }

    fn site_context(&self, lang: &Lang) -> SiteContext {
        let config = &self.site.config;
        SiteContext {
            base_url: config.base_url.clone(),
            base_path: config.base_path.clone(),
            default_language: config.default_language.to_string(),
            languages: config
                .languages
                .iter()
                .map(|l| LanguageLink {
                    code: l.code.to_string(),
                    name: l.name.clone(),
                    title: l.title.clone(),
                    description: l.description.clone(),
                    direction: l.direction,
                    home_url: self.site.url(&format!("{}/", l.code)),
                })
                .collect(),
            feed_url: self.site.url(&format!("{lang}/atom.xml")),
        }
    }

    fn section_title(&self, section: &str, lang: &Lang) -> String {
        match self.site.intros.get(&(section.to_string(), lang.clone())) {
            Some(&d) => self.site.docs[d].front.title.clone(),
            None => section.rsplit('/').next().unwrap_or(section).to_string(),
        }
    }

    fn section_exists(&self, section: &str, lang: &Lang) -> bool {
        self.site.intros.contains_key(&(section.to_string(), lang.clone()))
            || self.lists.of(lang).sections.contains_key(section)
    }

    fn intro_key(&self, section: &str, lang: &Lang) -> u64 {
        self.site.intros.get(&(section.to_string(), lang.clone())).map_or(0, |&d| self.site.docs[d].text_hash)
    }

    /// Builds the shared variables of a page whose language versions are `versions`.
    fn common(
        &'a self,
        lang: &'a Lang,
        path: &str,
        title: Option<&str>,
        description: String,
        og_type: &'static str,
        versions: &[Version],
    ) -> Common<'a> {
        let language = self.language(lang);
        let alternates: Vec<Alternate> = versions
            .iter()
            .map(|(l, p, t)| Alternate {
                lang: l.to_string(),
                name: self.language(l).name.clone(),
                url: self.site.url(p),
                permalink: self.site.permalink(p),
                title: t.clone(),
                is_current: l == lang,
            })
            .collect();
        let default = &self.site.config.default_language;
        let x_default = alternates
            .iter()
            .find(|a| a.lang == default.as_str())
            .or_else(|| alternates.first())
            .map_or_else(|| self.site.permalink(path), |a| a.permalink.clone());
        Common {
            lang: lang.as_str(),
            language,
            site: &self.site_contexts[lang],
            page_title: match title {
                Some(t) if t != language.title => format!("{t} — {}", language.title),
                _ => language.title.clone(),
            },
            description: if description.is_empty() { language.description.clone() } else { description },
            canonical: self.site.permalink(path),
            og_type,
            alternates,
            x_default,
            home_url: self.site.url(&format!("{lang}/")),
            topics_url: self.site.url(&format!("{lang}/topics/")),
            nav: &self.nav[lang],
        }
    }

    fn page_versions(&self, index: usize) -> Vec<Version> {
        let plan = &self.site.pages[index];
        self.site
            .versions(plan)
            .into_iter()
            .map(|p| {
                let other = &self.site.pages[p];
                (other.lang.clone(), other.path.clone(), self.site.doc(other).front.title.clone())
            })
            .collect()
    }

    fn list_versions(&self, list: &ListId) -> Vec<Version> {
        self.site
            .config
            .languages
            .iter()
            .map(|l| &l.code)
            .filter_map(|l| {
                let lists = self.lists.of(l);
                match list {
                    ListId::Home => Some((l.clone(), format!("{l}/"), self.language(l).title.clone())),
                    ListId::Section(s) => self
                        .section_exists(s, l)
                        .then(|| (l.clone(), self.site.section_path(s, l), self.section_title(s, l))),
                    ListId::Topic(t) => lists
                        .topics
                        .contains_key(t)
                        .then(|| (l.clone(), format!("{l}/topics/{t}/"), self.topic_name(t, l))),
                }
            })
            .collect()
    }

    fn list_items(&self, lang: &Lang, list: &ListId) -> &[Item] {
        let lists = self.lists.of(lang);
        match list {
            ListId::Home => &lists.home,
            ListId::Section(s) => lists.sections.get(s).map_or(&[], Vec::as_slice),
            ListId::Topic(t) => lists.topics.get(t).map_or(&[], Vec::as_slice),
        }
    }

    fn list_base(&self, lang: &Lang, list: &ListId) -> String {
        match list {
            ListId::Home => format!("{lang}/"),
            ListId::Section(s) => self.site.section_path(s, lang),
            ListId::Topic(t) => format!("{lang}/topics/{t}/"),
        }
    }

    fn sitemap_entry(&self, path: &str, lastmod: Option<String>, versions: &[Version]) -> SitemapEntry {
        SitemapEntry {
            permalink: self.site.permalink(path),
            lastmod,
            alternates: versions.iter().map(|(l, p, _)| (l.to_string(), self.site.permalink(p))).collect(),
        }
    }

    /// Lists every output page with its key, and the sitemap.
    fn plan(&self) -> (Vec<Job>, Vec<SitemapEntry>) {
        let mut jobs = Vec::new();
        let mut sitemap = Vec::new();
        for (index, plan) in self.site.pages.iter().enumerate() {
            let doc = self.site.doc(plan);
            let template = doc
                .front
                .template
                .clone()
                .unwrap_or_else(|| if doc.section.is_empty() { "plain.html" } else { "page.html" }.to_string());
            let versions: Vec<(&str, u64, u64)> = self
                .site
                .versions(plan)
                .into_iter()
                .map(|p| {
                    (
                        self.site.pages[p].path.as_str(),
                        self.site.doc(&self.site.pages[p]).text_hash,
                        self.bodies[p].fingerprint,
                    )
                })
                .collect();
            let key = hash_of((
                self.fingerprint,
                self.nav_keys[&plan.lang],
                &template,
                &plan.path,
                versions,
                self.intro_key(&doc.section, &plan.lang),
            ));
            let lastmod = doc.front.updated.as_ref().or(doc.front.date.as_ref()).map(|d| d.day.to_string());
            sitemap.push(self.sitemap_entry(&plan.path, lastmod, &self.page_versions(index)));
            jobs.push(Job { path: format!("{}index.html", plan.path), template, kind: JobKind::Page(index), key });
            if self.has_parallel(index) {
                jobs.push(Job {
                    path: format!("{}parallel/index.html", plan.path),
                    template: "parallel.html".into(),
                    kind: JobKind::Parallel(index),
                    key: key ^ hash_of("parallel"),
                });
            }
        }
        for language in &self.site.config.languages {
            let lang = &language.code;
            let lists = self.lists.of(lang);
            let mut ids = vec![ListId::Home];
            ids.extend(
                self.site.sections.iter().filter(|s| self.section_exists(s, lang)).map(|s| ListId::Section(s.clone())),
            );
            ids.extend(lists.topics.keys().map(|t| ListId::Topic(t.clone())));
            for list in ids {
                let template = match &list {
                    ListId::Home => self.intro_template("", lang).unwrap_or_else(|| "home.html".into()),
                    ListId::Section(s) => self.intro_template(s, lang).unwrap_or_else(|| "section.html".into()),
                    ListId::Topic(_) => "topic.html".into(),
                };
                let items = self.list_items(lang, &list);
                let base = self.list_base(lang, &list);
                let versions = self.list_versions(&list);
                let versions_key = hash_of(versions.iter().map(|(l, p, t)| (l, p, t)).collect::<Vec<_>>());
                let intro_key = match &list {
                    ListId::Home => self.intro_key("", lang),
                    ListId::Section(s) => self.intro_key(s, lang),
                    ListId::Topic(_) => 0,
                };
                let all_pages = pages(items.len(), self.site.config.paginate);
                let total = all_pages.len();
                for (number, range) in all_pages {
                    let shown: Vec<(u64, u64, &str, bool)> = items[range]
                        .iter()
                        .map(|i| {
                            let p = &self.site.pages[i.page];
                            (
                                self.site.doc(p).text_hash,
                                self.bodies[i.page].fingerprint,
                                p.path.as_str(),
                                i.not_translated,
                            )
                        })
                        .collect();
                    let path = page_path(&base, number);
                    let key = hash_of((
                        self.fingerprint,
                        self.nav_keys[lang],
                        &template,
                        &path,
                        &list,
                        number,
                        total,
                        shown,
                        versions_key,
                        intro_key,
                    ));
                    if number == 1 {
                        sitemap.push(self.sitemap_entry(&path, None, &versions));
                    }
                    jobs.push(Job {
                        path: format!("{path}index.html"),
                        template: template.clone(),
                        kind: JobKind::List { lang: lang.clone(), list: list.clone(), number },
                        key,
                    });
                }
            }
            let topics_path = format!("{lang}/topics/");
            let counts: Vec<(&String, usize)> = lists.topics.iter().map(|(k, v)| (k, v.len())).collect();
            let key = hash_of((self.fingerprint, self.nav_keys[lang], "topics", lang, counts));
            sitemap.push(self.sitemap_entry(&topics_path, None, &self.topics_versions()));
            jobs.push(Job {
                path: format!("{topics_path}index.html"),
                template: "topics.html".into(),
                kind: JobKind::Topics(lang.clone()),
                key,
            });
        }
        let root_key = hash_of((self.fingerprint, "root", &self.nav_keys));
        jobs.push(Job { path: "index.html".into(), template: "root.html".into(), kind: JobKind::Root, key: root_key });
        jobs.push(Job {
            path: "404.html".into(),
            template: "404.html".into(),
            kind: JobKind::NotFound,
            key: root_key ^ 0x404,
        });
        (jobs, sitemap)
    }

    /// Briefings with at least one other language get a side-by-side view.
    fn has_parallel(&self, index: usize) -> bool {
        let plan = &self.site.pages[index];
        !self.site.doc(plan).section.is_empty() && self.site.set_pages[plan.set].len() > 1
    }

    fn parallel_context(&'a self, index: usize) -> ParallelContext<'a> {
        let plan = &self.site.pages[index];
        let mut order = vec![index];
        order.extend(self.site.versions(plan).into_iter().filter(|&p| p != index));
        let columns = order
            .iter()
            .map(|&p| {
                let page = &self.site.pages[p];
                let language = self.language(&page.lang);
                ParallelColumn {
                    lang: page.lang.to_string(),
                    name: language.name.clone(),
                    title: self.site.doc(page).front.title.clone(),
                    url: self.site.url(&page.path),
                    direction: language.direction,
                    is_current: p == index,
                }
            })
            .collect();
        // Each version as sections (split at headings), each section a list of block HTML.
        let sections: Vec<Vec<Vec<&str>>> = order.iter().map(|&p| split_sections(&self.bodies[p])).collect();
        let section_count = sections.iter().map(Vec::len).max().unwrap_or(0);
        let mut rows = Vec::new();
        for s in 0..section_count {
            let block_count = sections.iter().map(|v| v.get(s).map_or(0, Vec::len)).max().unwrap_or(0);
            for b in 0..block_count {
                let cells = order
                    .iter()
                    .zip(&sections)
                    .map(|(&p, version)| {
                        let lang = self.site.pages[p].lang.as_str();
                        let html = version.get(s).and_then(|sec| sec.get(b)).copied().unwrap_or("");
                        ParallelCell { lang, direction: self.language(&self.site.pages[p].lang).direction, html }
                    })
                    .collect();
                let is_heading = b == 0 && order.iter().any(|&p| self.section_starts_with_heading(p, s));
                rows.push(ParallelRow { is_heading, cells });
            }
        }
        ParallelContext {
            title: self.site.doc(plan).front.title.clone(),
            page_url: self.site.url(&plan.path),
            columns,
            rows,
        }
    }

    fn section_starts_with_heading(&self, page: usize, section: usize) -> bool {
        let headings = self.bodies[page].blocks.iter().filter(|(_, h)| *h).count();
        let intro = self.bodies[page].blocks.first().is_some_and(|(_, h)| !h);
        if intro { section > 0 && section <= headings } else { section < headings }
    }

    fn intro_template(&self, section: &str, lang: &Lang) -> Option<String> {
        self.site
            .intros
            .get(&(section.to_string(), lang.clone()))
            .and_then(|&d| self.site.docs[d].front.template.clone())
    }

    fn topics_versions(&self) -> Vec<Version> {
        self.site
            .config
            .languages
            .iter()
            .map(|l| (l.code.clone(), format!("{}/topics/", l.code), self.ui(&l.code, "topics", &[])))
            .collect()
    }

    fn home_versions(&self) -> Vec<Version> {
        self.site.config.languages.iter().map(|l| (l.code.clone(), format!("{}/", l.code), l.title.clone())).collect()
    }

    /// Builds the template context of a job.
    fn context(&'a self, job: &Job) -> Result<Context, String> {
        fn with<T: Serialize + ?Sized>(common: &Common, name: &'static str, value: &T) -> Result<Context, String> {
            let mut context = Context::from_serialize(common).map_err(|e| e.to_string())?;
            context.insert(name, value);
            Ok(context)
        }
        match &job.kind {
            JobKind::Page(index) => {
                let plan = &self.site.pages[*index];
                let doc = self.site.doc(plan);
                let page = self.page_context(*index);
                let description = shorten(&plain_text(&page.summary.summary), 200);
                let og_type = if doc.section.is_empty() { "website" } else { "article" };
                let common = self.common(
                    &plan.lang,
                    &plan.path,
                    Some(&doc.front.title),
                    description,
                    og_type,
                    &self.page_versions(*index),
                );
                with(&common, "page", &page)
            }
            JobKind::Parallel(index) => {
                let plan = &self.site.pages[*index];
                let doc = self.site.doc(plan);
                let parallel = self.parallel_context(*index);
                let title = format!("{} — {}", doc.front.title, self.ui(&plan.lang, "parallel_view", &[]));
                let versions: Vec<Version> =
                    self.page_versions(*index).into_iter().map(|(l, p, t)| (l, format!("{p}parallel/"), t)).collect();
                let common = self.common(
                    &plan.lang,
                    &format!("{}parallel/", plan.path),
                    Some(&title),
                    String::new(),
                    "website",
                    &versions,
                );
                with(&common, "parallel", &parallel)
            }
            JobKind::List { lang, list, number } => {
                let items = self.list_items(lang, list);
                let all_pages = pages(items.len(), self.site.config.paginate);
                let range = all_pages[number - 1].1.clone();
                let shown: Vec<Summary> = items[range]
                    .iter()
                    .map(|i| {
                        let mut s = (*self.summaries[i.page].1).clone();
                        s.not_translated = i.not_translated;
                        s
                    })
                    .collect();
                let base = self.list_base(lang, list);
                let paginator = self.paginator(&base, *number, all_pages.len(), lang);
                let (title, name, value) = match list {
                    ListId::Home => {
                        let title = self.language(lang).title.clone();
                        let section = self.section_context("", lang, &title);
                        (title, "section", serde_json::to_value(section).map_err(|e| e.to_string())?)
                    }
                    ListId::Section(s) => {
                        let title = self.section_title(s, lang);
                        let section = self.section_context(s, lang, &title);
                        (title, "section", serde_json::to_value(section).map_err(|e| e.to_string())?)
                    }
                    ListId::Topic(t) => {
                        let topic = self.topic_link(t, lang);
                        (topic.name.clone(), "topic", serde_json::to_value(topic).map_err(|e| e.to_string())?)
                    }
                };
                let page_title = if *number == 1 {
                    title
                } else {
                    format!("{title} — {}", self.ui(lang, "page_n", &[("n", &paginator.current_label)]))
                };
                let versions = match list {
                    ListId::Home => self.home_versions(),
                    other => self.list_versions(other),
                };
                let common = self.common(
                    lang,
                    &page_path(&base, *number),
                    Some(&page_title),
                    String::new(),
                    "website",
                    &versions,
                );
                let mut context = with(&common, "pages", &shown)?;
                context.insert("paginator", &paginator);
                context.insert(name, &value);
                Ok(context)
            }
            JobKind::Topics(lang) => {
                let language = self.language(lang);
                let mut entries: Vec<TopicEntry> = self
                    .lists
                    .of(lang)
                    .topics
                    .iter()
                    .map(|(key, items)| TopicEntry {
                        key: key.clone(),
                        name: self.topic_name(key, lang),
                        url: self.site.url(&format!("{lang}/topics/{key}/")),
                        count: items.len(),
                        count_label: digits(&items.len().to_string(), language),
                    })
                    .collect();
                entries.sort_by(|a, b| a.name.cmp(&b.name));
                let title = self.ui(lang, "topics", &[]);
                let common = self.common(
                    lang,
                    &format!("{lang}/topics/"),
                    Some(&title),
                    String::new(),
                    "website",
                    &self.topics_versions(),
                );
                with(&common, "topics", &entries)
            }
            JobKind::Root => {
                let lang = &self.site.config.default_language;
                let mut common = self.common(lang, "", None, String::new(), "website", &self.home_versions());
                common.canonical = format!("{}/", self.site.config.base_url);
                Context::from_serialize(&common).map_err(|e| e.to_string())
            }
            JobKind::NotFound => {
                let lang = &self.site.config.default_language;
                let title = self.ui(lang, "not_found_title", &[]);
                let common =
                    self.common(lang, "404.html", Some(&title), String::new(), "website", &self.home_versions());
                Context::from_serialize(&common).map_err(|e| e.to_string())
            }
        }
    }

    fn page_context(&'a self, index: usize) -> PageContext<'a> {
        let plan = &self.site.pages[index];
        let doc = self.site.doc(plan);
        let body = &self.bodies[index];
        let language = self.language(&plan.lang);
        let page_ref = |p: usize| {
            let other = &self.site.pages[p];
            PageRef {
                lang: other.lang.to_string(),
                name: self.language(&other.lang).name.clone(),
                url: self.site.url(&other.path),
                title: self.site.doc(other).front.title.clone(),
            }
        };
        let state = self.site.sets[plan.set].state(&plan.lang, &self.site.docs);
        let translation_of = doc
            .front
            .translation
            .as_ref()
            .and_then(|t| self.site.set_pages[plan.set].get(&t.from))
            .map(|&p| page_ref(p));
        let in_section = !doc.section.is_empty();
        PageContext {
            summary: &self.summaries[index].1,
            content: &body.html,
            updated: doc.front.updated.as_ref().map(|d| d.day.to_string()).unwrap_or_default(),
            updated_display: doc.front.updated.as_ref().map(|d| format_date(d.day, language)).unwrap_or_default(),
            word_count: body.word_count,
            translators: &doc.front.translators,
            sources: &doc.front.sources,
            toc: &body.toc,
            section: &doc.section,
            section_title: if in_section { self.section_title(&doc.section, &plan.lang) } else { String::new() },
            section_url: if in_section {
                self.site.url(&self.site.section_path(&doc.section, &plan.lang))
            } else {
                String::new()
            },
            translation_of,
            translations: self.site.versions(plan).into_iter().filter(|&p| p != index).map(page_ref).collect(),
            extra: &doc.front.extra,
            draft: doc.front.draft,
            translation_state: state.as_str(),
            stale: state == crate::translation::LangState::Stale,
            parallel_url: if self.has_parallel(index) {
                self.site.url(&format!("{}parallel/", plan.path))
            } else {
                String::new()
            },
        }
    }

    fn section_context(&self, key: &'a str, lang: &Lang, title: &str) -> SectionContext<'a> {
        let intro = self.site.intros.get(&(key.to_string(), lang.clone())).map(|&d| &self.site.docs[d]);
        SectionContext {
            key,
            title: title.to_string(),
            url: self.site.url(&self.site.section_path(key, lang)),
            content: self.intros.get(&(key.to_string(), lang.clone())).cloned().unwrap_or_default(),
            extra: intro.map(|d| d.front.extra.clone()).unwrap_or(serde_json::Value::Null),
        }
    }

    fn paginator(&self, base: &str, n: usize, total: usize, lang: &Lang) -> Paginator {
        let language = self.language(lang);
        let url = |k: usize| self.site.url(&page_path(base, k));
        Paginator {
            current: n,
            total,
            current_label: digits(&n.to_string(), language),
            total_label: digits(&total.to_string(), language),
            prev_url: if n > 1 { url(n - 1) } else { String::new() },
            next_url: if n < total { url(n + 1) } else { String::new() },
            pages: paginator_window(n, total)
                .into_iter()
                .scan(0, |previous, k| {
                    let gap_before = k > *previous + 1 && *previous > 0;
                    *previous = k;
                    Some(PaginatorPage {
                        gap_before,
                        number: k,
                        label: digits(&k.to_string(), language),
                        url: url(k),
                        is_current: k == n,
                    })
                })
                .collect(),
        }
    }

    fn blame(&self, job: &Job) -> Option<&crate::document::SourceDoc> {
        match job.kind {
            JobKind::Page(i) => Some(self.site.doc(&self.site.pages[i])),
            _ => None,
        }
    }

    fn run(&'a self, job: &Job) -> Result<Vec<u8>, Diagnostic> {
        let blame = self.blame(job);
        if !self.theme.tera.contains_template(&job.template) {
            let (path, line, col) = match blame {
                Some(doc) => {
                    let (line, col) = line_col(&doc.text, doc.text.find("template").unwrap_or(0));
                    (doc.path.clone(), line, col)
                }
                None => (PathBuf::from(&self.theme.dir_shown), 1, 1),
            };
            return Err(Diagnostic::error(
                path,
                line,
                col,
                format!("template `{}` not found in the theme or templates/", job.template),
            ));
        }
        let page = blame.map_or_else(|| format!("/{}", job.path), |d| d.path.display().to_string());
        let context = self
            .context(job)
            .map_err(|e| Diagnostic::error(&page, 1, 1, format!("cannot build the template context: {e}")))?;
        let mut html = Vec::with_capacity(16 * 1024);
        match self.theme.tera.render_to(&job.template, &context, &mut html) {
            Ok(()) => Ok(html),
            Err(e) => Err(self.template_error(job, &e, &page)),
        }
    }

    fn template_error(&self, job: &Job, e: &tera::Error, page: &str) -> Diagnostic {
        match e.kind() {
            ErrorKind::RenderingError(report) | ErrorKind::SyntaxError(report) => {
                let file = self
                    .theme
                    .template_files
                    .get(report.filename())
                    .cloned()
                    .unwrap_or_else(|| report.filename().to_string());
                let span = report.span();
                Diagnostic::error(
                    file,
                    span.start_line.max(1),
                    span.start_col + 1,
                    format!("{} (while rendering {page})", report.message()),
                )
            }
            other => {
                let file =
                    self.theme.template_files.get(&job.template).cloned().unwrap_or_else(|| job.template.clone());
                let message = other.to_string();
                Diagnostic::error(
                    file,
                    1,
                    1,
                    format!("{} (while rendering {page})", message.lines().next().unwrap_or_default()),
                )
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::paginator_window;

    #[test]
    fn paginator_shows_ends_and_neighbours() {
        assert_eq!(paginator_window(1, 1), [1]);
        assert_eq!(paginator_window(1, 3), [1, 2, 3]);
        assert_eq!(paginator_window(10, 500), [1, 8, 9, 10, 11, 12, 500]);
        assert_eq!(paginator_window(500, 500), [1, 498, 499, 500]);
    }
}
