//! Renders the planned site through the theme's templates: one `Serialize`
//! context per page kind, pages rendered in parallel. Returns files; writes none.

use std::collections::{BTreeMap, BTreeSet};

use rayon::prelude::*;
use serde::Serialize;
use tera::{Context, ErrorKind};

use crate::config::{Lang, Language};
use crate::diagnostic::Diagnostic;
use crate::document::SourceDoc;
use crate::locale::{digits, format_date, reading_minutes};
use crate::markdown::{RenderedBody, TocEntry, escape};
use crate::site::{PagePlan, Site};
use crate::theme::Theme;

/// A file of the finished site, relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutputFile {
    pub path: String,
    pub bytes: Vec<u8>,
}

/// One URL of the site for the sitemap, with its language versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SitemapEntry {
    pub permalink: String,
    pub lastmod: Option<String>,
    /// (language, permalink) of every language version, itself included.
    pub alternates: Vec<(String, String)>,
}

#[derive(Serialize, Clone)]
struct LanguageLink {
    code: String,
    name: String,
    title: String,
    description: String,
    direction: crate::config::Direction,
    home_url: String,
}

#[derive(Serialize)]
struct SiteContext {
    base_url: String,
    base_path: String,
    default_language: String,
    languages: Vec<LanguageLink>,
    feed_url: String,
}

#[derive(Serialize, Clone)]
struct Alternate {
    lang: String,
    name: String,
    url: String,
    permalink: String,
    title: String,
    is_current: bool,
}

#[derive(Serialize, Clone)]
struct NavItem {
    key: String,
    title: String,
    url: String,
}

/// Variables every template receives (README: Template reference).
#[derive(Serialize)]
struct Common<'a> {
    lang: &'a str,
    language: &'a Language,
    site: SiteContext,
    page_title: String,
    description: String,
    canonical: String,
    og_type: &'static str,
    alternates: Vec<Alternate>,
    x_default: String,
    home_url: String,
    topics_url: String,
    nav: Vec<NavItem>,
}

#[derive(Serialize, Clone)]
struct TopicLink {
    key: String,
    name: String,
    url: String,
}

/// A briefing as shown in lists.
#[derive(Serialize, Clone)]
struct Summary {
    title: String,
    url: String,
    permalink: String,
    lang: String,
    date: String,
    date_display: String,
    summary: String,
    reading_time: String,
    topics: Vec<TopicLink>,
    authors: Vec<String>,
    not_translated: bool,
}

#[derive(Serialize, Clone)]
struct PageRef {
    lang: String,
    name: String,
    url: String,
    title: String,
}

#[derive(Serialize)]
struct PageContext {
    #[serde(flatten)]
    summary: Summary,
    content: String,
    updated: String,
    updated_display: String,
    word_count: usize,
    translators: Vec<String>,
    sources: Vec<crate::document::SourceRef>,
    toc: Vec<TocEntry>,
    section: String,
    section_title: String,
    section_url: String,
    translation_of: Option<PageRef>,
    translations: Vec<PageRef>,
    extra: serde_json::Value,
    draft: bool,
}

#[derive(Serialize)]
struct SectionContext {
    key: String,
    title: String,
    url: String,
    content: String,
    extra: serde_json::Value,
}

#[derive(Serialize)]
struct PaginatorPage {
    number: usize,
    label: String,
    url: String,
    is_current: bool,
}

#[derive(Serialize)]
struct Paginator {
    current: usize,
    total: usize,
    current_label: String,
    total_label: String,
    prev_url: String,
    next_url: String,
    pages: Vec<PaginatorPage>,
}

#[derive(Serialize)]
struct TopicEntry {
    key: String,
    name: String,
    url: String,
    count: usize,
    count_label: String,
}

/// A unit of rendering work: which template, which output path, which context.
struct Job {
    template: String,
    path: String,
    context: Result<Context, String>,
    /// The content file to blame when the template fails.
    blame: Option<usize>,
}

