//! Patches the last good build after an edit that changed only the text of pages
//! already in it: those files are read, parsed and rendered alone, and only the jobs
//! that show them (the dependency index of [`Reusable`]) are planned and keyed again.
//! An edit that moves, adds, retitles, redates or retopics a page, or touches anything
//! but Markdown, goes the full way: this is a shortcut to the same output, never
//! another kind of build, and the incremental-equals-fresh test holds it to that.

use std::path::Path;
use std::sync::Arc;

use crate::diagnostic::{Diagnostic, sorted};
use crate::pipeline::cache::{BuildCache, Memo};
use crate::pipeline::{BuiltSite, Outcome, Stopwatch, bodies, media, search, topic_warnings};
use crate::plan::site::Site;
use crate::read::config::Lang;
use crate::read::content::{SourceFile, is_markdown_name};
use crate::read::document::{self, SourceDoc};
use crate::read::identity::DocKind;
use crate::render::markdown::RenderedBody;
use crate::render::theme::{Theme, missing_string_warnings};
use crate::render::{self, Content, OutputTree, PageSink, Reusable, SitemapEntry, feeds};

/// What the last good full build leaves for patching.
pub(crate) struct LastBuild {
    pub bodies: Vec<Arc<RenderedBody>>,
    pub theme: (Arc<Theme>, u64),
    pub config_fingerprint: u64,
    pub reusable: Reusable,
    /// Every language's feed pages, newest first.
    pub feeds: Vec<(Lang, Vec<usize>)>,
    /// The build's findings except the missing UI strings, which depend on every page.
    pub findings: Vec<Diagnostic>,
}

/// One edited page: where it is, and its new document.
struct Edit {
    doc: usize,
    page: usize,
    new: Arc<SourceDoc>,
}

/// Patches the last build after edits to the `changed` files (below `root`, also reported
/// to the read cache), when the edits allow it; `None` when they do not, and a full build
/// must follow.
pub(crate) fn patch(
    cache: &mut BuildCache,
    root: &Path,
    changed: &[&Path],
    sink: &dyn PageSink,
) -> Option<Outcome<BuiltSite>> {
    let started = std::time::Instant::now();
    let mut watch = Stopwatch::new();
    if !only_page_sources(cache, root, changed) {
        return None;
    }
    let last = cache.last.take()?;
    let mut plan = cache.plan.take()?;
    let search_waits = plan.value.0.config.search && !cache.defer_search;
    let files = if search_waits { None } else { cache.files.read_reported(root) };
    watch.lap("read");
    // The read cache and the parse memos now hold the edited text, so a full build that
    // follows a bail-out sees it too; `last` is put back only when the patch succeeds.
    let edits = files.and_then(|files| parse_edits(cache, &plan.value.0, &files, last.config_fingerprint));
    let Some(edits) = edits else {
        // The full build that follows lends the related pages of the last one's lists.
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
    let (theme, theme_key) = (Arc::clone(&last.theme.0), last.theme.1);
    let bodies = edited_bodies(cache, &site, (&theme, theme_key), last.bodies, &edits)?;
    watch.lap("markdown");
    let edited: Vec<usize> = edits.iter().map(|e| e.page).collect();
    let previous = Arc::clone(&cache.rendered.pages);
    let redone = render::rerender(&site, &bodies, (&theme, theme_key), last.reusable, &edited, &previous, sink)?;
    drop(previous);
    let pages = Arc::make_mut(&mut cache.rendered.pages);
    pages.extend(redone.pages);
    for &page in &edited {
        let summary = redone.reusable.summary_of(page);
        cache.rendered.summaries.insert(site.pages[page].path.clone(), summary);
    }
    watch.lap("templates");
    let sitemap = redone.sitemap_changed.then_some(redone.reusable.sitemap.as_slice());
    let files = machine_files(&site, &last.feeds, &edited, &bodies, sitemap);
    let mut findings = refreshed_findings(last.findings, &site, &theme, &edits);
    // The index is made on another thread (serve); the files keep the last one meanwhile.
    let search_pending = search::search_stage(&site, &bodies, &mut cache.search, true, &mut Vec::new(), &mut findings);
    let mut diagnostics = findings.clone();
    let missing = cache.rendered.pages.values().flat_map(|p| p.missing_strings.iter().cloned()).collect();
    diagnostics.extend(missing_string_warnings(missing, &theme.dir_shown));
    if diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    watch.lap("feeds, sitemap");
    let built = BuiltSite {
        site,
        files,
        partial: true,
        pages: cache.rendered.pages.len(),
        elapsed: started.elapsed(),
        rendered: redone.rendered,
        images: media::ImageCount::default(),
        timings: watch.laps,
        search_pending,
    };
    let (theme, config_fingerprint, feeds, reusable) =
        (last.theme, last.config_fingerprint, last.feeds, redone.reusable);
    cache.last = Some(LastBuild { bodies, theme, config_fingerprint, reusable, feeds, findings });
    Some(Outcome { value: Some(built), diagnostics: sorted(diagnostics) })
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
    mut bodies: Vec<Arc<RenderedBody>>,
    edits: &[Edit],
) -> Option<Vec<Arc<RenderedBody>>> {
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

/// The feeds that carry an edited page, and the sitemap if one of its entries changed.
fn machine_files(
    site: &Site,
    feeds: &[(Lang, Vec<usize>)],
    edited: &[usize],
    bodies: &[Arc<RenderedBody>],
    changed_sitemap: Option<&[SitemapEntry]>,
) -> OutputTree {
    let mut files: OutputTree = Vec::new();
    for (lang, feed) in feeds {
        if edited.iter().any(|p| feed.contains(p)) {
            let xml = feeds::atom_of(site, lang, feed, bodies);
            files.push((format!("{lang}/atom.xml"), Content::Bytes(Arc::from(xml.into_bytes()))));
        }
    }
    if let Some(entries) = changed_sitemap {
        let xml = feeds::sitemap(entries);
        files.push(("sitemap.xml".into(), Content::Bytes(Arc::from(xml.into_bytes()))));
    }
    files
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

/// The last build's findings with those about the edited files made again.
fn refreshed_findings(findings: Vec<Diagnostic>, site: &Site, theme: &Theme, edits: &[Edit]) -> Vec<Diagnostic> {
    let edited = |d: &Diagnostic| edits.iter().any(|e| e.new.path == d.path);
    let mut findings: Vec<Diagnostic> = findings.into_iter().filter(|d| !edited(d)).collect();
    for edit in edits {
        findings.extend(edit.new.warnings.iter().cloned());
        findings.extend(topic_warnings(std::slice::from_ref(&edit.new), &site.config));
    }
    findings.extend(render::unnamed_sections(site, theme).into_iter().filter(|d| edited(d)));
    sorted(findings)
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
