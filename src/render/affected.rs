//! Which jobs an edit touches, planned under the site as it is now: the jobs that showed
//! an edited or removed page and the edited pages' own; and when lists were made again,
//! every page of a list whose items, length or languages changed, the topics and search
//! pages, and every briefing whose related briefings changed. A job named nowhere here
//! shows what it showed before, so a patch need not plan it. Plans; renders nothing.

use std::collections::{BTreeSet, HashMap, HashSet};

use super::*;

/// One job of a build as the next render needs it: where it writes, how to plan it
/// again, and the pages whose text it shows.
pub(super) struct JobRecord {
    pub path: String,
    pub recipe: Recipe,
    pub shown: Box<[u32]>,
}

/// What the last render planned, as [`Renderer::affected`] reads it.
pub(super) struct LastJobs<'l> {
    pub jobs: &'l [JobRecord],
    /// Page index (then) → the jobs that showed it.
    pub readers: &'l [Vec<u32>],
    pub lists: &'l ListIndex,
}

/// The jobs an edit touches.
pub(super) struct Affected<'r> {
    /// Jobs of the last render (indices) that are planned again, or gone.
    pub suspects: Vec<u32>,
    /// The jobs planned now, each output path once.
    pub jobs: Vec<Job<'r>>,
    /// Sitemap entries made again.
    pub entries: Vec<SitemapEntry>,
    /// Permalinks of sitemap entries that may be gone.
    pub gone: Vec<String>,
}

