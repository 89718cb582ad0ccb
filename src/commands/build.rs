//! `patrika build`: runs the pipeline and hands the files to the one writer.

use std::path::Path;

use crate::cli::{EXIT_OK, EXIT_SITE_ERRORS, Streams};
use crate::commands::{plural, print_diagnostics};
use crate::output::write_site;
use crate::pipeline::{self, BuildOptions};
use crate::render::pages_per_language;

/// Builds the site under `root`; prints diagnostics to stderr and one summary line to stdout.
pub fn run(root: &Path, options: &BuildOptions, io: &mut Streams) -> u8 {
    let outcome = pipeline::build(root, options);
    let (errors, _) = print_diagnostics(&outcome.diagnostics, io.err);
    let Some(built) = outcome.value else {
        let _ = writeln!(
            io.err,
            "error: build failed with {}; the previous output was left untouched",
            plural(errors, "error")
        );
        return EXIT_SITE_ERRORS;
    };
    let out_dir = &built.site.config.output_dir;
    if let Err(e) = write_site(out_dir, &built.files) {
        let _ = writeln!(io.err, "error: {e:#}");
        return EXIT_SITE_ERRORS;
    }
    let per_language =
        pages_per_language(&built.site).iter().map(|(lang, n)| format!("{lang} {n}")).collect::<Vec<_>>().join(", ");
    let shown_dir = out_dir.strip_prefix(root).unwrap_or(out_dir);
    let _ = writeln!(
        io.out,
        "Built {} ({per_language}) as {} in {} ms → {}",
        plural(built.site.pages.len(), "page"),
        plural(built.files.len(), "file"),
        built.elapsed.as_millis(),
        shown_dir.display()
    );
    EXIT_OK
}
