//! Runs the planned jobs: each page is taken from the previous build when its
//! key is unchanged, else rendered through its template. Returns what it made
//! and found (pages, template errors once per cause, missing UI strings).

use std::collections::BTreeMap;

use super::*;
use crate::render::theme::{missing_string_warnings, noting_missing_strings};

/// One job done: its page (bytes if the sink keeps them) and whether it was rendered now.
pub(super) struct Made {
    pub key: u64,
    pub kept: Option<Arc<[u8]>>,
    pub missing_strings: Arc<[MissingString]>,
    pub fresh: bool,
}

/// Why a job made no page: a problem, and the page it broke.
pub(super) struct Broken {
    problem: Diagnostic,
    page: String,
}

/// Renders every page, list, topic page, root chooser and 404 of the site into `sink`.
///
/// `fingerprint` covers what is the same for every page (config, theme); `previous`
/// holds the last build's pages and summaries, consulted by key, so that only pages
/// whose inputs changed are rendered again. Pages are handed over as they are
/// made, so a build never holds the whole site in memory.
pub(crate) fn render_site(
    site: &Site,
    bodies: &[Arc<RenderedBody>],
    theme: &Theme,
    fingerprint: u64,
    previous: &RenderCache,
    earlier: Option<&Reusable>,
    sink: &dyn PageSink,
) -> Rendered {
    let r = Renderer::new(site, bodies, theme, fingerprint, previous, earlier);
    let (jobs, mut sitemap) = r.plan();
    let results: Vec<(String, Result<Made, Broken>)> =
        jobs.par_iter().map(|job| (job.path.clone(), r.make(job, &previous.pages, sink))).collect();
    sitemap.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    let dependencies = reuse::dependencies(jobs, site.pages.len());
    let reusable = Reusable::new(r.into_prepared(), dependencies, sitemap);
    let summaries = reusable.summaries(site);
    // When every page is one the last build made (the usual rebuild), its map is kept and only
    // pages rendered now go in: copying a persistent map costs nothing, filling one does.
    let same_paths = results.len() == previous.pages.len()
        && results.iter().all(|(path, made)| made.is_ok() && previous.pages.contains_key(path));
    let mut pages = if same_paths { (*previous.pages).clone() } else { OutputCache::default() };
    let (mut rendered, mut paths, mut broken, mut missing) = (0, Vec::new(), Vec::new(), Vec::new());
    for (path, result) in results {
        match result {
            Ok(made) => {
                rendered += usize::from(made.fresh);
                missing.extend(made.missing_strings.iter().cloned());
                if let Some(bytes) = made.kept.filter(|_| made.fresh || !same_paths) {
                    let output = PageOutput { key: made.key, bytes, missing_strings: made.missing_strings };
                    pages.insert(path.clone(), output);
                }
                paths.push(path);
            }
            Err(b) => broken.push(b),
        }
    }
    let mut diagnostics = once_per_cause(broken);
    diagnostics.extend(missing_string_warnings(missing, &theme.dir_shown));
    Rendered { pages, diagnostics, rendered, paths, summaries, reusable }
}

/// One diagnostic per cause, however many pages it broke: a mistake in
/// `page.html` is one line, with the number of pages and one of them named.
fn once_per_cause(broken: Vec<Broken>) -> Vec<Diagnostic> {
    let mut by_cause: BTreeMap<Diagnostic, Vec<String>> = BTreeMap::new();
    for b in broken {
        by_cause.entry(b.problem).or_default().push(b.page);
    }
    by_cause
        .into_iter()
        .map(|(mut problem, mut pages)| {
            pages.sort();
            pages.dedup();
            // A problem located in the page's own file needs no page named after it.
            if pages.len() == 1 && problem.path.display().to_string() == pages[0] {
                return problem;
            }
            problem.message = match pages.len() {
                1 => format!("{} (while rendering {})", problem.message, pages[0]),
                n => format!("{} (breaks {n} pages, e.g. {})", problem.message, pages[0]),
            };
            problem
        })
        .collect()
}

impl<'a> Renderer<'a> {
    /// Makes one job's page: from the previous build if its key is unchanged, else by rendering.
    pub(super) fn make(
        &'a self,
        job: &'a Job<'a>,
        previous: &OutputCache,
        sink: &dyn PageSink,
    ) -> Result<Made, Broken> {
        let io_error = |e: String| Broken {
            problem: Diagnostic::error(&job.path, 1, 1, format!("cannot write the page: {e}")),
            page: format!("/{}", job.path),
        };
        if let Some(old) = previous.get(&job.path)
            && old.key == job.key
        {
            sink.cached(&job.path, &old.bytes).map_err(io_error)?;
            let missing_strings = Arc::clone(&old.missing_strings);
            return Ok(Made { key: old.key, kept: Some(Arc::clone(&old.bytes)), missing_strings, fresh: false });
        }
        let (html, missing) = noting_missing_strings(|| self.shared.run(job));
        let kept = sink.fresh(&job.path, html?).map_err(io_error)?;
        Ok(Made { key: job.key, kept, missing_strings: missing.into(), fresh: true })
    }
}

impl<'a> Shared<'a> {
    /// Renders a job through its template; problems name their cause and the page they broke.
    fn run(&'a self, job: &'a Job<'a>) -> Result<Vec<u8>, Broken> {
        let blame = job.inputs.blame();
        let template = job.inputs.template();
        let page = blame.map_or_else(|| format!("/{}", job.path), |d| d.path.display().to_string());
        if !self.theme.tera.contains_template(template) {
            let message = format!("template `{template}` not found in the theme or templates/");
            let problem = match blame {
                Some(doc) => doc.error_at(doc.front.at.template.unwrap_or(doc.front.at.front), message),
                None => Diagnostic::error(&self.theme.dir_shown, 1, 1, message),
            };
            return Err(Broken { problem, page });
        }
        let context = self.context(&job.inputs).map_err(|e| Broken {
            problem: Diagnostic::error(&page, 1, 1, format!("cannot build the template context: {e}")),
            page: page.clone(),
        })?;
        let mut html = Vec::with_capacity(16 * 1024);
        match self.theme.tera.render_to(template, &context, &mut html) {
            Ok(()) => Ok(crate::render::theme::mark_fallback_strings(html)),
            Err(e) => Err(Broken { problem: self.template_error(template, &e), page }),
        }
    }

    fn template_error(&self, template: &str, e: &tera::Error) -> Diagnostic {
        match e.kind() {
            ErrorKind::RenderingError(report) | ErrorKind::SyntaxError(report) => {
                let file = self
                    .theme
                    .template_files
                    .get(report.filename())
                    .cloned()
                    .unwrap_or_else(|| report.filename().to_string());
                let span = report.span();
                Diagnostic::error(file, span.start_line.max(1), span.start_col + 1, report.message().to_string())
            }
            other => {
                let file = self.theme.template_files.get(template).cloned().unwrap_or_else(|| template.to_string());
                let message = other.to_string();
                Diagnostic::error(file, 1, 1, message.lines().next().unwrap_or_default().to_string())
            }
        }
    }
}
