//! `patrika check`: every validation of `build` plus translation QA (README, "QA rules"),
//! without writing anything.

use std::path::Path;

use crate::commands::{CommandResult, Exit, Format, Streams, plural, print_diagnostics};
use crate::diagnostic::sorted;
use crate::pipeline::cache::BuildCache;
use crate::pipeline::{self, BuildOptions};
use crate::qa;
use crate::read::glossary;

/// Checks the site under `root` and reports every finding on stdout.
pub(crate) fn run(root: &Path, drafts: bool, strict: bool, format: Format, io: &mut Streams) -> CommandResult {
    // Pages under embargo are checked too: they will go out without another look.
    let options = BuildOptions { drafts, scheduled: true, ..BuildOptions::default() };
    let mut cache = BuildCache { skip_cards: true, ..BuildCache::default() };
    let outcome = pipeline::build_cached(root, &options, &mut cache, &crate::render::Discard);
    let mut diags = outcome.diagnostics;
    // A site that does not build still gets its translations checked, as far as it could be read.
    let fallback;
    let site = match &outcome.value {
        Some(built) => Some(&built.site),
        None => {
            fallback = pipeline::load(root, &options).value;
            fallback.as_ref().map(|l| &l.site)
        }
    };
    let pages = site.map(|s| s.pages.len());
    // The same refusal as `build`; without a config position it is a plain error line.
    let mut output_refusal = None;
    if let Some(site) = site
        && let Err(message) = crate::publish::check_output_dir(&site.config)
    {
        match crate::publish::refusal_diagnostic(&site.config, &message) {
            Some(d) => diags.push(d),
            None => output_refusal = Some(message),
        }
    }
    if let Some(site) = site {
        match glossary::load(&site.config) {
            Ok(terms) => diags.extend(qa::check(site, &terms)),
            Err(errors) => diags.extend(errors),
        }
    }
    let diags = sorted(diags);
    if let Some(message) = &output_refusal {
        let _ = writeln!(io.err, "error: {message}");
    }
    let errors = diags.iter().filter(|d| d.is_error()).count() + usize::from(output_refusal.is_some());
    let warnings = diags.len() - errors;
    match format {
        Format::Json => {
            let _ = writeln!(io.out, "{}", serde_json::to_string_pretty(&diags).unwrap_or_else(|_| "[]".into()));
        }
        Format::Text => {
            print_diagnostics(&diags, io.out);
            for (path, at) in site.map(|s| scheduled(s)).unwrap_or_default() {
                let _ = writeln!(io.out, "scheduled: {path} goes out at {at} (not published before then)");
            }
            let checked = pages.map_or(String::new(), |n| format!(" in {}", plural(n, "page")));
            let _ = writeln!(io.out, "{}, {}{checked}", plural(errors, "error"), plural(warnings, "warning"));
        }
    }
    Ok(if errors > 0 || (strict && warnings > 0) { Exit::SiteErrors } else { Exit::Success })
}

/// The pages under embargo at this run's time: file and moment, by file.
fn scheduled(site: &crate::plan::site::Site) -> Vec<(String, String)> {
    let mut held: Vec<(String, String)> = site
        .docs
        .iter()
        .filter(|d| site.publishing.is_held(d))
        .filter_map(|d| Some((d.path.display().to_string(), d.front.publish_at.as_ref()?.rfc3339())))
        .collect();
    held.sort();
    held
}
