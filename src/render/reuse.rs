//! What a render leaves for the next ([`LastRender`]), and re-rendering only the pages
//! an edit touches. A render leaves what it computed for the whole site (summaries,
//! lists, navigation) and every job with the pages it shows; a patch carries all of it
//! over to the pages as they are now, makes the lists again when what they sort or
//! group by changed, and plans only the jobs [`affected`](super::affected) names.

use std::collections::HashSet;

use super::affected::{Affected, JobRecord, LastJobs};
use super::*;

/// What the planner computed for the whole site, owned, so that a later render can resume from it.
#[derive(Default)]
pub(super) struct Prepared {
    /// Per page: the key of its summary's inputs, and the summary.
    summaries: Vec<(u64, Arc<Listed>)>,
    section_names: HashMap<(String, Lang), String>,
    lists: ListIndex,
    nav: BTreeMap<Lang, NavList>,
    intros: BTreeMap<(String, Lang), String>,
}

/// What a render leaves for the next: every page of the build, what the planner computed
/// for the whole site (summaries, lists with the related briefings found in them,
/// navigation, intros), every job and the sitemap entries. A full render reuses pages,
/// summaries and related briefings by key; a patch resumes from all of it.
#[derive(Default)]
pub(crate) struct LastRender {
    /// Every page of the build by output path.
    pub pages: Arc<OutputCache>,
    prepared: Prepared,
    /// Every job of the build.
    jobs: Vec<JobRecord>,
    /// Page index → the jobs (indices into `jobs`) that show its text.
    readers: Vec<Vec<u32>>,
    /// Every sitemap entry, sorted by permalink.
    pub sitemap: Vec<SitemapEntry>,
}

/// What a patch changed, as [`rerender`] needs to know it.
pub(crate) struct Edited<'a> {
    /// Each page's index in the last build (`None`: a new page).
    pub origin: &'a [Option<usize>],
    /// The pages (by their index now) whose text, place, language versions or rendered body
    /// changed; new pages included.
    pub pages: &'a [usize],
    /// Whether what lists sort and group by may have changed (a date, title, topics or people;
    /// pages that came, went or moved): the lists are then made again and compared.
    pub relist: bool,
}

impl<'a> Renderer<'a> {
    /// Gives up the borrowed site, keeping what was computed from it.
    pub(super) fn into_prepared(self) -> Prepared {
        // Every field named: a new one must be kept here or left out on purpose.
        let Renderer {
            site: _,
            bodies: _,
            shared: _,
            fingerprint: _,
            summaries,
            section_names,
            lists,
            nav,
            intros,
            search_parts: _,
        } = self;
        Prepared { summaries, section_names, lists, nav, intros }
    }

    /// A planner for `site` from what the last render computed: summaries carried to the
    /// pages' indices now (`origin`) and made again for `changed` pages, and `lists` (the
    /// last render's, or made again by the caller). The caller vouches that intros are as they were.
    fn resume(
        (site, bodies, theme, fingerprint): (&'a Site, &'a [Arc<RenderedBody>], &'a Theme, u64),
        last: &Prepared,
        lists: ListIndex,
        origin: &[Option<usize>],
        changed: &[bool],
    ) -> Renderer<'a> {
        let shared = Shared::new(site, theme);
        let summaries = (0..site.pages.len())
            .into_par_iter()
            .map(|i| match origin[i].filter(|_| !changed[i]) {
                Some(before) => last.summaries[before].clone(),
                None => {
                    let plan = &site.pages[i];
                    let key = summary_key(site, bodies, fingerprint, i);
                    (key, Arc::new(Listed::new(shared.summary(plan, site.doc(plan), &bodies[i]))))
                }
            })
            .collect();
        let mut r = Renderer {
            site,
            bodies,
            shared,
            fingerprint,
            summaries,
            section_names: last.section_names.clone(),
            lists,
            nav: BTreeMap::new(),
            intros: last.intros.clone(),
            search_parts: std::sync::OnceLock::new(),
        };
        r.section_names = section_names(site, theme);
        r.nav = r.navigation();
        r
    }
}

/// The records of a build's jobs, and which jobs show each page (of `pages`).
pub(super) fn dependencies(jobs: Vec<Job>, pages: usize) -> (Vec<JobRecord>, Vec<Vec<u32>>) {
    let records: Vec<JobRecord> = jobs
        .into_iter()
        .map(|job| {
            let shown = job.inputs.pages_shown().into_iter().map(|p| p as u32).collect();
            JobRecord { path: job.path, recipe: job.recipe, shown }
        })
        .collect();
    let readers = readers_of(&records, pages);
    (records, readers)
}