impl<'a> Renderer<'a> {
    /// The jobs touched by an edit to the `changed` pages (flags by index now). `moved` takes
    /// a page's index then to its index now, `origin` the other way; with `relist` the lists
    /// were made again and are compared with `last.lists`.
    pub(super) fn affected(
        &self,
        last: &LastJobs,
        moved: &[Option<usize>],
        origin: &[Option<usize>],
        changed: &[bool],
        relist: bool,
    ) -> Affected<'_> {
        let mut suspects: Vec<u32> = Vec::new();
        for (before, now) in moved.iter().enumerate() {
            if now.is_none_or(|page| changed[page]) {
                suspects.extend(&last.readers[before]);
            }
        }
        let mut jobs = Vec::new();
        let mut entries = Vec::new();
        for page in (0..changed.len()).filter(|&p| changed[p]) {
            let (entry, page_jobs) = self.plan_page(page);
            entries.push(entry);
            jobs.extend(page_jobs);
        }
        let mut gone = Vec::new();
        if relist {
            let relisted = self.relisted(last, moved, changed);
            suspects.extend(relisted.suspects);
            jobs.extend(relisted.jobs);
            entries.extend(relisted.entries);
            gone.extend(relisted.gone);
            jobs.extend(self.related_changed(last.lists, moved, origin, changed, &relisted.topics));
        }
        suspects.sort_unstable();
        suspects.dedup();
        for &j in &suspects {
            let record = &last.jobs[j as usize];
            let to = |page: usize| moved.get(page).copied().flatten();
            let recipe = match &record.recipe {
                Recipe::Page(page) => to(*page).map(Recipe::Page),
                Recipe::Parallel(page) => to(*page).map(Recipe::Parallel),
                recipe @ (Recipe::List { .. }
                | Recipe::Topics(_)
                | Recipe::Search(_)
                | Recipe::Corrections(_)
                | Recipe::Whole) => Some(recipe.clone()),
            };
            if let Recipe::Page(page) = &record.recipe {
                // A page gone or moved leaves its sitemap entry behind.
                let then = record.path.strip_suffix("index.html").unwrap_or(&record.path);
                if to(*page).is_none_or(|now| self.site.pages[now].path != then) {
                    gone.push(self.site.permalink(then));
                }
            }
            jobs.extend(recipe.and_then(|recipe| self.replan(&recipe)));
        }
        let mut seen = HashSet::new();
        jobs.retain(|job| seen.insert(job.path.clone()));
        Affected { suspects, jobs, entries, gone }
    }

    /// After lists were made again: the pages of every list whose items, length or languages
    /// changed (old and new), every language's topics and search pages, and the topic lists
    /// that changed per language.
    fn relisted(&self, last: &LastJobs, moved: &[Option<usize>], changed: &[bool]) -> Relisted<'_> {
        let mut out = Relisted::default();
        let mut old_pages: HashMap<(&Lang, &ListId), Vec<(usize, u32)>> = HashMap::new();
        for (j, record) in last.jobs.iter().enumerate() {
            match &record.recipe {
                Recipe::List { lang, list, number } => {
                    old_pages.entry((lang, list)).or_default().push((*number, j as u32))
                }
                Recipe::Topics(_) | Recipe::Search(_) | Recipe::Corrections(_) => out.suspects.push(j as u32),
                Recipe::Page(_) | Recipe::Parallel(_) | Recipe::Whole => {}
            }
        }
        let languages: Vec<&Lang> = self.site.config.languages.iter().map(|l| &l.code).collect();
        for &lang in &languages {
            out.jobs.push(self.topics_job(lang));
            if self.site.config.search {
                out.jobs.push(self.search_job(lang));
            }
            if self.has_corrections_page() {
                out.jobs.push(self.corrections_job(lang));
            }
        }
        let mut ids: Vec<ListId> = Vec::new();
        let mut seen = HashSet::new();
        for &lang in &languages {
            for id in self.list_ids(lang).into_iter().chain(self.ids_in(last.lists, lang)) {
                if seen.insert(id.clone()) {
                    ids.push(id);
                }
            }
        }
        for id in &ids {
            let had: Vec<&Lang> = languages.iter().copied().filter(|l| self.has_list(last.lists, l, id)).collect();
            let has: Vec<&Lang> = languages.iter().copied().filter(|l| self.has_list(&self.lists, l, id)).collect();
            for &lang in &languages {
                let before = last.lists.of(lang).items(id);
                let now = self.list_items(lang, id);
                let numbers = self.moved_list_pages(before, now, (moved, changed), had == has);
                let total = page_count(now.len(), self.site.config.paginate);
                if numbers.is_empty() && had == has {
                    continue;
                }
                if let ListId::Topic(topic) = id {
                    out.topics.entry(lang.clone()).or_default().insert(topic.clone());
                }
                let old = old_pages.get(&(lang, id)).into_iter().flatten();
                let again = |n: &usize| numbers.binary_search(n).is_ok() || had != has || *n > total;
                out.suspects.extend(old.filter(|(n, _)| again(n)).map(|&(_, j)| j));
                if has.contains(&lang) {
                    out.jobs.extend(numbers.iter().map(|&n| self.list_job(lang, id, n)));
                }
                if had != has {
                    out.gone.extend(had.contains(&lang).then(|| self.site.permalink(&self.list_base(lang, id))));
                    out.entries.extend(has.contains(&lang).then(|| self.list_entry(lang, id)));
                }
            }
        }
        out
    }

    /// The page numbers of a list (its items `before`, by the last render's indices, and
    /// `now`) that show other items now, or an item whose page changed: every page when its
    /// length in pages or (not `same_languages`) the languages that have it changed. Pages
    /// beyond the list's end are the caller's to take away.
    fn moved_list_pages(
        &self,
        before: &[lists::Item],
        now: &[lists::Item],
        (moved, changed): (&[Option<usize>], &[bool]),
        same_languages: bool,
    ) -> Vec<usize> {
        let per_page = self.site.config.paginate;
        let total = page_count(now.len(), per_page);
        if !same_languages || page_count(before.len(), per_page) != total {
            return (1..=total).collect();
        }
        let same = |a: &lists::Item, b: &lists::Item| {
            moved.get(a.page).copied().flatten() == Some(b.page)
                && a.not_translated == b.not_translated
                && !changed[b.page]
        };
        (1..=total)
            .filter(|&n| {
                let (a, b) = (&before[page_range(before.len(), per_page, n)], &now[page_range(now.len(), per_page, n)]);
                a.len() != b.len() || !a.iter().zip(b).all(|(a, b)| same(a, b))
            })
            .collect()
    }

    /// The lists a language had in `lists` (the last render's), as [`Renderer::list_ids`] names them.
    fn ids_in(&self, lists: &ListIndex, lang: &Lang) -> Vec<ListId> {
        let of = lists.of(lang);
        let mut ids = vec![ListId::Home];
        let sections = self.site.sections.iter().filter(|s| self.has_section(lists, s, lang));
        ids.extend(sections.map(|s| ListId::Section(s.clone())));
        ids.extend(of.topics.keys().map(|t| ListId::Topic(t.clone())));
        ids.extend(of.authors.keys().map(|a| ListId::Author(a.clone())));
        ids
    }

    /// The page jobs of briefings (not `changed`) whose related briefings differ from those the
    /// last lists gave: only briefings in a topic list that changed can have other ones.
    fn related_changed(
        &self,
        last: &ListIndex,
        moved: &[Option<usize>],
        origin: &[Option<usize>],
        changed: &[bool],
        topics: &HashMap<Lang, BTreeSet<String>>,
    ) -> Vec<Job<'_>> {
        let mut candidates: Vec<usize> = Vec::new();
        for (lang, topics) in topics {
            let lists = self.lists.of(lang);
            let items = topics.iter().filter_map(|t| lists.topics.get(t)).flatten();
            candidates.extend(items.filter(|i| !i.not_translated && !changed[i.page]).map(|i| i.page));
        }
        candidates.sort_unstable();
        candidates.dedup();
        let differ: Vec<usize> = candidates
            .into_par_iter()
            .filter(|&page| {
                let plan = &self.site.pages[page];
                let doc = self.site.doc(plan);
                let Some(before) = origin[page] else { return true };
                let rank = |p: usize| last.rank[p];
                let then = last.of(&plan.lang).related(before, &doc.front.topics, rank, 3);
                let then: Vec<Option<usize>> = then.into_iter().map(|p| moved.get(p).copied().flatten()).collect();
                let now: Vec<Option<usize>> = self.related(page, plan, doc).into_iter().map(Some).collect();
                then != now
            })
            .collect();
        differ.into_iter().flat_map(|page| self.plan_page(page).1).collect()
    }
}

/// What [`Renderer::relisted`] found.
#[derive(Default)]
struct Relisted<'r> {
    suspects: Vec<u32>,
    jobs: Vec<Job<'r>>,
    entries: Vec<SitemapEntry>,
    gone: Vec<String>,
    /// Per language, the topics whose lists changed.
    topics: HashMap<Lang, BTreeSet<String>>,
}
