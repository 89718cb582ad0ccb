//! Patches the last good build after an edit to briefings: the files reported changed
//! are read and parsed alone; the plan is kept while every page stays where it was, and
//! made again from the documents (no file read) when pages came, went or moved; only the
//! edited pages' Markdown is rendered, and only the jobs the edit touches are planned
//! and keyed again (`render::rerender`). Then the build ends in the same [`finish`] as a
//! full one. An edit to a section intro, a picture, a draft, a bundle's pages or anything
//! but Markdown, or one that changes the navigation, goes the full way: this is a
//! shortcut to the same output, never another kind of build, and the
//! incremental-equals-fresh tests hold it to that.

use std::path::Path;
use std::sync::Arc;

use crate::pipeline::bodies;
use crate::pipeline::cache::BuildCache;
use crate::pipeline::edits::{Edits, SiteNow};
use crate::pipeline::findings::SourceFindings;
use crate::pipeline::finish::{BuiltSite, Finishing, Outcome, Stopwatch, finish};
use crate::pipeline::media::ImageCount;
use crate::pipeline::memo::Memo;
use crate::read::content::is_markdown_name;
use crate::render::markdown::RenderedBody;
use crate::render::theme::Theme;
use crate::render::{self, PageSink};

/// Patches the last build after edits to the `changed` files (below `root`, also reported
/// to the read cache), when the edits allow it; `None` when they do not, and a full build
/// must follow (the last build is left for it as it was).
pub(crate) fn patch(
    cache: &mut BuildCache,
    root: &Path,
    changed: &[&Path],
    sink: &dyn PageSink,
) -> Option<Outcome<BuiltSite>> {
    let mut watch = Stopwatch::new();
    if !only_page_sources(cache, root, changed) {
        return None;
    }
    let mut last = cache.last.take_if(|last| last.complete)?;
    let Some(mut plan) = cache.plan.take() else {
        cache.last = Some(last);
        return None;
    };
    let search_waits = plan.value.0.config.search && !cache.defer_search;
    let reported = if search_waits { None } else { cache.files.read_reported(root) };
    watch.lap("read");
    // The read cache and the parse memos now hold the edited text, so a full build that
    // follows a bail-out sees it too.
    let edits = reported.and_then(|read| Edits::parse(cache, &plan.value.0, &read, last.config_fingerprint));
    let Some(now) = edits.and_then(|edits| edits.site_now(&mut plan.value.0)) else {
        cache.plan = Some(plan);
        cache.last = Some(last);
        return None;
    };
    watch.lap("parse");
    let gone_files = cards_gone(&plan.value.0, &now);
    let theme = (Arc::clone(&last.theme.0), last.theme.1);
    let rendered = bodies_now(cache, &now, (&theme.0, theme.1), &last.bodies).and_then(|bodies| {
        watch.lap("markdown");
        let edited = render::Edited { origin: &now.origin, pages: &bodies.changed, relist: now.relist };
        let rendered = render::rerender(&now.site, &bodies.all, (&theme.0, theme.1), &mut last.render, &edited, sink)?;
        Some((bodies, rendered))
    });
    let Some((bodies, rendered)) = rendered else {
        cache.plan = Some(plan);
        cache.last = Some(last);
        return None;
    };
    watch.lap("templates");
    let site = Arc::clone(&now.site);
    let findings = findings_now(last.findings.clone(), &now, &bodies, &theme.0);
    // A plan made again is kept with a key no full build's inputs hash to: the next full
    // build plans again, from every file it reads.
    cache.plan = Some(match now.replanned {
        true => Memo::new(&("planned by a patch", site.layout), (Arc::clone(&site), Vec::new())),
        false => plan,
    });
    // The feeds' pages at their indices now: a feed whose pages are the same and none edited is kept.
    let moved = moved_pages(&now.origin, last.bodies.len());
    for feed in &mut last.feeds {
        feed.pages = feed.pages.iter().map(|&p| moved[p]).collect();
    }
    let feed_pages = match now.relist {
        true => crate::pipeline::feed_pages(&site),
        false => last.feeds.iter().map(|f| (f.lang.clone(), f.pages.clone())).collect(),
    };
    let done = Finishing {
        site,
        bodies: bodies.all,
        theme,
        config_fingerprint: last.config_fingerprint,
        findings,
        rendered,
        edited: Some(bodies.changed),
        feed_pages,
        files: Vec::new(),
        images: ImageCount::default(),
        pictures: std::sync::Arc::clone(&last.pictures),
        gone_files,
        watch,
    };
    Some(finish(done, Some(last), cache))
}

