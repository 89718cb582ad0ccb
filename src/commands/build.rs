//! `patrika build`: runs the pipeline, streaming pages into a staging folder
//! that replaces the output folder only when the whole build succeeded.

use std::path::Path;

use crate::commands::{CommandResult, Exit, Streams, check_output, made, plural, print_diagnostics, stopped};
use crate::pipeline::{self, BuildOptions};
use crate::publish::Staging;
use crate::render::pages_per_language;

fn failed(errors: usize, io: &mut Streams) -> CommandResult {
    let _ = writeln!(
        io.err,
        "error: build failed with {}; the previous output was left untouched",
        plural(errors, "error")
    );
    Ok(Exit::SiteErrors)
}

/// Builds the site under `root`; prints diagnostics to stderr and one summary line to stdout.
pub(crate) fn run(root: &Path, options: &BuildOptions, io: &mut Streams) -> CommandResult {
    let config = match pipeline::load_config(root, options) {
        Ok(c) => c,
        Err(diags) => {
            let (errors, _) = print_diagnostics(&diags, io.err);
            return failed(errors, io);
        }
    };
    check_output(&config)?;
    let staging = Staging::create(&config.output_dir).map_err(|e| stopped(format!("{e:#}")))?;
    let outcome = pipeline::build(config, options, &staging);
    let (errors, _) = print_diagnostics(&outcome.diagnostics, io.err);
    let Some(built) = outcome.value else {
        // Dropping the staging folder removes it; the previous output was never touched.
        drop(staging);
        return failed(errors, io);
    };
    let out_dir = &built.site.config.output_dir;
    let writing = std::time::Instant::now();
    staging.commit(&built.files).map_err(|e| stopped(format!("{e:#}")))?;
    if std::env::var_os("PATRIKA_TIMINGS").is_some() {
        for (stage, took) in built.timings.iter().copied().chain([("other files and swap", writing.elapsed())]) {
            let _ = writeln!(io.err, "timing: {stage}: {} ms", took.as_millis());
        }
    }
    let shown_dir = out_dir.strip_prefix(root).unwrap_or(out_dir);
    let summary = made(
        &pages_per_language(&built.site),
        built.pages + built.files.len(),
        (built.images.images, built.images.encoded),
        (built.cards.cards, built.cards.drawn),
    );
    let ms = (built.elapsed + writing.elapsed()).as_millis();
    let _ = writeln!(io.out, "Built {summary} in {ms} ms → {}", shown_dir.display());
    Ok(Exit::Success)
}