/// Which jobs show each page.
fn readers_of(records: &[JobRecord], pages: usize) -> Vec<Vec<u32>> {
    let mut readers = vec![Vec::new(); pages];
    for (j, record) in records.iter().enumerate() {
        for &page in record.shown.iter() {
            // A page shown twice by one job (a version that is also related) is one reader.
            let list: &mut Vec<u32> = &mut readers[page as usize];
            if list.last() != Some(&(j as u32)) {
                list.push(j as u32);
            }
        }
    }
    readers
}

impl LastRender {
    pub(super) fn new(
        pages: Arc<OutputCache>,
        prepared: Prepared,
        (jobs, readers): (Vec<JobRecord>, Vec<Vec<u32>>),
        sitemap: Vec<SitemapEntry>,
    ) -> LastRender {
        LastRender { pages, prepared, jobs, readers, sitemap }
    }

    /// The lists the render made, with the related pages it found in them.
    pub(super) fn lists(&self) -> &ListIndex {
        &self.prepared.lists
    }

    /// Per page of that build: the key of its summary's inputs, and the summary.
    pub(super) fn summaries(&self) -> &[(u64, Arc<Listed>)] {
        &self.prepared.summaries
    }

    /// This render with the `last` build's pages added under it, for the build after a failed
    /// one: pages that did not render this time may still be reused from before.
    pub(crate) fn keeping_pages_of(mut self, last: &OutputCache) -> LastRender {
        let mut pages = last.clone();
        pages.extend(self.pages.iter().map(|(path, page)| (path.clone(), page.clone())));
        self.pages = Arc::new(pages);
        self
    }
}

/// Re-renders the jobs an edit touches (see [`Edited`]), resuming from `last` (the last
/// build's render, taken and left empty) with the theme and its key (the fingerprint of
/// what all pages share). When the edit changes the navigation, a page would not render,
/// or the sink did not keep one, `last` is put back as it was and `None` returned: the
/// full build then does the work, or reports why.
pub(crate) fn rerender(
    site: &Site,
    bodies: &[Arc<RenderedBody>],
    (theme, fingerprint): (&Theme, u64),
    last: &mut LastRender,
    edited: &Edited,
    sink: &dyn PageSink,
) -> Option<Rendered> {
    let LastRender { mut pages, mut prepared, jobs, readers, mut sitemap } = std::mem::take(last);
    let mut changed = vec![false; site.pages.len()];
    for &page in edited.pages {
        changed[page] = true;
    }
    let mut moved: Vec<Option<usize>> = vec![None; readers.len()];
    for (now, before) in edited.origin.iter().enumerate() {
        if let Some(&before) = before.as_ref() {
            moved[before] = Some(now);
        }
    }
    // Pages that kept their indices and lists that kept their keys keep every job's pages shown.
    let same_indices = moved.len() == changed.len() && moved.iter().enumerate().all(|(i, m)| *m == Some(i));
    let relist = edited.relist || !same_indices;
    let lists = match relist {
        true => {
            let mut lists = ListIndex::new(site);
            lists.reuse_related(&prepared.lists, |page| moved.get(page).copied().flatten(), |page| !changed[page]);
            lists
        }
        false => std::mem::take(&mut prepared.lists),
    };
    let r = Renderer::resume((site, bodies, theme, fingerprint), &prepared, lists, edited.origin, &changed);
    let same_nav = r.nav.len() == prepared.nav.len()
        && r.nav.iter().zip(&prepared.nav).all(|((a, x), (b, y))| a == b && x.key() == y.key());
    let (made, records, affected) = match same_nav {
        true => {
            let last_lists = if relist { &prepared.lists } else { &r.lists };
            let last_jobs = LastJobs { jobs: &jobs, readers: &readers, lists: last_lists };
            let affected = r.affected(&last_jobs, &moved, edited.origin, &changed, relist);
            let made: Vec<(String, Result<jobs::Made, jobs::Broken>)> =
                affected.jobs.par_iter().map(|job| (job.path.clone(), r.make(job, &pages, sink))).collect();
            let records: Vec<JobRecord> = affected
                .jobs
                .iter()
                .map(|job| JobRecord {
                    path: job.path.clone(),
                    recipe: job.recipe.clone(),
                    shown: job.inputs.pages_shown().into_iter().map(|p| p as u32).collect(),
                })
                .collect();
            let Affected { suspects, jobs: _, entries, gone } = affected;
            (made, records, Some((suspects, entries, gone)))
        }
        false => (Vec::new(), Vec::new(), None),
    };
    let failed = made.iter().any(|(_, m)| m.as_ref().map_or(true, |m| m.output.bytes.is_none()));
    let now = r.into_prepared();
    let Some((suspects, entries, gone)) = affected.filter(|_| !failed) else {
        let lists = if relist { prepared.lists } else { now.lists };
        *last = LastRender { pages, prepared: Prepared { lists, ..prepared }, jobs, readers, sitemap };
        return None;
    };
    let made = Patched { made, records, suspects, relist, same_indices };
    let (rendered, jobs, readers) = take_in(&mut pages, made, (jobs, readers), &moved, site.pages.len());
    let sitemap_changed = update_sitemap(&mut sitemap, entries, gone);
    let state = LastRender { pages, prepared: now, jobs, readers, sitemap };
    Some(Rendered { state, broken: Vec::new(), rendered, sitemap_changed })
}

