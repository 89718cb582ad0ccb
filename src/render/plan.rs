//! Plans the output of a build: every page, list page, topic page and special
//! page as a job holding the inputs of what it shows, keyed by their hash; and
//! the sitemap entries.

use super::*;

/// How a job was planned, so that a later rebuild can plan that one job again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) enum Recipe {
    Page(usize),
    Parallel(usize),
    List {
        lang: Lang,
        list: ListId,
        number: usize,
    },
    /// A language's topics page: what topics its lists have, and how long each is.
    Topics(Lang),
    /// A language's search page: its topics and the parts of its index.
    Search(Lang),
    /// A language's corrections page: every page of it that corrected itself.
    Corrections(Lang),
    /// Root and 404 pages, which show only navigation: planned again only by a full build.
    Whole,
}

impl<'a> Renderer<'a> {
    /// A job whose key is the hash of its inputs (with what all pages share).
    fn job<'r>(&self, path: String, recipe: Recipe, inputs: JobInputs<'r>) -> Job<'r> {
        let key = hash_of((self.fingerprint, &path, &inputs));
        Job { path, inputs, key, recipe }
    }

    /// Plans one job again from its recipe (`None` for one only a full build plans).
    pub(super) fn replan(&self, recipe: &Recipe) -> Option<Job<'_>> {
        match recipe {
            Recipe::Page(index) => self.plan_page(*index).1.pop(),
            Recipe::Parallel(index) => {
                let mut jobs = self.plan_page(*index).1;
                (jobs.len() == 2).then(|| jobs.swap_remove(0))
            }
            Recipe::List { lang, list, number } => {
                let lang = &self.site.config.language(lang).code;
                let total = page_count(self.list_items(lang, list).len(), self.site.config.paginate);
                let exists = *number <= total && self.list_versions(list).iter().any(|v| &v.lang == lang);
                exists.then(|| self.list_job(lang, list, *number))
            }
            Recipe::Topics(lang) => Some(self.topics_job(&self.site.config.language(lang).code)),
            Recipe::Search(lang) => {
                let lang = &self.site.config.language(lang).code;
                self.site.config.search.then(|| self.search_job(lang))
            }
            Recipe::Corrections(lang) => {
                let lang = &self.site.config.language(lang).code;
                self.has_corrections_page().then(|| self.corrections_job(lang))
            }
            Recipe::Whole => None,
        }
    }

    fn sitemap_entry(&self, path: &str, lastmod: Option<String>, versions: &[Link]) -> SitemapEntry {
        let default = &self.site.config.default_language;
        // The same choice as every page's head makes: the default language's version, else the first.
        let x_default = versions.iter().find(|v| &v.lang == default).or(versions.first());
        SitemapEntry {
            permalink: self.site.permalink(path),
            lastmod,
            alternates: versions.iter().map(|v| (v.lang.to_string(), self.site.permalink(&v.path))).collect(),
            x_default: x_default.map(|v| self.site.permalink(&v.path)),
        }
    }

    /// Lists every output page with its key, and the sitemap.
    pub(super) fn plan(&self) -> (Vec<Job<'_>>, Vec<SitemapEntry>) {
        // Pages are planned in parallel: at 20,000 pages this is most of a rebuild's work.
        let planned: Vec<(SitemapEntry, Vec<Job>)> =
            (0..self.site.pages.len()).into_par_iter().map(|index| self.plan_page(index)).collect();
        let mut jobs = Vec::with_capacity(planned.len() * 2);
        let mut sitemap = Vec::with_capacity(planned.len());
        for (entry, page_jobs) in planned {
            sitemap.push(entry);
            jobs.extend(page_jobs);
        }
        for language in &self.site.config.languages {
            self.plan_lists(&language.code, &mut jobs, &mut sitemap);
            sitemap.push(self.topics_entry(&language.code));
            jobs.push(self.topics_job(&language.code));
            if self.site.config.search {
                jobs.push(self.search_job(&language.code));
            }
            if self.has_corrections_page() {
                sitemap.push(self.corrections_entry(&language.code));
                jobs.push(self.corrections_job(&language.code));
            }
        }
        for language in &self.site.config.languages {
            let (lang, nav) = (&language.code, self.nav(&language.code));
            jobs.push(self.job(format!("{lang}/404.html"), Recipe::Whole, JobInputs::NotFound(lang, nav)));
        }
        let lang = &self.site.config.default_language;
        jobs.push(self.job("index.html".into(), Recipe::Whole, JobInputs::Root(self.nav(lang))));
        let root_not_found = match self.shared.theme.template_files.contains_key(ROOT_NOT_FOUND_TEMPLATE) {
            true => JobInputs::RootNotFound(self.nav(lang)),
            // Optional: without it, the site's root answers with the default language's page.
            false => JobInputs::NotFound(lang, self.nav(lang)),
        };
        jobs.push(self.job("404.html".into(), Recipe::Whole, root_not_found));
        (jobs, sitemap)
    }

    /// The inputs of a briefing page (and of its side-by-side view).
    fn page_inputs(&self, index: usize) -> PageInputs<'_> {
        let page = self.version(index);
        let doc = page.doc;
        let template = doc.front.template.as_deref().unwrap_or(if doc.info.section.is_empty() {
            "plain.html"
        } else {
            "page.html"
        });
        let section_title =
            if doc.info.section.is_empty() { "" } else { self.section_title(&doc.info.section, &page.plan.lang) };
        PageInputs {
            template,
            page,
            versions: self.site.versions(page.plan).into_iter().map(|p| self.version(p)).collect(),
            section_title,
            related: self.related(index, page.plan, doc).into_iter().map(|p| self.version(p)).collect(),
            nav: self.nav(&page.plan.lang),
            scheduled: self.site.publishing.is_held(doc),
        }
    }

    /// Up to three briefings of the page's language that share the most topics with it.
    pub(super) fn related(&self, index: usize, plan: &crate::plan::site::PagePlan, doc: &SourceDoc) -> Vec<usize> {
        if doc.info.section.is_empty() || doc.front.topics.is_empty() {
            return Vec::new();
        }
        let rank = |p: usize| self.lists.rank[p];
        self.lists.of(&plan.lang).related(index, &doc.front.topics, rank, 3)
    }

    /// A briefing's sitemap entry and jobs: its page last, its side-by-side view (if any) first.
    pub(super) fn plan_page(&self, index: usize) -> (SitemapEntry, Vec<Job<'_>>) {
        let inputs = self.page_inputs(index);
        let doc = inputs.page.doc;
        let lastmod = doc.front.last_changed().map(|d| d.day.to_string());
        let links = page_links(&inputs.versions, "");
        let entry = self.sitemap_entry(&inputs.page.plan.path, lastmod, &links);
        let path = &inputs.page.plan.path;
        let mut jobs = Vec::with_capacity(2);
        if inputs.has_parallel() && self.shared.config.parallel_view {
            let parallel = JobInputs::Parallel(inputs.clone());
            jobs.push(self.job(format!("{path}parallel/index.html"), Recipe::Parallel(index), parallel));
        }
        jobs.push(self.job(format!("{path}index.html"), Recipe::Page(index), JobInputs::Page(inputs)));
        (entry, jobs)
    }

    /// Every list of a language: home, sections, topics and authors.
    pub(super) fn list_ids(&self, lang: &Lang) -> Vec<ListId> {
        let lists = self.lists.of(lang);
        let mut ids = vec![ListId::Home];
        ids.extend(
            self.site.sections.iter().filter(|s| self.section_exists(s, lang)).map(|s| ListId::Section(s.clone())),
        );
        ids.extend(lists.topics.keys().map(|t| ListId::Topic(t.clone())));
        ids.extend(lists.authors.keys().map(|a| ListId::Author(a.clone())));
        ids
    }

    /// Every page of the home, section, topic and author lists of a language.
    fn plan_lists<'r>(&'r self, lang: &'r Lang, jobs: &mut Vec<Job<'r>>, sitemap: &mut Vec<SitemapEntry>) {
        for list in self.list_ids(lang) {
            sitemap.push(self.list_entry(lang, &list));
            jobs.extend(self.list_jobs(lang, &list));
        }
    }

    /// The sitemap entry of a list in a language.
    pub(super) fn list_entry(&self, lang: &Lang, list: &ListId) -> SitemapEntry {
        self.sitemap_entry(&self.list_base(lang, list), None, &self.list_versions(list))
    }

    /// Every page of one list in a language.
    pub(super) fn list_jobs<'r>(&'r self, lang: &'r Lang, list: &ListId) -> Vec<Job<'r>> {
        let total = page_count(self.list_items(lang, list).len(), self.site.config.paginate);
        (1..=total).map(|number| self.list_job(lang, list, number)).collect()
    }

    /// Page `number` of a list.
    pub(super) fn list_job<'r>(&'r self, lang: &'r Lang, list: &ListId, number: usize) -> Job<'r> {
        let (section, default_template) = match list {
            ListId::Home => (Some(""), "home.html"),
            ListId::Section(s) => (Some(s.as_str()), "section.html"),
            ListId::Topic(_) => (None, "topic.html"),
            ListId::Author(_) => (None, "author.html"),
        };
        let intro = section.and_then(|s| self.intro(s, lang));
        let template = intro.and_then(|i| i.doc.front.template.clone()).unwrap_or_else(|| default_template.into());
        let all_items = self.list_items(lang, list);
        let per_page = self.site.config.paginate;
        let items = all_items[page_range(all_items.len(), per_page, number)]
            .iter()
            .map(|i| ListItem { version: self.version(i.page), not_translated: i.not_translated })
            .collect();
        let inputs = ListInputs {
            template,
            lang,
            list: list.clone(),
            title: self.list_title(list, lang),
            number,
            total: page_count(all_items.len(), per_page),
            items,
            versions: self.list_versions(list),
            intro,
            nav: self.nav(lang),
        };
        let path = format!("{}index.html", page_path(&self.list_base(lang, list), number));
        let recipe = Recipe::List { lang: lang.clone(), list: list.clone(), number };
        self.job(path, recipe, JobInputs::List(inputs))
    }

    /// The sitemap entry of a language's topics page.
    fn topics_entry(&self, lang: &Lang) -> SitemapEntry {
        self.sitemap_entry(&format!("{lang}/topics/"), None, &self.every_language("topics", "topics"))
    }

    /// The topics page of a language.
    pub(super) fn topics_job<'r>(&'r self, lang: &'r Lang) -> Job<'r> {
        let versions = self.every_language("topics", "topics");
        let counts = self.lists.of(lang).topics.iter().map(|(k, v)| (k.as_str(), v.len())).collect();
        let inputs = TopicsInputs { lang, counts, versions, nav: self.nav(lang) };
        self.job(format!("{lang}/topics/index.html"), Recipe::Topics(lang.clone()), JobInputs::Topics(inputs))
    }

    /// A page that exists in every language at `/{lang}/{folder}/`, each titled by a UI string.
    fn every_language(&self, folder: &str, title_key: &str) -> Vec<Link> {
        let languages = self.site.config.languages.iter();
        languages
            .map(|l| Link {
                lang: l.code.clone(),
                path: format!("{}/{folder}/", l.code),
                title: self.shared.ui(&l.code, title_key, &[]),
            })
            .collect()
    }

    /// Whether the theme has a corrections page (it is optional).
    pub(super) fn has_corrections_page(&self) -> bool {
        self.shared.theme.template_files.contains_key(CORRECTIONS_TEMPLATE)
    }

    /// The sitemap entry of a language's corrections page.
    fn corrections_entry(&self, lang: &Lang) -> SitemapEntry {
        let versions = self.every_language("corrections", "corrections");
        self.sitemap_entry(&format!("{lang}/corrections/"), None, &versions)
    }

    /// The corrections page of a language: every page of it that corrected itself.
    pub(super) fn corrections_job<'r>(&'r self, lang: &'r Lang) -> Job<'r> {
        let path = format!("{lang}/corrections/");
        let versions = self.every_language("corrections", "corrections");
        let pages = (0..self.site.pages.len())
            .filter(|&i| {
                let plan = &self.site.pages[i];
                &plan.lang == lang && !self.site.doc(plan).front.corrections.is_empty()
            })
            .map(|i| self.version(i))
            .collect();
        let inputs = CorrectionsInputs { lang, pages, versions, nav: self.nav(lang) };
        self.job(format!("{path}index.html"), Recipe::Corrections(lang.clone()), JobInputs::Corrections(inputs))
    }

    /// The search page of a language; not in the sitemap, as it shows nothing of its own.
    pub(super) fn search_job<'r>(&'r self, lang: &'r Lang) -> Job<'r> {
        let versions = self.every_language("search", "search_title");
        let topics = self.lists.of(lang).topics.keys().map(String::as_str).collect();
        let all_parts = self.search_parts.get_or_init(|| crate::plan::search_parts::search_parts(self.site));
        // Newest first: the search page loads the first and merges the others.
        let parts = all_parts.iter().rev().filter(|p| &p.lang == lang).map(|p| p.name.clone()).collect();
        let edits = self.site.config.search_edits;
        let inputs = SearchInputs { lang, topics, parts, edits, versions, nav: self.nav(lang) };
        self.job(format!("{lang}/search/index.html"), Recipe::Search(lang.clone()), JobInputs::Search(inputs))
    }

    fn list_title(&self, list: &ListId, lang: &Lang) -> String {
        match list {
            ListId::Home => self.shared.language(lang).title.clone(),
            ListId::Section(s) => self.section_title(s, lang).to_string(),
            ListId::Topic(t) => self.shared.topic_name(t, lang),
            ListId::Author(a) => self.shared.config.authors.get(a).map_or(a.as_str(), |p| p.name(lang)).to_string(),
        }
    }

    pub(super) fn list_versions(&self, list: &ListId) -> Vec<Link> {
        self.site
            .config
            .languages
            .iter()
            .map(|l| &l.code)
            .filter(|l| self.has_list(&self.lists, l, list))
            .map(|l| Link { lang: l.clone(), path: self.list_base(l, list), title: self.list_title(list, l) })
            .collect()
    }

    /// Whether a language has a list in `lists` (this render's, or the last one's).
    pub(super) fn has_list(&self, lists: &ListIndex, lang: &Lang, list: &ListId) -> bool {
        match list {
            ListId::Home => true,
            ListId::Section(s) => self.has_section(lists, s, lang),
            ListId::Topic(t) => lists.of(lang).topics.contains_key(t),
            ListId::Author(a) => lists.of(lang).authors.contains_key(a),
        }
    }

    /// Whether a language has a section in `lists`: an intro, or briefings.
    pub(super) fn has_section(&self, lists: &ListIndex, section: &str, lang: &Lang) -> bool {
        self.site.intros.contains_key(&(section.to_string(), lang.clone()))
            || lists.of(lang).sections.contains_key(section)
    }

    pub(super) fn list_items(&self, lang: &Lang, list: &ListId) -> &[lists::Item] {
        self.lists.of(lang).items(list)
    }

    pub(super) fn list_base(&self, lang: &Lang, list: &ListId) -> String {
        match list {
            ListId::Home => format!("{lang}/"),
            ListId::Section(s) => self.site.section_path(s, lang),
            ListId::Topic(t) => format!("{lang}/topics/{t}/"),
            ListId::Author(a) => author_path(lang, a),
        }
    }
}

/// Where an author's page is in a language.
pub(super) fn author_path(lang: &Lang, key: &str) -> String {
    format!("{lang}/authors/{key}/")
}

/// Links to every version of a page (or of one of its sub-pages, such as `parallel/`).
pub(super) fn page_links(versions: &[Version], below: &str) -> Vec<Link> {
    versions
        .iter()
        .map(|v| Link {
            lang: v.plan.lang.clone(),
            path: format!("{}{below}", v.plan.path),
            title: v.doc.front.title.clone(),
        })
        .collect()
}