/// The last build's findings with those of the documents the edit changed made again.
fn findings_now(mut findings: SourceFindings, now: &SiteNow, bodies: &BodiesNow, theme: &Theme) -> SourceFindings {
    let site = &now.site;
    for gone in &now.gone {
        findings.forget(gone);
    }
    for &page in &bodies.changed {
        findings.document(site.doc(&site.pages[page]), &site.config);
    }
    // A body rendered now had no problems, or the patch would have stopped.
    for &page in &bodies.rendered {
        findings.body(&site.doc(&site.pages[page]).path, Vec::new());
    }
    if now.replanned {
        findings.sections = render::unnamed_sections(site, theme);
    }
    findings
}

/// Page index in the last build → its index now (`usize::MAX`: gone).
fn moved_pages(origin: &[Option<usize>], before: usize) -> Vec<usize> {
    let mut moved: Vec<usize> = vec![usize::MAX; before];
    for (now, then) in origin.iter().enumerate() {
        if let Some(&then) = then.as_ref() {
            moved[then] = now;
        }
    }
    moved
}

/// Whether the changed files may be patched: Markdown files only, with a plan that has no
/// findings (a plan with findings is made again by every build, as their positions may move).
fn only_page_sources(cache: &BuildCache, root: &Path, changed: &[&Path]) -> bool {
    let Some(site) = cache.plan.as_ref().filter(|m| m.value.1.is_empty()).map(|m| &m.value.0) else {
        return false;
    };
    // A picture or other bundle file beside an edited page changes the plan: the full way.
    // Editors' short-lived files (vim's `4913`, a safe write's temporary) are gone by now and
    // were never a file of the site: they change nothing.
    let markdown = |p: &Path| p.file_name().is_some_and(|n| is_markdown_name(&n.to_string_lossy()));
    let stranger = |p: &Path| {
        std::fs::symlink_metadata(root.join(p)).is_err()
            && !site.assets.values().any(|(a, _)| a.file.path.starts_with(p))
    };
    let sources: Vec<&Path> = changed.iter().copied().filter(|p| markdown(p) || !stranger(p)).collect();
    !sources.is_empty() && sources.iter().all(|p| markdown(p))
}

/// The share cards of the pages an edit deleted or moved (`before` is the last plan): they
/// are files beside the pages, which the live site keeps until told they are gone.
fn cards_gone(before: &crate::plan::site::Site, now: &SiteNow) -> Vec<String> {
    let mut kept = vec![false; before.pages.len()];
    for (page, origin) in now.origin.iter().enumerate() {
        if let Some(old) = *origin {
            kept[old] = now.site.pages[page].path == before.pages[old].path;
        }
    }
    let gone = before.pages.iter().zip(kept).filter(|(_, kept)| !kept);
    gone.map(|(page, _)| format!("{}{}", page.path, crate::media::card::FILE_NAME)).collect()
}

/// Every page's body after an edit.
struct BodiesNow {
    all: Vec<Arc<RenderedBody>>,
    /// Pages whose text, place, language versions or body changed.
    changed: Vec<usize>,
    /// Pages whose Markdown was rendered now.
    rendered: Vec<usize>,
}

/// Every page's body now; `None` if a body rendered now has a problem (a broken link, say),
/// which the full build reports. A page keeps its body while its text is the same and its
/// links resolve as before; when pages came, went or moved, links that may name them are
/// resolved again.
fn bodies_now(
    cache: &mut BuildCache,
    now: &SiteNow,
    (theme, theme_key): (&Theme, u64),
    last: &[Arc<RenderedBody>],
) -> Option<BodiesNow> {
    let site = &now.site;
    let mut bodies = BodiesNow { all: Vec::with_capacity(site.pages.len()), changed: Vec::new(), rendered: Vec::new() };
    for (page, plan) in site.pages.iter().enumerate() {
        let doc = site.doc(plan);
        let kept = now.origin[page].filter(|_| !now.edited[page]).map(|before| &last[before]);
        let resolve = |dest: &str| site.resolve(plan.doc, dest);
        let links_hold = || {
            let cached = cache.bodies.get(&doc.path);
            !now.names_a_moved_page(cached) || cached.is_some_and(|c| c.links_resolve_as_before(&resolve))
        };
        match kept {
            Some(body) if !now.replanned || links_hold() => {
                bodies.all.push(Arc::clone(body));
                if now.versions_changed[page] {
                    bodies.changed.push(page);
                }
            }
            Some(_) | None => {
                let made = bodies::render_page(site, plan, Some(theme), theme_key);
                if !made.problems.is_empty() {
                    return None;
                }
                bodies.all.push(Arc::clone(&made.body));
                cache.bodies.insert(doc.path.clone(), Arc::new(made));
                bodies.changed.push(page);
                bodies.rendered.push(page);
            }
        }
    }
    for gone in &now.gone {
        cache.bodies.remove(gone);
        cache.docs.remove(gone);
    }
    Some(bodies)
}
