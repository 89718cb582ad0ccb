//! Plans the output of a build: every page, list page, topic page and special
//! page as a [`Job`] with the key of its inputs, and the sitemap entries.

use super::*;

impl<'a> Renderer<'a> {
    pub(super) fn intro_key(&self, section: &str, lang: &Lang) -> u64 {
        self.intro_keys.get(&(section, lang.as_str())).copied().unwrap_or(0)
    }

    pub(super) fn page_versions(&self, index: usize) -> Vec<Version> {
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

    pub(super) fn list_versions(&self, list: &ListId) -> Vec<Version> {
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

    pub(super) fn list_items(&self, lang: &Lang, list: &ListId) -> &[Item] {
        let lists = self.lists.of(lang);
        match list {
            ListId::Home => &lists.home,
            ListId::Section(s) => lists.sections.get(s).map_or(&[], Vec::as_slice),
            ListId::Topic(t) => lists.topics.get(t).map_or(&[], Vec::as_slice),
        }
    }

    pub(super) fn list_base(&self, lang: &Lang, list: &ListId) -> String {
        match list {
            ListId::Home => format!("{lang}/"),
            ListId::Section(s) => self.site.section_path(s, lang),
            ListId::Topic(t) => format!("{lang}/topics/{t}/"),
        }
    }

    pub(super) fn sitemap_entry(&self, path: &str, lastmod: Option<String>, versions: &[Version]) -> SitemapEntry {
        SitemapEntry {
            permalink: self.site.permalink(path),
            lastmod,
            alternates: versions.iter().map(|(l, p, _)| (l.to_string(), self.site.permalink(p))).collect(),
        }
    }

    /// Lists every output page with its key, and the sitemap.
    pub(super) fn plan(&self) -> (Vec<Job>, Vec<SitemapEntry>) {
        // Pages are planned in parallel: at 20,000 pages this is most of a rebuild's work.
        let planned: Vec<(SitemapEntry, Job, Option<Job>)> = self
            .site
            .pages
            .par_iter()
            .enumerate()
            .map(|(index, plan)| {
                let doc = self.site.doc(plan);
                let template = doc.front.template.clone().unwrap_or_else(|| {
                    if doc.info.section.is_empty() { "plain.html" } else { "page.html" }.to_string()
                });
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
                    self.intro_key(&doc.info.section, &plan.lang),
                ));
                let lastmod = doc.front.updated.as_ref().or(doc.front.date.as_ref()).map(|d| d.day.to_string());
                let entry = self.sitemap_entry(&plan.path, lastmod, &self.page_versions(index));
                let page = Job { path: format!("{}index.html", plan.path), template, kind: JobKind::Page(index), key };
                let parallel = self.has_parallel(index).then(|| Job {
                    path: format!("{}parallel/index.html", plan.path),
                    template: "parallel.html".into(),
                    kind: JobKind::Parallel(index),
                    key: key ^ hash_of("parallel"),
                });
                (entry, page, parallel)
            })
            .collect();
        let mut jobs = Vec::with_capacity(planned.len() * 2);
        let mut sitemap = Vec::with_capacity(planned.len());
        for (entry, page, parallel) in planned {
            sitemap.push(entry);
            jobs.push(page);
            jobs.extend(parallel);
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
    pub(super) fn has_parallel(&self, index: usize) -> bool {
        let plan = &self.site.pages[index];
        !self.site.doc(plan).info.section.is_empty() && self.site.set_pages[plan.set].len() > 1
    }

    pub(super) fn intro_template(&self, section: &str, lang: &Lang) -> Option<String> {
        self.site
            .intros
            .get(&(section.to_string(), lang.clone()))
            .and_then(|&d| self.site.docs[d].front.template.clone())
    }

    pub(super) fn topics_versions(&self) -> Vec<Version> {
        self.site
            .config
            .languages
            .iter()
            .map(|l| (l.code.clone(), format!("{}/topics/", l.code), self.ui(&l.code, "topics", &[])))
            .collect()
    }

    pub(super) fn home_versions(&self) -> Vec<Version> {
        self.site.config.languages.iter().map(|l| (l.code.clone(), format!("{}/", l.code), l.title.clone())).collect()
    }
}
