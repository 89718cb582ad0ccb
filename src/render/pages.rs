//! Builds the template context of each job from its inputs and what all pages
//! share. Pure; reads nothing of the site that the job's inputs do not hold.

use super::*;
use crate::plan::site::section_path;
use crate::plan::translation::{LangState, state_of};
use crate::read::newsroom::{Correction, CorrectionView};
use aligned::{AlignedSet, Column};
use plan::page_links;

/// The context of a job: what every page shares, and `value` under `name`.
fn with<T: Serialize + ?Sized>(common: &Common, name: &'static str, value: &T) -> Result<Context, String> {
    let mut context = Context::from_serialize(common).map_err(|e| e.to_string())?;
    context.insert(name, value);
    Ok(context)
}

impl<'a> Shared<'a> {
    /// Builds the template context of a job.
    pub(super) fn context(&'a self, inputs: &'a JobInputs<'a>) -> Result<Context, String> {
        match inputs {
            JobInputs::Page(page) => {
                let plan = page.page.plan;
                let context = self.page_context(page);
                let mut common = self.common(
                    &plan.lang,
                    &plan.path,
                    Some(&page.page.doc.front.title),
                    &page_links(&page.versions, ""),
                    page.nav,
                );
                if !page.page.listed.description.is_empty() {
                    common.description = page.page.listed.description.clone();
                }
                if !page.page.doc.info.section.is_empty() {
                    common.og_type = "article";
                }
                with(&common, "page", &context)
            }
            JobInputs::Parallel(page) => {
                let plan = page.page.plan;
                let title = format!("{} — {}", page.page.doc.front.title, self.ui(&plan.lang, "parallel_view", &[]));
                let path = format!("{}parallel/", plan.path);
                let common =
                    self.common(&plan.lang, &path, Some(&title), &page_links(&page.versions, "parallel/"), page.nav);
                with(&common, "parallel", &self.parallel_context(page))
            }
            JobInputs::List(list) => self.list_context(list),
            JobInputs::Topics(topics) => self.topics_context(topics),
            JobInputs::Corrections(corrections) => {
                let title = self.ui(corrections.lang, "corrections", &[]);
                let path = format!("{}/corrections/", corrections.lang);
                let common = self.common(corrections.lang, &path, Some(&title), &corrections.versions, corrections.nav);
                with(&common, "corrections", &self.corrections_list(corrections))
            }
            JobInputs::Search(search) => {
                let title = self.ui(search.lang, "search_title", &[]);
                let path = format!("{}/search/", search.lang);
                let common = self.common(search.lang, &path, Some(&title), &search.versions, search.nav);
                with(&common, "search", &self.search_context(search))
            }
            JobInputs::Root(nav) => {
                let lang = &self.config.default_language;
                let mut common = self.common(lang, "", None, &self.home_versions(), *nav);
                common.canonical = format!("{}/", self.config.base_url);
                Context::from_serialize(&common).map_err(|e| e.to_string())
            }
            JobInputs::RootNotFound(nav) => {
                let lang = &self.config.default_language;
                let title = self.ui(lang, "not_found_title", &[]);
                let common = self.common(lang, "404.html", Some(&title), &self.home_versions(), *nav);
                Context::from_serialize(&common).map_err(|e| e.to_string())
            }
            JobInputs::NotFound(lang, nav) => {
                // It answers every missing URL of its language: its switcher leads to every edition's home.
                let title = self.ui(lang, "not_found_title", &[]);
                let common = self.common(lang, &format!("{lang}/404.html"), Some(&title), &self.home_versions(), *nav);
                Context::from_serialize(&common).map_err(|e| e.to_string())
            }
        }
    }

    /// The context of a language's topics page: every topic with its count, by name.
    fn topics_context(&self, topics: &TopicsInputs) -> Result<Context, String> {
        let language = self.language(topics.lang);
        let mut entries: Vec<TopicEntry> = topics
            .counts
            .iter()
            .map(|&(key, count)| TopicEntry {
                key: key.to_string(),
                name: self.topic_name(key, topics.lang),
                url: self.url(&format!("{}/topics/{key}/", topics.lang)),
                count,
                count_label: digits(&count.to_string(), language),
            })
            .collect();
        entries.sort_by(|a, b| a.name.cmp(&b.name));
        let title = self.ui(topics.lang, "topics", &[]);
        let path = format!("{}/topics/", topics.lang);
        let common = self.common(topics.lang, &path, Some(&title), &topics.versions, topics.nav);
        with(&common, "topics", &entries)
    }

