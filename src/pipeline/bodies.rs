//! The Markdown stage: expands each page's shortcodes, renders its Markdown and
//! resolves its picture, reusing a body while its text, its links and (for a
//! body with shortcodes) the theme are unchanged.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Severity};
use crate::pipeline::findings::SourceFindings;
use crate::plan::links::LinkTarget;
use crate::plan::site::{PagePlan, Site};
use crate::read::document::SourceDoc;
use crate::render::markdown::{self, BodyProblem, RenderedBody, ResolvedLink};
use crate::render::shortcodes::{ExpandedBody, Expander};
use crate::render::theme::Theme;
use crate::text::hash_of;

/// A rendered body, valid while its text is unchanged and its links still resolve the same.
///
/// Not a [`Memo`](crate::pipeline::memo::Memo): a body stays valid across plan changes as
/// long as each of its links still goes where it went, which is checked link by link
/// rather than by one key.
#[derive(Clone)]
pub(crate) struct CachedBody {
    pub text_hash: u64,
    /// The site layout the links were resolved against.
    pub layout: u64,
    /// The theme the body's shortcodes were rendered with (`None`: it has none).
    pub theme: Option<u64>,
    /// Each content link written in the body, and what it resolved to.
    pub links: Vec<ResolvedLink>,
    pub body: Arc<RenderedBody>,
    /// The body kept its plain text (only the search index reads it).
    pub plain: bool,
    /// How its raw HTML was treated (`[markdown] raw_html`).
    pub raw_html: crate::read::settings::RawHtml,
    /// Problems at byte offsets of the whole file.
    pub problems: Vec<BodyProblem>,
}

/// Renders every page's Markdown; a body is reused while its text is the same and
/// each of its links still resolves as before.
pub(super) fn markdown_stage(
    site: &Site,
    theme: Option<&(Arc<Theme>, u64)>,
    cache: &mut HashMap<PathBuf, Arc<CachedBody>>,
    findings: &mut SourceFindings,
) -> Vec<Arc<RenderedBody>> {
    let previous = std::mem::take(cache);
    // Key 0 stands for "no theme": such bodies are never reused once a theme compiles.
    let theme_key = theme.map_or(0, |(_, key)| *key);
    let rendered: Vec<Arc<CachedBody>> = site
        .pages
        .par_iter()
        .map(|page| {
            let doc = site.doc(page);
            let resolve = |dest: &str| site.resolve(page.doc, dest);
            if let Some(c) = previous.get(&doc.path)
                && c.text_hash == doc.text_hash
                && c.theme.is_none_or(|key| key == theme_key)
                && c.plain == site.config.search
                && c.raw_html == site.config.raw_html
                && (c.layout == site.layout || c.links_resolve_as_before(&resolve))
            {
                if c.layout == site.layout {
                    return Arc::clone(c);
                }
                return Arc::new(CachedBody { layout: site.layout, ..(**c).clone() });
            }
            Arc::new(render_page(site, page, theme.map(|(t, _)| &**t), theme_key))
        })
        .collect();
    let mut bodies = Vec::with_capacity(rendered.len());
    for (page, cached) in site.pages.iter().zip(rendered) {
        let doc = site.doc(page);
        findings.body(&doc.path, cached.findings(doc));
        bodies.push(Arc::clone(&cached.body));
        cache.insert(doc.path.clone(), cached);
    }
    intro_problems(site, &mut findings.site);
    bodies
}

impl CachedBody {
    /// Whether each content link of the body still goes where it went.
    pub(crate) fn links_resolve_as_before(&self, resolve: &dyn Fn(&str) -> LinkTarget) -> bool {
        self.links.iter().all(|l| resolve(&l.dest) == l.target)
    }

    /// The body's problems as findings in its file.
    pub(crate) fn findings(&self, doc: &SourceDoc) -> Vec<Diagnostic> {
        self.problems.iter().map(|p| finding(doc, p.offset, p)).collect()
    }
}

/// Section intros (`_index` bodies) are rendered with their list pages, where nothing is
/// reported; their links and raw HTML are checked here, so `check` says what `build` drops.
fn intro_problems(site: &Site, diags: &mut Vec<Diagnostic>) {
    for &d in site.intros.values() {
        let doc = &site.docs[d];
        let rendered = markdown::render(doc.body(), &|_| LinkTarget::External, site.config.raw_html);
        diags.extend(rendered.problems.iter().map(|p| finding(doc, doc.body_offset + p.offset, p)));
    }
}

/// A problem of a body as a finding at `offset` of its file.
fn finding(doc: &SourceDoc, offset: usize, problem: &BodyProblem) -> Diagnostic {
    match problem.severity {
        Severity::Error => doc.error_at(offset, &problem.message),
        Severity::Warning => doc.warning_at(offset, &problem.message),
    }
}

/// Renders one page's body; problems carry offsets into the whole file.
pub(super) fn render_page(site: &Site, page: &PagePlan, theme: Option<&Theme>, theme_key: u64) -> CachedBody {
    let doc = site.doc(page);
    let resolve = |dest: &str| site.resolve(page.doc, dest);
    let expanded = match theme {
        Some(theme) => Expander {
            theme,
            usages: &theme.shortcodes,
            lang: page.lang.as_str(),
            resolve: &resolve,
            raw_html: site.config.raw_html,
        }
        .expand(doc.body()),
        None => ExpandedBody::unexpanded(doc.body()),
    };
    let uses_theme = theme.is_none() || !expanded.inserts.is_empty() || !expanded.problems.is_empty();
    let markdown::Markdown { mut body, problems, mut links } =
        markdown::render_with(&expanded.text, &resolve, &expanded.inserts, site.config.raw_html);
    crate::render::pictures::eager_first_picture(&mut body);
    let mut problems: Vec<BodyProblem> =
        problems.into_iter().map(|p| BodyProblem { offset: expanded.original_offset(p.offset), ..p }).collect();
    problems.extend(expanded.problems);
    links.extend(expanded.links);
    for p in &mut problems {
        p.offset += doc.body_offset;
    }
    if let Some(image) = &doc.front.image {
        let target = site.resolve_file(page.doc, image);
        let offset = doc.front.at.image.unwrap_or(doc.front.at.front);
        match &target {
            LinkTarget::Image { webp, fallback } => body.picture = Some((webp.clone(), fallback.clone())),
            LinkTarget::Broken(message) => problems.push(BodyProblem::error(offset, format!("image {message}"))),
            // A refused file has its own error, which says what is wrong with it.
            _ if site.names_refused_file(page.doc, image) => {}
            _ => problems.push(BodyProblem::error(
                offset,
                format!("image `{image}` is not a still picture (JPEG, PNG, WebP or TIFF) of this bundle"),
            )),
        }
        links.push(ResolvedLink { dest: image.clone(), target });
    }
    body.fingerprint = hash_of((doc.text_hash, &links, uses_theme.then_some(theme_key), site.config.raw_html));
    // Words are counted; without a search index nothing else reads the plain text, and at
    // 10,000 pairs it is over 100 MB held to the end of the build.
    if !site.config.search {
        body.plain = String::new();
    }
    CachedBody {
        text_hash: doc.text_hash,
        layout: site.layout,
        theme: uses_theme.then_some(theme_key),
        links,
        body: Arc::new(body),
        plain: site.config.search,
        raw_html: site.config.raw_html,
        problems,
    }
}
