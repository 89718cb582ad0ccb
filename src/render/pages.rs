//! Builds the template context of each job from the planned site. Pure.

use super::*;

impl<'a> Renderer<'a> {
    pub(super) fn parallel_context(&'a self, index: usize) -> ParallelContext<'a> {
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

    pub(super) fn section_starts_with_heading(&self, page: usize, section: usize) -> bool {
        let headings = self.bodies[page].blocks.iter().filter(|(_, h)| *h).count();
        let intro = self.bodies[page].blocks.first().is_some_and(|(_, h)| !h);
        if intro { section > 0 && section <= headings } else { section < headings }
    }

    /// Builds the template context of a job.
    pub(super) fn context(&'a self, job: &Job) -> Result<Context, String> {
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
                let og_type = if doc.info.section.is_empty() { "website" } else { "article" };
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

    pub(super) fn page_context(&'a self, index: usize) -> PageContext<'a> {
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
        let in_section = !doc.info.section.is_empty();
        PageContext {
            summary: &self.summaries[index].1,
            content: &body.html,
            updated: doc.front.updated.as_ref().map(|d| d.day.to_string()).unwrap_or_default(),
            updated_display: doc.front.updated.as_ref().map(|d| format_date(d.day, language)).unwrap_or_default(),
            word_count: body.word_count,
            translators: &doc.front.translators,
            sources: &doc.front.sources,
            toc: &body.toc,
            section: &doc.info.section,
            section_title: if in_section { self.section_title(&doc.info.section, &plan.lang) } else { String::new() },
            section_url: if in_section {
                self.site.url(&self.site.section_path(&doc.info.section, &plan.lang))
            } else {
                String::new()
            },
            translation_of,
            translations: self.site.versions(plan).into_iter().filter(|&p| p != index).map(page_ref).collect(),
            extra: &doc.front.extra,
            draft: doc.front.draft,
            translation_state: state.as_str(),
            stale: state == crate::plan::translation::LangState::Stale,
            parallel_url: if self.has_parallel(index) {
                self.site.url(&format!("{}parallel/", plan.path))
            } else {
                String::new()
            },
        }
    }

    pub(super) fn section_context(&self, key: &'a str, lang: &Lang, title: &str) -> SectionContext<'a> {
        let intro = self.site.intros.get(&(key.to_string(), lang.clone())).map(|&d| &self.site.docs[d]);
        SectionContext {
            key,
            title: title.to_string(),
            url: self.site.url(&self.site.section_path(key, lang)),
            content: self.intros.get(&(key.to_string(), lang.clone())).cloned().unwrap_or_default(),
            extra: intro.map(|d| d.front.extra.clone()).unwrap_or(serde_json::Value::Null),
        }
    }

    pub(super) fn paginator(&self, base: &str, n: usize, total: usize, lang: &Lang) -> Paginator {
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

#[cfg(test)]
mod tests {
    use super::paginator_window;

    #[test]
    pub(super) fn paginator_shows_ends_and_neighbours() {
        assert_eq!(paginator_window(1, 1), [1]);
        assert_eq!(paginator_window(1, 3), [1, 2, 3]);
        assert_eq!(paginator_window(10, 500), [1, 8, 9, 10, 11, 12, 500]);
        assert_eq!(paginator_window(500, 500), [1, 498, 499, 500]);
    }
}
