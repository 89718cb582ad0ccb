//! The Markdown stage: expands each page's shortcodes, renders its Markdown and
//! resolves its picture, reusing a body while its text, its links and (for a
//! body with shortcodes) the theme are unchanged.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::Arc;

use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::pipeline::cache::CachedBody;
use crate::pipeline::hash_of;
use crate::plan::links::LinkTarget;
use crate::plan::site::{PagePlan, Site};
use crate::render::markdown::{self, BodyProblem, RenderedBody, ResolvedLink};
use crate::render::shortcodes::{ExpandedBody, Expander};
use crate::render::theme::Theme;

/// Renders every page's Markdown; a body is reused while its text is the same and
/// each of its links still resolves as before.
pub(super) fn markdown_stage(
    site: &Site,
    theme: Option<&(Arc<Theme>, u64)>,
    cache: &mut HashMap<PathBuf, Arc<CachedBody>>,
    diags: &mut Vec<Diagnostic>,
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
                && (c.layout == site.layout || c.links.iter().all(|l| resolve(&l.dest) == l.target))
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
        diags.extend(cached.problems.iter().map(|p| doc.error_at(p.offset, &p.message)));
        bodies.push(Arc::clone(&cached.body));
        cache.insert(doc.path.clone(), cached);
    }
    bodies
}

/// Renders one page's body; problems carry offsets into the whole file.
pub(super) fn render_page(site: &Site, page: &PagePlan, theme: Option<&Theme>, theme_key: u64) -> CachedBody {
    let doc = site.doc(page);
    let resolve = |dest: &str| site.resolve(page.doc, dest);
    let expanded = match theme {
        Some(theme) => Expander { theme, usages: &theme.shortcodes, lang: page.lang.as_str(), resolve: &resolve }
            .expand(doc.body()),
        None => ExpandedBody::unexpanded(doc.body()),
    };
    let uses_theme = theme.is_none() || !expanded.inserts.is_empty() || !expanded.problems.is_empty();
    let markdown::Markdown { mut body, problems, mut links } =
        markdown::render_with(&expanded.text, &resolve, &expanded.inserts);
    markdown::eager_first_picture(&mut body);
    let mut problems: Vec<BodyProblem> = problems
        .into_iter()
        .map(|p| BodyProblem { offset: expanded.original_offset(p.offset), message: p.message })
        .collect();
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
            LinkTarget::Broken(message) => problems.push(BodyProblem { offset, message: format!("image {message}") }),
            // A refused file has its own error, which says what is wrong with it.
            _ if site.names_refused_file(page.doc, image) => {}
            _ => problems.push(BodyProblem {
                offset,
                message: format!("image `{image}` is not a still picture (JPEG, PNG, WebP or TIFF) of this bundle"),
            }),
        }
        links.push(ResolvedLink { dest: image.clone(), target });
    }
    body.fingerprint = hash_of((doc.text_hash, &links, uses_theme.then_some(theme_key)));
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
        problems,
    }
}