/// What a patch made: the jobs rendered (or taken from the last build), their records, the
/// jobs of the last build planned again or gone, and how far pages moved.
struct Patched {
    made: Vec<(String, Result<jobs::Made, jobs::Broken>)>,
    records: Vec<JobRecord>,
    suspects: Vec<u32>,
    relist: bool,
    same_indices: bool,
}

/// Takes what a patch made into the last build's pages and jobs: pages of jobs gone are
/// taken out, pages rendered now go in, and the jobs (with which pages they show) are made
/// again when lists changed. Returns how many pages were rendered now, the jobs and readers.
fn take_in(
    pages: &mut Arc<OutputCache>,
    made: Patched,
    (jobs, readers): (Vec<JobRecord>, Vec<Vec<u32>>),
    moved: &[Option<usize>],
    page_count: usize,
) -> (usize, Vec<JobRecord>, Vec<Vec<u32>>) {
    let Patched { made, records, suspects, relist, same_indices } = made;
    let planned: HashSet<&str> = records.iter().map(|r| r.path.as_str()).collect();
    let map = Arc::make_mut(pages);
    for &j in &suspects {
        let path = &jobs[j as usize].path;
        if !planned.contains(path.as_str()) {
            map.remove(path);
        }
    }
    let mut rendered = 0;
    for (path, made) in made.into_iter().filter_map(|(path, m)| Some((path, m.ok()?))) {
        if made.fresh {
            rendered += 1;
            map.insert(path, made.output);
        }
    }
    if !relist {
        // The jobs planned again show the pages they showed: only their text changed.
        return (rendered, jobs, readers);
    }
    let suspect: HashSet<u32> = suspects.iter().copied().collect();
    let kept = jobs
        .into_iter()
        .enumerate()
        .filter(|(j, record)| !suspect.contains(&(*j as u32)) && !planned.contains(record.path.as_str()));
    let mut all: Vec<JobRecord> = match same_indices {
        true => kept.map(|(_, record)| record).collect(),
        false => kept.filter_map(|(_, record)| record.moved(moved)).collect(),
    };
    drop(planned);
    all.extend(records);
    let readers = readers_of(&all, page_count);
    (rendered, all, readers)
}

impl JobRecord {
    /// This record with its pages at their indices now (`moved`: index before → now); `None`
    /// if it names a page that is gone, which no kept job does (it would have shown it).
    fn moved(self, moved: &[Option<usize>]) -> Option<JobRecord> {
        let to = |page: usize| moved.get(page).copied().flatten();
        let recipe = match self.recipe {
            Recipe::Page(page) => Recipe::Page(to(page)?),
            Recipe::Parallel(page) => Recipe::Parallel(to(page)?),
            recipe @ (Recipe::List { .. }
            | Recipe::Topics(_)
            | Recipe::Search(_)
            | Recipe::Corrections(_)
            | Recipe::Whole) => recipe,
        };
        let shown = self.shown.iter().map(|&p| to(p as usize).map(|p| p as u32)).collect::<Option<_>>()?;
        Some(JobRecord { path: self.path, recipe, shown })
    }
}

/// Takes the `gone` permalinks out of the sitemap and puts the `entries` made again in;
/// whether anything in it changed.
fn update_sitemap(sitemap: &mut Vec<SitemapEntry>, entries: Vec<SitemapEntry>, gone: Vec<String>) -> bool {
    let gone: HashSet<&str> = {
        let made: HashSet<&str> = entries.iter().map(|e| e.permalink.as_str()).collect();
        gone.iter().map(String::as_str).filter(|p| !made.contains(p)).collect()
    };
    let before = sitemap.len();
    if !gone.is_empty() {
        sitemap.retain(|e| !gone.contains(e.permalink.as_str()));
    }
    let mut changed = sitemap.len() != before;
    for entry in entries {
        match sitemap.binary_search_by(|e| e.permalink.cmp(&entry.permalink)) {
            Ok(at) if sitemap[at] == entry => {}
            Ok(at) => {
                sitemap[at] = entry;
                changed = true;
            }
            Err(at) => {
                sitemap.insert(at, entry);
                changed = true;
            }
        }
    }
    changed
}
