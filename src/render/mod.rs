//! Renders the planned site through the theme's templates. Every output page is
//! first planned as a [`Job`] with a key that hashes everything it shows; a job
//! whose key is in the [`OutputCache`] is not rendered again. Writes no files.

pub mod feeds;
pub mod locale;
pub mod markdown;
pub mod theme;

mod context;
mod jobs;
mod lists;
mod pages;
mod plan;
mod sink;

use std::collections::{BTreeMap, HashMap};
use std::hash::{Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, ErrorKind};

use crate::diagnostic::Diagnostic;
use crate::plan::links::LinkTarget;
use crate::plan::site::Site;
use crate::read::config::{Lang, Language};
use crate::render::locale::{digits, format_date, reading_minutes};
use crate::render::markdown::{RenderedBody, escape};
use crate::render::theme::Theme;
use context::*;
pub use jobs::render_site;
use lists::{Item, ListIndex, page_path, pages};
pub use sink::{Content, Discard, OutputTree, PageSink};
pub use theme::MissingString;

/// One URL of the site for the sitemap, with its language versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    pub permalink: String,
    pub lastmod: Option<String>,
    /// (language, permalink) of every language version, itself included.
    pub alternates: Vec<(String, String)>,
}

/// A page rendered by an earlier build: the key of its inputs, its bytes, and
/// the UI strings its templates asked for and did not find.
#[derive(Debug, Clone)]
pub struct PageOutput {
    pub key: u64,
    pub bytes: Arc<[u8]>,
    pub missing_strings: Arc<[MissingString]>,
}

/// Rendered pages kept between rebuilds, by output path.
pub type OutputCache = HashMap<String, PageOutput, ahash::RandomState>;

/// List summaries kept between rebuilds: page path → (key, summary).
pub type SummaryCache = HashMap<String, (u64, Arc<Summary>), ahash::RandomState>;

/// What rendering keeps for the next rebuild.
#[derive(Clone, Default)]
pub struct RenderCache {
    pub pages: Arc<OutputCache>,
    pub summaries: SummaryCache,
}

pub use context::Summary;

/// What rendering produced.
pub struct Rendered {
    /// The pages the sink kept, for the next rebuild.
    pub pages: OutputCache,
    pub sitemap: Vec<SitemapEntry>,
    pub diagnostics: Vec<Diagnostic>,
    /// How many pages were rendered now rather than taken from the cache.
    pub rendered: usize,
    /// The output path of every page.
    pub paths: Vec<String>,
    /// The summaries of this build, for the next one.
    pub summaries: SummaryCache,
}

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

/// Content pages per language, in config order, for the build summary.
pub fn pages_per_language(site: &Site) -> Vec<(String, usize)> {
    site.config
        .languages
        .iter()
        .map(|l| (l.code.to_string(), site.pages.iter().filter(|p| p.lang == l.code).count()))
        .collect()
}

fn hash_of(value: impl Hash) -> u64 {
    let mut h = ahash::AHasher::default();
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
    /// (section, language) → hash of its intro file, looked up for every page without allocating.
    intro_keys: HashMap<(&'a str, &'a str), u64>,
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
            intro_keys: site
                .intros
                .iter()
                .map(|((section, lang), &d)| ((section.as_str(), lang.as_str()), site.docs[d].text_hash))
                .collect(),
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
            let intro = markdown::render(site.docs[d].body(), &|_| LinkTarget::External);
            r.intros.insert((section.clone(), lang.clone()), intro.body.html);
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
}