    /// Every correction of a language's pages, newest first (then by title).
    fn corrections_list(&self, inputs: &CorrectionsInputs) -> Vec<CorrectionEntry> {
        let language = self.language(inputs.lang);
        let mut found: Vec<(&Correction, &Version)> =
            inputs.pages.iter().flat_map(|v| v.doc.front.corrections.iter().map(move |c| (c, v))).collect();
        found.sort_by(|(a, v), (b, w)| b.date.cmp(&a.date).then_with(|| v.doc.front.title.cmp(&w.doc.front.title)));
        found
            .into_iter()
            .map(|(c, v)| CorrectionEntry {
                title: v.doc.front.title.clone(),
                url: self.url(&v.plan.path),
                correction: correction_view(c, language),
            })
            .collect()
    }

    fn list_context(&'a self, list: &'a ListInputs<'a>) -> Result<Context, String> {
        let lang = list.lang;
        let shown: Vec<tera::Value> = list
            .items
            .iter()
            .map(|i| match i.not_translated {
                false => i.version.listed.value.clone(),
                true => tera::Value::from_serializable(&Summary { not_translated: true, ..i.version.summary.clone() }),
            })
            .collect();
        let base =
            list.versions.iter().find(|v| &v.lang == lang).map_or_else(|| format!("{lang}/"), |v| v.path.clone());
        let paginator = self.paginator(&base, list.number, list.total, lang);
        let (name, value) = match &list.list {
            ListId::Home => ("section", self.section_context("", lang, list)),
            ListId::Section(s) => ("section", self.section_context(s, lang, list)),
            ListId::Topic(t) => ("topic", serde_json::to_value(self.topic_link(t, lang)).map_err(|e| e.to_string())),
            ListId::Author(a) => {
                ("author", serde_json::to_value(self.author_context(a, lang)).map_err(|e| e.to_string()))
            }
        };
        // The site's title follows every page's own (see `common`): the home's further pages are
        // "Page 2 — Site", not "Site — Page 2 — Site".
        let page_n = self.ui(lang, "page_n", &[("n", &paginator.current_label)]);
        let page_title = match (list.number, &list.list) {
            (1, _) => list.title.clone(),
            (_, ListId::Home) => page_n,
            _ => format!("{} — {page_n}", list.title),
        };
        let path = page_path(&base, list.number);
        let mut common = self.common(lang, &path, Some(&page_title), &list.versions, list.nav);
        // A list with an intro is described by it; the others keep the language's description.
        if let Some(intro) = list.intro {
            let described = shorten(&plain_text(intro.html), 200);
            if !described.is_empty() {
                common.description = described;
            }
        }
        let mut context = Context::from_serialize(&common).map_err(|e| e.to_string())?;
        context.insert_value("pages", tera::Value::from(shown));
        context.insert("paginator", &paginator);
        context.insert(name, &value?);
        Ok(context)
    }

    fn section_context(&self, key: &str, lang: &Lang, list: &ListInputs) -> Result<serde_json::Value, String> {
        let section = SectionContext {
            key,
            title: list.title.clone(),
            url: self.url(&section_path(key, lang)),
            content: list.intro.map(|i| i.html.to_string()).unwrap_or_default(),
            extra: list.intro.map(|i| i.doc.front.extra.clone()).unwrap_or(serde_json::Value::Null),
        };
        serde_json::to_value(section).map_err(|e| e.to_string())
    }

    fn search_context(&self, search: &SearchInputs) -> SearchContext {
        let mut topics: Vec<TopicLink> = search.topics.iter().map(|t| self.topic_link(t, search.lang)).collect();
        topics.sort_by(|a, b| a.name.cmp(&b.name));
        let dir = crate::plan::site::SEARCH_BUNDLE_DIR;
        let indexes: Vec<String> = search.parts.iter().map(|part| self.url(&format!("{dir}/{part}/"))).collect();
        SearchContext {
            url: self.url(&format!("{}/search/", search.lang)),
            script_url: indexes.first().map(|first| format!("{first}pagefind.js")).unwrap_or_default(),
            indexes,
            edits: match search.edits {
                true => self.url(&format!("{dir}/{}-edits.json", search.lang)),
                false => String::new(),
            },
            topic_filter: crate::plan::site::SEARCH_TOPIC_FILTER,
            topics,
        }
    }

