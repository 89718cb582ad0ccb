//! Re-renders only the pages that show edited pages. A full render leaves what it
//! computed for the whole site (summaries, lists, navigation) and a dependency index
//! (page → the jobs that show it); while an edit leaves every list, link and
//! navigation as it was, those stay true and only the jobs that show the edited pages
//! are planned and keyed again.

use super::*;

/// What the planner computed for the whole site, owned, so that a later rebuild can resume from it.
pub(super) struct Prepared {
    summaries: Vec<(u64, Arc<Listed>)>,
    section_names: HashMap<(String, Lang), String>,
    lists: ListIndex,
    nav: BTreeMap<Lang, NavList>,
    intros: BTreeMap<(String, Lang), String>,
}

/// What a full render leaves for re-rendering after an edit.
pub(crate) struct Reusable {
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
        let Renderer { summaries, section_names, lists, nav, intros, .. } = self;
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

impl Reusable {
    pub(super) fn new(
        prepared: Prepared,
        (recipes, readers): (Vec<Recipe>, Vec<Vec<u32>>),
        sitemap: Vec<SitemapEntry>,
    ) -> Reusable {
        Reusable { prepared, recipes, readers, sitemap }
    }

    /// The lists the render made, with the related pages it found in them.
    pub(super) fn lists(&self) -> &ListIndex {
        &self.prepared.lists
    }

    /// A page's summary and its key, for a later full render.
    pub(crate) fn summary_of(&self, page: usize) -> (u64, Arc<Listed>) {
        let (key, listed) = &self.prepared.summaries[page];
        (*key, Arc::clone(listed))
    }

    /// The summaries of this build by page path, for a later full render.
    pub(crate) fn summaries(&self, site: &Site) -> SummaryCache {
        let summaries = &self.prepared.summaries;
        site.pages.iter().zip(summaries).map(|(p, (key, s))| (p.path.clone(), (*key, Arc::clone(s)))).collect()
    }
}

/// What re-rendering after an edit made.
pub(crate) struct Rerendered {
    /// Every page planned again, by path, whether rendered now or found unchanged.
    pub pages: Vec<(String, PageOutput)>,
    /// How many were rendered now.
    pub rendered: usize,
    /// Whether any sitemap entry changed.
    pub sitemap_changed: bool,
    pub reusable: Reusable,
}

/// Re-renders the jobs that show any of the `edited` pages, given the last build's
/// pages and the theme with its key (the fingerprint of what all pages share); `None`
/// when a page would not render (a full build then reports why).
pub(crate) fn rerender(
    site: &Site,
    bodies: &[Arc<RenderedBody>],
    (theme, fingerprint): (&Theme, u64),
    reusable: Reusable,
    edited: &[usize],
    previous: &OutputCache,
    sink: &dyn PageSink,
) -> Option<Rerendered> {
    let Reusable { prepared, recipes, readers, mut sitemap } = reusable;
    let r = Renderer::resume(site, bodies, theme, fingerprint, prepared, edited);
    let mut affected: Vec<u32> = edited.iter().flat_map(|&p| readers[p].iter().copied()).collect();
    affected.sort_unstable();
    affected.dedup();
    let jobs: Vec<Job> = affected.iter().filter_map(|&j| r.replan(&recipes[j as usize])).collect();
    let made: Vec<(String, Result<jobs::Made, jobs::Broken>)> =
        jobs.par_iter().map(|job| (job.path.clone(), r.make(job, previous, sink))).collect();
    let mut pages = Vec::with_capacity(made.len());
    let mut rendered = 0;
    for (path, result) in made {
        let made = result.ok()?;
        rendered += usize::from(made.fresh);
        let output = PageOutput { key: made.key, bytes: made.kept?, missing_strings: made.missing_strings };
        pages.push((path, output));
    }
    let mut sitemap_changed = false;
    for &page in edited {
        let entry = r.plan_page(page).0;
        if let Ok(at) = sitemap.binary_search_by(|e| e.permalink.cmp(&entry.permalink))
            && sitemap[at] != entry
        {
            sitemap[at] = entry;
            sitemap_changed = true;
        }
    }
    drop(jobs);
    let reusable = Reusable { prepared: r.into_prepared(), recipes, readers, sitemap };
    Some(Rerendered { pages, rendered, sitemap_changed, reusable })
}
