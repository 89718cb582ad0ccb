//! What a render leaves for the next ([`LastRender`]), and re-rendering only the pages
//! that show edited pages. A render leaves what it computed for the whole site
//! (summaries, lists, navigation) and a dependency index (page → the jobs that show
//! it); while an edit leaves every list, link and navigation as it was, those stay
//! true and only the jobs that show the edited pages are planned and keyed again.

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
/// navigation, intros), the dependency index and the sitemap entries. A full render reuses
/// pages, summaries and related briefings by key; a patch resumes from all of it.
#[derive(Default)]
pub(crate) struct LastRender {
    /// Every page of the build by output path.
    pub pages: Arc<OutputCache>,
    prepared: Prepared,
    /// How to plan each job of the build again.
    recipes: Vec<Recipe>,
    /// Page index → the jobs (indices into `recipes`) that show its text.
    readers: Vec<Vec<u32>>,
    /// Every sitemap entry, sorted by permalink.
    pub sitemap: Vec<SitemapEntry>,
}

impl<'a> Renderer<'a> {
    /// Gives up the borrowed site, keeping what was computed from it.
    pub(super) fn into_prepared(self) -> Prepared {
        // Every field named: a new one must be kept here or left out on purpose.
        let Renderer { site: _, bodies: _, shared: _, fingerprint: _, summaries, section_names, lists, nav, intros } =
            self;
        Prepared { summaries, section_names, lists, nav, intros }
    }

    /// A planner for `site` from what the last render computed, with the summaries of
    /// `edited` pages made again. The caller vouches that lists, navigation and intros
    /// are as they were: only the text of the edited pages changed.
    fn resume(
        site: &'a Site,
        bodies: &'a [Arc<RenderedBody>],
        theme: &'a Theme,
        fingerprint: u64,
        prepared: Prepared,
        edited: &[usize],
    ) -> Renderer<'a> {
        let Prepared { mut summaries, section_names, lists, nav, intros } = prepared;
        let shared = Shared::new(site, theme);
        for &i in edited {
            let plan = &site.pages[i];
            let key = summary_key(site, bodies, fingerprint, i);
            summaries[i] = (key, Arc::new(Listed::new(shared.summary(plan, site.doc(plan), &bodies[i]))));
        }
        Renderer { site, bodies, shared, fingerprint, summaries, section_names, lists, nav, intros }
    }
}

/// The recipes of a build's jobs, and which jobs show each page (of `pages`).
pub(super) fn dependencies(jobs: Vec<Job>, pages: usize) -> (Vec<Recipe>, Vec<Vec<u32>>) {
    let mut readers = vec![Vec::new(); pages];
    for (j, job) in jobs.iter().enumerate() {
        for page in job.inputs.pages_shown() {
            // A page shown twice by one job (a version that is also related) is one reader.
            if readers[page].last() != Some(&(j as u32)) {
                readers[page].push(j as u32);
            }
        }
    }
    (jobs.into_iter().map(|j| j.recipe).collect(), readers)
}

impl LastRender {
    pub(super) fn new(
        pages: Arc<OutputCache>,
        prepared: Prepared,
        (recipes, readers): (Vec<Recipe>, Vec<Vec<u32>>),
        sitemap: Vec<SitemapEntry>,
    ) -> LastRender {
        LastRender { pages, prepared, recipes, readers, sitemap }
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

/// Re-renders the jobs that show any of the `edited` pages, resuming from `last` (the
/// last build's render, taken and left empty) with the theme and its key (the fingerprint
/// of what all pages share). When a page would not render, or the sink did not keep it,
/// `last` is put back as it was and `None` returned: the full build then reports why.
pub(crate) fn rerender(
    site: &Site,
    bodies: &[Arc<RenderedBody>],
    (theme, fingerprint): (&Theme, u64),
    last: &mut LastRender,
    edited: &[usize],
    sink: &dyn PageSink,
) -> Option<Rendered> {
    let LastRender { mut pages, prepared, recipes, readers, mut sitemap } = std::mem::take(last);
    let r = Renderer::resume(site, bodies, theme, fingerprint, prepared, edited);
    let mut affected: Vec<u32> = edited.iter().flat_map(|&p| readers[p].iter().copied()).collect();
    affected.sort_unstable();
    affected.dedup();
    let jobs: Vec<Job> = affected.iter().filter_map(|&j| r.replan(&recipes[j as usize])).collect();
    let made: Vec<(String, Result<jobs::Made, jobs::Broken>)> =
        jobs.par_iter().map(|job| (job.path.clone(), r.make(job, &pages, sink))).collect();
    let entries: Vec<SitemapEntry> = edited.iter().map(|&page| r.plan_page(page).0).collect();
    drop(jobs);
    let prepared = r.into_prepared();
    if made.iter().any(|(_, m)| m.as_ref().map_or(true, |m| m.output.bytes.is_none())) {
        *last = LastRender { pages, prepared, recipes, readers, sitemap };
        return None;
    }
    let map = Arc::make_mut(&mut pages);
    let mut rendered = 0;
    for (path, made) in made.into_iter().filter_map(|(path, m)| Some((path, m.ok()?))) {
        if made.fresh {
            rendered += 1;
            map.insert(path, made.output);
        }
    }
    let mut sitemap_changed = false;
    for entry in entries {
        if let Ok(at) = sitemap.binary_search_by(|e| e.permalink.cmp(&entry.permalink))
            && sitemap[at] != entry
        {
            sitemap[at] = entry;
            sitemap_changed = true;
        }
    }
    let state = LastRender { pages, prepared, recipes, readers, sitemap };
    Some(Rendered { state, broken: Vec::new(), rendered, sitemap_changed })
}
