//! Runs the planned jobs: each page is taken from the last build when its key is
//! unchanged, else rendered through its template. Returns what it made and what went
//! wrong (template errors once per cause); [`findings`] reads what pages noticed.

use std::collections::BTreeMap;

use super::*;
use crate::render::notes::{self, Noted, missing_string_warnings};

/// One job done: its page, and whether it was rendered now.
pub(super) struct Made {
    pub output: PageOutput,
    pub fresh: bool,
}

/// Why a job made no page: a problem, and the page it broke.
pub(super) struct Broken {
    problem: Diagnostic,
    page: String,
}

/// Renders every page, list, topic page, root chooser and 404 of the site into `sink`.
///
/// `fingerprint` covers what is the same for every page (config, theme); `last` holds
/// the last build's pages, summaries and lists, consulted by key, so that only pages
/// whose inputs changed are rendered again. Pages are handed over as they are made.
pub(crate) fn render_site(
    site: &Site,
    bodies: &[Arc<RenderedBody>],
    theme: &Theme,
    fingerprint: u64,
    last: Option<&LastRender>,
    sink: &dyn PageSink,
) -> Rendered {
    let r = Renderer::new(site, bodies, theme, fingerprint, last);
    let (jobs, mut sitemap) = r.plan();
    let none = OutputCache::default();
    let last_pages = last.map_or(&none, |l| &*l.pages);
    let results: Vec<(String, Result<Made, Broken>)> =
        jobs.par_iter().map(|job| (job.path.clone(), r.make(job, last_pages, sink))).collect();
    sitemap.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    let sitemap_changed = last.is_none_or(|l| l.sitemap != sitemap);
    let dependencies = reuse::dependencies(jobs, site.pages.len());
    // When every page is one the last build made (the usual rebuild), its map is kept and only
    // pages rendered now go in: copying a persistent map costs nothing, filling one does.
    let same_paths = results.len() == last_pages.len()
        && results.iter().all(|(path, made)| made.is_ok() && last_pages.contains_key(path));
    let mut pages = if same_paths { last_pages.clone() } else { OutputCache::default() };
    let (mut rendered, mut broken) = (0, Vec::new());
    for (path, result) in results {
        match result {
            Ok(made) => {
                rendered += usize::from(made.fresh);
                if made.fresh || !same_paths {
                    pages.insert(path, made.output);
                }
            }
            Err(b) => broken.push(b),
        }
    }
    let state = LastRender::new(Arc::new(pages), r.into_prepared(), dependencies, sitemap);
    Rendered { state, broken: once_per_cause(broken), rendered, sitemap_changed }
}

/// Every finding of a render: the pages that broke, and what the templates of every page
/// of the build noticed, read from the pages themselves, so that a page taken from an
/// earlier build reports what it noticed then, and a full build and a patch report alike.
pub(crate) fn findings(pages: &OutputCache, broken: &[Diagnostic], theme: &Theme) -> Vec<Diagnostic> {
    let mut found = broken.to_vec();
    let mut missing = Vec::new();
    for notes in pages.values().filter_map(|p| p.notes.as_deref()) {
        missing.extend(notes.missing_strings.iter().cloned());
        found.extend(notes.warnings.iter().cloned());
    }
    found.extend(missing_string_warnings(missing, &theme.dir_shown));
    found
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
    /// Makes one job's page: the last build's if its key is unchanged, else by rendering.
    pub(super) fn make(
        &'a self,
        job: &'a Job<'a>,
        last_pages: &OutputCache,
        sink: &dyn PageSink,
    ) -> Result<Made, Broken> {
        let io_error = |e: String| Broken {
            problem: Diagnostic::error(&job.path, 1, 1, format!("cannot write the page: {e}")),
            page: format!("/{}", job.path),
        };
        if let Some(old) = last_pages.get(&job.path)
            && old.key == job.key
            && let Some(bytes) = &old.bytes
        {
            sink.cached(&job.path, bytes).map_err(io_error)?;
            return Ok(Made { output: old.clone(), fresh: false });
        }
        let (html, noted) = notes::noting(|| self.shared.run(job));
        let bytes = sink.fresh(&job.path, html?).map_err(io_error)?;
        let notes = (!noted.is_empty()).then(|| Arc::new(self.shared.page_notes(job, noted)));
        Ok(Made { output: PageOutput { key: job.key, bytes, notes }, fresh: true })
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
            Ok(()) => Ok(crate::render::i18n::mark_fallback_strings(html)),
            Err(e) => Err(Broken { problem: self.template_error(template, &e), page }),
        }
    }

    /// What a page's templates noticed, with each warning at the page's source file (at its
    /// front matter: the theme judged the page as a whole), else at the template.
    fn page_notes(&self, job: &Job, noted: Noted) -> PageNotes {
        let template = job.inputs.template();
        let warnings = noted.warnings.into_iter().map(|message| match job.inputs.blame() {
            Some(doc) => doc.warning_at(doc.front.at.front, format!("template `{template}`: {message}")),
            None => {
                let file = self.theme.template_files.get(template).map_or(template, String::as_str);
                Diagnostic::warning(file, 1, 1, format!("template `{template}` on /{}: {message}", job.path))
            }
        });
        PageNotes { missing_strings: noted.missing_strings.into_iter().collect(), warnings: warnings.collect() }
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