    fn page_ref(&self, v: &Version) -> PageRef {
        PageRef {
            lang: v.plan.lang.to_string(),
            name: self.language(&v.plan.lang).name.clone(),
            url: self.url(&v.plan.path),
            title: v.doc.front.title.clone(),
        }
    }

    fn page_context(&'a self, inputs: &'a PageInputs<'a>) -> PageContext<'a> {
        let (plan, doc, body) = (inputs.page.plan, inputs.page.doc, inputs.page.body);
        let language = self.language(&plan.lang);
        let from = doc.front.translation.as_ref().map(|t| &t.from);
        let source = inputs.versions.iter().find(|v| Some(&v.plan.lang) == from);
        let state = state_of(doc, source.map(|v| v.doc));
        let in_section = !doc.info.section.is_empty();
        PageContext {
            summary: inputs.page.summary,
            own_summary: doc.front.summary.is_some(),
            content: &body.html,
            updated: doc.front.updated.as_ref().map(|d| d.day.to_string()).unwrap_or_default(),
            updated_display: doc.front.updated.as_ref().map(|d| format_date(d.day, language)).unwrap_or_default(),
            word_count: body.word_count,
            sources: &doc.front.sources,
            toc: &body.toc,
            section_title: inputs.section_title.to_string(),
            section_url: if in_section {
                self.url(&section_path(&doc.info.section, &plan.lang))
            } else {
                String::new()
            },
            translation_of: source.map(|v| self.page_ref(v)),
            translations: inputs
                .versions
                .iter()
                .filter(|v| v.plan.path != plan.path)
                .map(|v| self.page_ref(v))
                .collect(),
            extra: &doc.front.extra,
            draft: doc.front.draft,
            translation_state: state.as_str(),
            stale: state == LangState::Stale,
            related: inputs.related.iter().map(|v| v.summary).collect(),
            json_ld: if in_section { self.news_article(inputs) } else { String::new() },
            card: self.card_ref(plan, doc),
            corrections: corrections_of(doc, language),
            scheduled: doc.front.publish_at.as_ref().filter(|_| inputs.scheduled).map(|at| ScheduledView {
                date: at.rfc3339(),
                display: format_moment(at.instant, language.code.as_str(), language.digits),
            }),
            share: share_links(&inputs.page.summary.permalink, &doc.front.title),
            parallel_url: if inputs.has_parallel() && self.config.parallel_view {
                self.url(&format!("{}parallel/", plan.path))
            } else {
                String::new()
            },
        }
    }

    /// The share card of a briefing, beside its page; `None` for a page without one.
    pub(super) fn card_ref(&self, plan: &crate::plan::site::PagePlan, doc: &SourceDoc) -> Option<CardRef> {
        use crate::media::card::{FILE_NAME, HEIGHT, WIDTH};
        if !crate::render::card_theme::has_card(self.config, doc) {
            return None;
        }
        let path = format!("{}{FILE_NAME}", plan.path);
        Some(CardRef {
            url: self.url(&path),
            permalink: self.permalink(&path),
            width: WIDTH,
            height: HEIGHT,
            alt: doc.front.title.clone(),
        })
    }

    fn parallel_context(&'a self, inputs: &'a PageInputs<'a>) -> ParallelContext {
        let current = inputs.page.plan;
        // The current language first, then the others in config order.
        let mut order: Vec<&Version> = vec![&inputs.page];
        order.extend(inputs.versions.iter().filter(|v| v.plan.path != current.path));
        let columns = order
            .iter()
            .map(|v| {
                let language = self.language(&v.plan.lang);
                let from = v.doc.front.translation.as_ref().map(|t| &t.from);
                let source = inputs.versions.iter().find(|o| Some(&o.plan.lang) == from);
                ParallelColumn {
                    stale: state_of(v.doc, source.map(|o| o.doc)) == LangState::Stale,
                    lang: v.plan.lang.to_string(),
                    name: language.name.clone(),
                    title: v.doc.front.title.clone(),
                    url: self.url(&v.plan.path),
                    direction: language.direction,
                    is_current: v.plan.path == current.path,
                    corrections: corrections_of(v.doc, language),
                }
            })
            .collect();
        // The set is aligned once, in config order, for every language's view of it.
        let aligned = self.aligned.take(current.set, inputs.versions.len(), || {
            let columns: Vec<Column> = inputs
                .versions
                .iter()
                .map(|v| Column {
                    lang: v.plan.lang.as_str(),
                    direction: self.language(&v.plan.lang).direction,
                    body: v.body,
                })
                .collect();
            AlignedSet::new(&columns)
        });
        let column_of = |v: &Version| inputs.versions.iter().position(|o| o.plan.path == v.plan.path);
        let order: Vec<usize> = order.iter().filter_map(|v| column_of(v)).collect();
        let rows = (aligned.headings.iter().enumerate())
            .map(|(r, &is_heading)| ParallelRow {
                is_heading,
                cells: order.iter().map(|&c| aligned.cells[c][r].clone()).collect(),
            })
            .collect();
        ParallelContext {
            title: inputs.page.doc.front.title.clone(),
            page_url: self.url(&current.path),
            page_permalink: self.permalink(&current.path),
            columns,
            rows,
        }
    }

    pub(super) fn paginator(&self, base: &str, n: usize, total: usize, lang: &Lang) -> Paginator {
        let language = self.language(lang);
        let url = |k: usize| self.url(&page_path(base, k));
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
}

/// The share links of a page: each service's documented address for sharing a link, with
/// the page's absolute URL and title percent-encoded.
fn share_links(url: &str, title: &str) -> ShareLinks {
    use percent_encoding::{NON_ALPHANUMERIC, utf8_percent_encode};
    const KEEP: &percent_encoding::AsciiSet = &NON_ALPHANUMERIC.remove(b'-').remove(b'_').remove(b'.').remove(b'~');
    let enc = |s: &str| utf8_percent_encode(s, KEEP).to_string();
    let (u, t) = (enc(url), enc(title));
    ShareLinks {
        url: url.to_string(),
        whatsapp: format!("https://wa.me/?text={}", enc(&format!("{title} {url}"))),
        telegram: format!("https://t.me/share/url?url={u}&text={t}"),
        x: format!("https://x.com/intent/tweet?url={u}&text={t}"),
        facebook: format!("https://www.facebook.com/sharer/sharer.php?u={u}"),
        email: format!("mailto:?subject={t}&body={u}"),
    }
}

/// The page numbers a paginator shows: the first, the last, and two either side of the current.
fn paginator_window(current: usize, total: usize) -> Vec<usize> {
    let mut pages: Vec<usize> =
        [1, total].into_iter().chain(current.saturating_sub(2).max(1)..=(current + 2).min(total)).collect();
    pages.sort_unstable();
    pages.dedup();
    pages
}

/// A page's corrections as templates show them, newest first, dated in its language.
pub(super) fn corrections_of(doc: &SourceDoc, language: &Language) -> Vec<CorrectionView> {
    let mut corrections: Vec<&Correction> = doc.front.corrections.iter().collect();
    corrections.sort_by(|a, b| b.date.cmp(&a.date));
    corrections.into_iter().map(|c| correction_view(c, language)).collect()
}

fn correction_view(c: &Correction, language: &Language) -> CorrectionView {
    CorrectionView { date_display: format_date(c.date.day, language), date: c.date.rfc3339(), text: c.text.clone() }
}

#[cfg(test)]
mod tests {
    use super::{paginator_window, share_links};

    #[test]
    fn share_links_carry_the_encoded_url_and_title() {
        let links = share_links("https://x.org/hi/b/भारत-1/", "S-400 & more");
        assert_eq!(links.url, "https://x.org/hi/b/भारत-1/");
        let url = "https%3A%2F%2Fx.org%2Fhi%2Fb%2F%E0%A4%AD%E0%A4%BE%E0%A4%B0%E0%A4%A4-1%2F";
        assert_eq!(links.telegram, format!("https://t.me/share/url?url={url}&text=S-400%20%26%20more"));
        assert_eq!(links.email, format!("mailto:?subject=S-400%20%26%20more&body={url}"));
        assert!(links.whatsapp.starts_with("https://wa.me/?text=S-400%20%26%20more%20https%3A%2F%2F"));
        assert!(links.facebook.ends_with(&format!("?u={url}")));
    }

    #[test]
    pub(super) fn paginator_shows_ends_and_neighbours() {
        assert_eq!(paginator_window(1, 1), [1]);
        assert_eq!(paginator_window(1, 3), [1, 2, 3]);
        assert_eq!(paginator_window(10, 500), [1, 8, 9, 10, 11, 12, 500]);
        assert_eq!(paginator_window(500, 500), [1, 498, 499, 500]);
    }
}
