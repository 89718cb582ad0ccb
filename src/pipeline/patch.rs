//! Patches the last good build after an edit that changed only the text of pages
//! already in it: those files are read, parsed and rendered alone, and only the jobs
//! that show them (the dependency index the last render left) are planned and keyed
//! again; then the build ends in the same [`finish`] as a full one. An edit that moves,
//! adds, retitles, redates or retopics a page, or touches anything but Markdown, goes
//! the full way: this is a shortcut to the same output, never another kind of build,
//! and the incremental-equals-fresh tests hold it to that.

use std::path::Path;
use std::sync::Arc;

use crate::pipeline::bodies;
use crate::pipeline::cache::BuildCache;
use crate::pipeline::finish::{BuiltSite, Finishing, Outcome, Stopwatch, finish};
use crate::pipeline::media::ImageCount;
use crate::pipeline::memo::Memo;
use crate::plan::site::Site;
use crate::read::content::{SourceFile, is_markdown_name};
use crate::read::document::{self, SourceDoc};
use crate::read::identity::DocKind;
use crate::render::markdown::RenderedBody;
use crate::render::theme::Theme;
use crate::render::{self, PageSink};

/// One edited page: where it is, and its new document.
struct Edit {
    doc: usize,
    page: usize,
    new: Arc<SourceDoc>,
}

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
    let files = if search_waits { None } else { cache.files.read_reported(root) };
    watch.lap("read");
    // The read cache and the parse memos now hold the edited text, so a full build that
    // follows a bail-out sees it too.
    let edits = files.and_then(|files| parse_edits(cache, &plan.value.0, &files, last.config_fingerprint));
    let Some(edits) = edits else {
        cache.plan = Some(plan);
        cache.last = Some(last);
        return None;
    };
    let site_mut = Arc::make_mut(&mut plan.value.0);
    for edit in &edits {
        site_mut.docs[edit.doc] = Arc::clone(&edit.new);
    }
    let site = Arc::clone(&plan.value.0);
    cache.plan = Some(plan);
    watch.lap("parse");
    let theme = (Arc::clone(&last.theme.0), last.theme.1);
    let edited: Vec<usize> = edits.iter().map(|e| e.page).collect();
    let rendered = edited_bodies(cache, &site, (&theme.0, theme.1), &last.bodies, &edits).and_then(|bodies| {
        watch.lap("markdown");
        let origin: Vec<Option<usize>> = (0..site.pages.len()).map(Some).collect();
        let change = render::Edited { origin: &origin, pages: &edited, relist: false };
        let rendered = render::rerender(&site, &bodies, (&theme.0, theme.1), &mut last.render, &change, sink)?;
        Some((bodies, rendered))
    });
    let Some((bodies, rendered)) = rendered else {
        cache.last = Some(last);
        return None;
    };
    watch.lap("templates");
    let mut findings = last.findings.clone();
    for edit in &edits {
        findings.document(&edit.new, &site.config);
    }
    let feed_pages = last.feeds.iter().map(|f| (f.lang.clone(), f.pages.clone())).collect();
    let done = Finishing {
        site,
        bodies,
        theme,
        config_fingerprint: last.config_fingerprint,
        findings,
        rendered,
        edited: Some(edited),
        feed_pages,
        files: Vec::new(),
        images: ImageCount::default(),
        watch,
    };
    Some(finish(done, Some(last), cache))
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

/// The bodies with the edited pages' Markdown rendered again; `None` if one has a problem
/// (a broken link, say), which the full build then reports.
fn edited_bodies(
    cache: &mut BuildCache,
    site: &Site,
    (theme, theme_key): (&Theme, u64),
    bodies: &[Arc<RenderedBody>],
    edits: &[Edit],
) -> Option<Vec<Arc<RenderedBody>>> {
    let mut bodies = bodies.to_vec();
    for edit in edits {
        let made = bodies::render_page(site, &site.pages[edit.page], Some(theme), theme_key);
        if !made.problems.is_empty() {
            return None;
        }
        bodies[edit.page] = Arc::clone(&made.body);
        cache.bodies.insert(edit.new.path.clone(), Arc::new(made));
    }
    Some(bodies)
}

/// Parses the edited files; `None` unless each is a published page that stays in its place.
/// Files whose text is unchanged are left out.
fn parse_edits(
    cache: &mut BuildCache,
    site: &Site,
    files: &[Arc<SourceFile>],
    config_fingerprint: u64,
) -> Option<Vec<Edit>> {
    let mut edits = Vec::with_capacity(files.len());
    for file in files {
        let parsed = document::parse(file, &site.config).map(Arc::new);
        cache.docs.insert(file.path.clone(), Memo::new(&(file.hash, config_fingerprint), parsed.clone()));
        let new = parsed.ok()?;
        let (doc, page) = site.find_file(&file.content_path)?;
        let old = &site.docs[doc];
        if old.text_hash == new.text_hash {
            continue;
        }
        if !same_places(old, &new) {
            return None;
        }
        edits.push(Edit { doc, page: page?, new });
    }
    Some(edits)
}

/// Whether an edited document stays where it was in every list, link and navigation:
/// its place in the plan, and everything lists sort and group by.
fn same_places(old: &SourceDoc, new: &SourceDoc) -> bool {
    let (a, b) = (&old.front, &new.front);
    old.info.kind == DocKind::Page
        && Site::placement(old) == Site::placement(new)
        && (&a.title, &a.date, &a.topics, &a.authors, &a.translators)
            == (&b.title, &b.date, &b.topics, &b.authors, &b.translators)
}