/// Renders every page, list, topic page, root chooser and 404 of the site.
pub fn render_site(
    site: &Site,
    bodies: &[RenderedBody],
    theme: &Theme,
) -> (Vec<OutputFile>, Vec<SitemapEntry>, Vec<Diagnostic>) {
    let r = Renderer::new(site, bodies, theme);
    let mut jobs = Vec::new();
    let mut sitemap = Vec::new();
    r.page_jobs(&mut jobs, &mut sitemap);
    r.list_jobs(&mut jobs, &mut sitemap);
    r.special_jobs(&mut jobs);
    let results: Vec<Result<OutputFile, Diagnostic>> =
        jobs.into_par_iter().map(|job| r.run(job)).collect();
    let mut files = Vec::with_capacity(results.len());
    let mut diags = Vec::new();
    for result in results {
        match result {
            Ok(f) => files.push(f),
            Err(d) => diags.push(d),
        }
    }
    diags.extend(theme.i18n.missing_warnings(&theme.dir_shown));
    sitemap.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    (files, sitemap, diags)
}

struct Renderer<'a> {
    site: &'a Site,
    bodies: &'a [RenderedBody],
    theme: &'a Theme,
    summaries: Vec<Summary>,
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
    text.replace("&amp;", "&")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

fn shorten(text: &str, max_chars: usize) -> String {
    use unicode_segmentation::UnicodeSegmentation;
    // Cut at whole graphemes so a conjunct is never split.
    if text.chars().count() <= max_chars {
        return text.to_string();
    }
    let mut out = String::new();
    for g in text.graphemes(true) {
        if out.chars().count() + g.chars().count() > max_chars {
            break;
        }
        out.push_str(g);
    }
    format!("{}…", out.trim_end())
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, bodies: &'a [RenderedBody], theme: &'a Theme) -> Self {
        let mut r = Renderer {
            site,
            bodies,
            theme,
            summaries: Vec::new(),
        };
        r.summaries = (0..site.pages.len()).map(|i| r.summary(i)).collect();
        r
    }

    fn language(&self, lang: &Lang) -> &'a Language {
        self.site.config.language(lang)
    }

    fn ui(&self, lang: &Lang, key: &str, values: &[(&str, &str)]) -> String {
        self.theme.i18n.fill(lang.as_str(), key, values)
    }

    fn topic_name(&self, key: &str, lang: &Lang) -> String {
        self.site
            .config
            .topics
            .get(key)
            .and_then(|m| {
                m.get(lang)
                    .or_else(|| m.get(&self.site.config.default_language))
            })
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
            date: doc
                .front
                .date
                .as_ref()
                .map(|d| d.day.to_string())
                .unwrap_or_default(),
            date_display: doc
                .front
                .date
                .as_ref()
                .map(|d| format_date(d.day, language))
                .unwrap_or_default(),
            summary: match &doc.front.summary {
                Some(s) => format!("<p>{}</p>", escape(s)),
                None => body.summary_html.clone(),
            },
            reading_time: self.ui(
                &plan.lang,
                "reading_time",
                &[("minutes", &digits(&minutes, language))],
            ),
            topics: doc
                .front
                .topics
                .iter()
                .map(|t| self.topic_link(t, &plan.lang))
                .collect(),
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

    fn nav(&self, lang: &Lang) -> Vec<NavItem> {
        self.site
            .sections
            .iter()
            .filter(|s| self.section_exists(s, lang))
            .map(|s| NavItem {
                key: s.clone(),
                title: self.section_title(s, lang),
                url: self.site.url(&self.site.section_path(s, lang)),
            })
            .collect()
    }

    fn section_title(&self, section: &str, lang: &Lang) -> String {
        match self.site.intros.get(&(section.to_string(), lang.clone())) {
            Some(&d) => self.site.docs[d].front.title.clone(),
            None => section.rsplit('/').next().unwrap_or(section).to_string(),
        }
    }

    fn section_exists(&self, section: &str, lang: &Lang) -> bool {
        self.site
            .intros
            .contains_key(&(section.to_string(), lang.clone()))
            || !self.list_items(Some(section), None, lang).is_empty()
    }

    /// Builds the shared variables; `versions` are (language, path, title) of this page in each language.
    fn common(
        &self,
        lang: &'a Lang,
        path: &str,
        title: Option<&str>,
        description: String,
        og_type: &'static str,
        versions: &[(Lang, String, String)],
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
            site: self.site_context(lang),
            page_title: match title {
                Some(t) if t != language.title => format!("{t} — {}", language.title),
                _ => language.title.clone(),
            },
            description: if description.is_empty() {
                language.description.clone()
            } else {
                description
            },
            canonical: self.site.permalink(path),
            og_type,
            alternates,
            x_default,
            home_url: self.site.url(&format!("{lang}/")),
            topics_url: self.site.url(&format!("{lang}/topics/")),
            nav: self.nav(lang),
        }
    }

    fn context<T: Serialize>(
        common: &Common,
        extra: &[(&'static str, &T)],
    ) -> Result<Context, String> {
        let mut context = Context::from_serialize(common).map_err(|e| e.to_string())?;
        for (key, value) in extra {
            context.insert(*key, *value);
        }
        Ok(context)
    }

    fn page_jobs(&self, jobs: &mut Vec<Job>, sitemap: &mut Vec<SitemapEntry>) {
        for (index, plan) in self.site.pages.iter().enumerate() {
            let doc = self.site.doc(plan);
            let versions: Vec<(Lang, String, String)> = self
                .site
                .versions(plan)
                .into_iter()
                .map(|p| {
                    let other = &self.site.pages[p];
                    (
                        other.lang.clone(),
                        other.path.clone(),
                        self.site.doc(other).front.title.clone(),
                    )
                })
                .collect();
            let page = self.page_context(index, plan, doc);
            let description = shorten(&plain_text(&page.summary.summary), 200);
            let og_type = if doc.section.is_empty() {
                "website"
            } else {
                "article"
            };
            let common = self.common(
                &plan.lang,
                &plan.path,
                Some(&doc.front.title),
                description,
                og_type,
                &versions,
            );
            let default_template = if doc.section.is_empty() {
                "plain.html"
            } else {
                "page.html"
            };
            let template = doc
                .front
                .template
                .clone()
                .unwrap_or_else(|| default_template.to_string());
            sitemap.push(SitemapEntry {
                permalink: self.site.permalink(&plan.path),
                lastmod: doc
                    .front
                    .updated
                    .as_ref()
                    .or(doc.front.date.as_ref())
                    .map(|d| d.day.to_string()),
                alternates: versions
                    .iter()
                    .map(|(l, p, _)| (l.to_string(), self.site.permalink(p)))
                    .collect(),
            });
            jobs.push(Job {
                template,
                path: format!("{}index.html", plan.path),
                context: Self::context(&common, &[("page", &page)]),
                blame: Some(plan.doc),
            });
        }
    }

    fn page_context(&self, index: usize, plan: &PagePlan, doc: &SourceDoc) -> PageContext {
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
        let translation_of = doc
            .front
            .translation
            .as_ref()
            .and_then(|t| self.site.set_pages[plan.set].get(&t.from))
            .map(|&p| page_ref(p));
        PageContext {
            summary: self.summaries[index].clone(),
            content: body.html.clone(),
            updated: doc
                .front
                .updated
                .as_ref()
                .map(|d| d.day.to_string())
                .unwrap_or_default(),
            updated_display: doc
                .front
                .updated
                .as_ref()
                .map(|d| format_date(d.day, language))
                .unwrap_or_default(),
            word_count: body.word_count,
            translators: doc.front.translators.clone(),
            sources: doc.front.sources.clone(),
            toc: body.toc.clone(),
            section: doc.section.clone(),
            section_title: if doc.section.is_empty() {
                String::new()
            } else {
                self.section_title(&doc.section, &plan.lang)
            },
            section_url: if doc.section.is_empty() {
                String::new()
            } else {
                self.site
                    .url(&self.site.section_path(&doc.section, &plan.lang))
            },
            translation_of,
            translations: self
                .site
                .versions(plan)
                .into_iter()
                .filter(|&p| p != index)
                .map(page_ref)
                .collect(),
            extra: doc.front.extra.clone(),
            draft: doc.front.draft,
        }
    }

    /// Briefings for a list in `lang`: those of `section` (or all sections) and `topic`,
    /// newest first; with `fallback`, other languages' versions of sets lacking `lang`.
    fn list_items(&self, section: Option<&str>, topic: Option<&str>, lang: &Lang) -> Vec<Summary> {
        let wanted = |doc: &SourceDoc| {
            !doc.section.is_empty()
                && section.is_none_or(|s| doc.section == s)
                && topic.is_none_or(|t| doc.front.topics.iter().any(|x| x == t))
        };
        let mut items: Vec<(&SourceDoc, Summary)> = Vec::new();
        for (set_index, members) in self.site.set_pages.iter().enumerate() {
            if let Some(&p) = members.get(lang) {
                let doc = self.site.doc(&self.site.pages[p]);
                if wanted(doc) {
                    items.push((doc, self.summaries[p].clone()));
                }
            } else if self.site.config.fallback
                && let Some(p) = self
                    .site
                    .original_page(set_index)
                    .or_else(|| members.values().next().copied())
            {
                let doc = self.site.doc(&self.site.pages[p]);
                if wanted(doc) {
                    let mut s = self.summaries[p].clone();
                    s.not_translated = true;
                    items.push((doc, s));
                }
            }
        }
        items.sort_by(|(a, sa), (b, sb)| {
            b.front
                .date
                .cmp(&a.front.date)
                .then_with(|| sa.title.cmp(&sb.title))
        });
        items.into_iter().map(|(_, s)| s).collect()
    }

    fn paginate(
        &self,
        base_path: &str,
        items: &[Summary],
        lang: &Lang,
    ) -> Vec<(String, Vec<Summary>, Paginator)> {
        let per_page = self.site.config.paginate.max(1);
        let chunks: Vec<&[Summary]> = if items.is_empty() {
            vec![&[][..]]
        } else {
            items.chunks(per_page).collect()
        };
        let total = chunks.len();
        let language = self.language(lang);
        let path_of = |n: usize| {
            if n == 1 {
                base_path.to_string()
            } else {
                format!("{base_path}page/{n}/")
            }
        };
        chunks
            .iter()
            .enumerate()
            .map(|(i, chunk)| {
                let n = i + 1;
                let paginator = Paginator {
                    current: n,
                    total,
                    current_label: digits(&n.to_string(), language),
                    total_label: digits(&total.to_string(), language),
                    prev_url: if n > 1 {
                        self.site.url(&path_of(n - 1))
                    } else {
                        String::new()
                    },
                    next_url: if n < total {
                        self.site.url(&path_of(n + 1))
                    } else {
                        String::new()
                    },
                    pages: (1..=total)
                        .map(|k| PaginatorPage {
                            number: k,
                            label: digits(&k.to_string(), language),
                            url: self.site.url(&path_of(k)),
                            is_current: k == n,
                        })
                        .collect(),
                };
                (path_of(n), chunk.to_vec(), paginator)
            })
            .collect()
    }

    /// Emits the pages of one list (home, section or topic) in one language.
    #[allow(clippy::too_many_arguments)]
    fn list(
        &self,
        jobs: &mut Vec<Job>,
        sitemap: &mut Vec<SitemapEntry>,
        lang: &'a Lang,
        base_path: &str,
        template: String,
        title: &str,
        versions: &[(Lang, String, String)],
        extra_name: &'static str,
        extra: &serde_json::Value,
        items: &[Summary],
    ) {
        for (n, (path, pages, paginator)) in self
            .paginate(base_path, items, lang)
            .into_iter()
            .enumerate()
        {
            let page_title = if n == 0 {
                title.to_string()
            } else {
                format!(
                    "{title} — {}",
                    self.ui(lang, "page_n", &[("n", &paginator.current_label)])
                )
            };
            let common = self.common(
                lang,
                &path,
                Some(&page_title),
                String::new(),
                "website",
                versions,
            );
            let mut context = Self::context(&common, &[("pages", &pages)]);
            if let Ok(c) = &mut context {
                c.insert("paginator", &paginator);
                c.insert(extra_name, extra);
            }
            if n == 0 {
                sitemap.push(SitemapEntry {
                    permalink: self.site.permalink(&path),
                    lastmod: None,
                    alternates: versions
                        .iter()
                        .map(|(l, p, _)| (l.to_string(), self.site.permalink(p)))
                        .collect(),
                });
            }
            jobs.push(Job {
                template: template.clone(),
                path: format!("{path}index.html"),
                context,
                blame: None,
            });
        }
    }

    fn list_jobs(&self, jobs: &mut Vec<Job>, sitemap: &mut Vec<SitemapEntry>) {
        let config = &self.site.config;
        let langs: Vec<&Lang> = config.languages.iter().map(|l| &l.code).collect();
        let home_versions: Vec<(Lang, String, String)> = langs
            .iter()
            .map(|l| {
                (
                    (*l).clone(),
                    format!("{l}/"),
                    self.language(l).title.clone(),
                )
            })
            .collect();
        for &lang in &langs {
            // Home page of the language.
            let intro = self
                .site
                .intros
                .get(&(String::new(), lang.clone()))
                .map(|&d| &self.site.docs[d]);
            let title = self.language(lang).title.clone();
            let section = self.section_context("", lang, &title, intro);
            let template = intro
                .and_then(|d| d.front.template.clone())
                .unwrap_or_else(|| "home.html".to_string());
            let items = self.list_items(None, None, lang);
            self.list(
                jobs,
                sitemap,
                lang,
                &format!("{lang}/"),
                template,
                &title,
                &home_versions,
                "section",
                &section,
                &items,
            );

            // Section lists.
            for s in &self.site.sections {
                if !self.section_exists(s, lang) {
                    continue;
                }
                let versions: Vec<(Lang, String, String)> = langs
                    .iter()
                    .filter(|l| self.section_exists(s, l))
                    .map(|l| {
                        (
                            (*l).clone(),
                            self.site.section_path(s, l),
                            self.section_title(s, l),
                        )
                    })
                    .collect();
                let intro = self
                    .site
                    .intros
                    .get(&(s.clone(), lang.clone()))
                    .map(|&d| &self.site.docs[d]);
                let title = self.section_title(s, lang);
                let section = self.section_context(s, lang, &title, intro);
                let template = intro
                    .and_then(|d| d.front.template.clone())
                    .unwrap_or_else(|| "section.html".to_string());
                let items = self.list_items(Some(s), None, lang);
                self.list(
                    jobs,
                    sitemap,
                    lang,
                    &self.site.section_path(s, lang),
                    template,
                    &title,
                    &versions,
                    "section",
                    &section,
                    &items,
                );
            }

            // Topics index and topic pages.
            let mut counts: BTreeMap<String, usize> = BTreeMap::new();
            for item in self.list_items(None, None, lang) {
                for t in item.topics {
                    *counts.entry(t.key).or_default() += 1;
                }
            }
            let topics_versions: Vec<(Lang, String, String)> = langs
                .iter()
                .map(|l| {
                    (
                        (*l).clone(),
                        format!("{l}/topics/"),
                        self.ui(l, "topics", &[]),
                    )
                })
                .collect();
            let language = self.language(lang);
            let mut entries: Vec<TopicEntry> = counts
                .iter()
                .map(|(key, &count)| TopicEntry {
                    key: key.clone(),
                    name: self.topic_name(key, lang),
                    url: self.site.url(&format!("{lang}/topics/{key}/")),
                    count,
                    count_label: digits(&count.to_string(), language),
                })
                .collect();
            entries.sort_by(|a, b| a.name.cmp(&b.name));
            let topics_path = format!("{lang}/topics/");
            let topics_title = self.ui(lang, "topics", &[]);
            let common = self.common(
                lang,
                &topics_path,
                Some(&topics_title),
                String::new(),
                "website",
                &topics_versions,
            );
            sitemap.push(SitemapEntry {
                permalink: self.site.permalink(&topics_path),
                lastmod: None,
                alternates: topics_versions
                    .iter()
                    .map(|(l, p, _)| (l.to_string(), self.site.permalink(p)))
                    .collect(),
            });
            jobs.push(Job {
                template: "topics.html".into(),
                path: format!("{topics_path}index.html"),
                context: Self::context(&common, &[("topics", &entries)]),
                blame: None,
            });
            for key in counts.keys() {
                let topic = self.topic_link(key, lang);
                let versions: Vec<(Lang, String, String)> = langs
                    .iter()
                    .filter(|l| !self.list_items(None, Some(key), l).is_empty())
                    .map(|l| {
                        (
                            (*l).clone(),
                            format!("{l}/topics/{key}/"),
                            self.topic_name(key, l),
                        )
                    })
                    .collect();
                let items = self.list_items(None, Some(key), lang);
                let topic_json = serde_json::to_value(&topic).unwrap_or_default();
                self.list(
                    jobs,
                    sitemap,
                    lang,
                    &format!("{lang}/topics/{key}/"),
                    "topic.html".into(),
                    &topic.name,
                    &versions,
                    "topic",
                    &topic_json,
                    &items,
                );
            }
        }
    }

    fn section_context(
        &self,
        key: &str,
        lang: &Lang,
        title: &str,
        intro: Option<&SourceDoc>,
    ) -> serde_json::Value {
        let content = intro
            .map(|d| {
                let (body, _) =
                    crate::markdown::render(&d.body, &|_| crate::markdown::LinkTarget::External);
                body.html
            })
            .unwrap_or_default();
        let section = SectionContext {
            key: key.to_string(),
            title: title.to_string(),
            url: self.site.url(&self.site.section_path(key, lang)),
            content,
            extra: intro
                .map(|d| d.front.extra.clone())
                .unwrap_or(serde_json::Value::Null),
        };
        serde_json::to_value(section).unwrap_or_default()
    }

    fn special_jobs(&self, jobs: &mut Vec<Job>) {
        let config = &self.site.config;
        let lang = &config.default_language;
        let versions: Vec<(Lang, String, String)> = config
            .languages
            .iter()
            .map(|l| (l.code.clone(), format!("{}/", l.code), l.title.clone()))
            .collect();
        let mut root = self.common(lang, "", None, String::new(), "website", &versions);
        root.canonical = format!("{}/", config.base_url);
        jobs.push(Job {
            template: "root.html".into(),
            path: "index.html".into(),
            context: Self::context::<()>(&root, &[]),
            blame: None,
        });
        let not_found = self.common(
            lang,
            "404.html",
            Some(&self.ui(lang, "not_found_title", &[])),
            String::new(),
            "website",
            &versions,
        );
        jobs.push(Job {
            template: "404.html".into(),
            path: "404.html".into(),
            context: Self::context::<()>(&not_found, &[]),
            blame: None,
        });
    }

    fn run(&self, job: Job) -> Result<OutputFile, Diagnostic> {
        let blame_path = job.blame.map(|d| self.site.docs[d].path.clone());
        let context = job.context.as_ref().map_err(|e| {
            Diagnostic::error(
                blame_path.clone().unwrap_or_default(),
                1,
                1,
                format!("cannot build the template context: {e}"),
            )
        })?;
        if !self.theme.tera.contains_template(&job.template) {
            let (path, line, col) = match job.blame {
                Some(d) => {
                    let doc = &self.site.docs[d];
                    let at = doc.text.find("template").unwrap_or(0);
                    let (line, col) = crate::diagnostic::line_col(&doc.text, at);
                    (doc.path.clone(), line, col)
                }
                None => (std::path::PathBuf::from(&self.theme.dir_shown), 1, 1),
            };
            return Err(Diagnostic::error(
                path,
                line,
                col,
                format!(
                    "template `{}` not found in the theme or templates/",
                    job.template
                ),
            ));
        }
        match self.theme.tera.render(&job.template, context) {
            Ok(html) => Ok(OutputFile {
                path: job.path.clone(),
                bytes: html.into_bytes(),
            }),
            Err(e) => Err(self.template_error(&job, &e, blame_path)),
        }
    }

    fn template_error(
        &self,
        job: &Job,
        e: &tera::Error,
        blame: Option<std::path::PathBuf>,
    ) -> Diagnostic {
        let page = blame.map_or_else(|| format!("/{}", job.path), |p| p.display().to_string());
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
                let file = self
                    .theme
                    .template_files
                    .get(&job.template)
                    .cloned()
                    .unwrap_or_else(|| job.template.clone());
                Diagnostic::error(
                    file,
                    1,
                    1,
                    format!(
                        "{} (while rendering {page})",
                        other.to_string().lines().next().unwrap_or_default()
                    ),
                )
            }
        }
    }
}

/// Content pages per language, in config order, for the build summary.
pub fn pages_per_language(site: &Site) -> Vec<(String, usize)> {
    site.config
        .languages
        .iter()
        .map(|l| {
            (
                l.code.to_string(),
                site.pages.iter().filter(|p| p.lang == l.code).count(),
            )
        })
        .collect()
}

/// Sorted unique topic keys used by pages.
pub fn used_topics(site: &Site) -> BTreeSet<String> {
    site.pages
        .iter()
        .flat_map(|p| site.doc(p).front.topics.iter().cloned())
        .collect()
}
