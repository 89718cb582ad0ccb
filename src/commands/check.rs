//! `patrika check`: every validation of `build`, without writing anything.

use std::path::Path;

use crate::cli::{EXIT_OK, EXIT_SITE_ERRORS, Format, Streams};
use crate::commands::{plural, print_diagnostics};
use crate::pipeline::{self, BuildOptions};

/// Checks the site under `root` and reports every finding on stdout.
pub fn run(root: &Path, drafts: bool, strict: bool, format: Format, io: &mut Streams) -> u8 {
    let options = BuildOptions { drafts, ..BuildOptions::default() };
    let outcome = pipeline::build(root, &options);
    let diags = &outcome.diagnostics;
    let errors = diags.iter().filter(|d| d.is_error()).count();
    let warnings = diags.len() - errors;
    match format {
        Format::Json => {
            let _ = writeln!(io.out, "{}", serde_json::to_string_pretty(diags).unwrap_or_else(|_| "[]".into()));
        }
        Format::Text => {
            print_diagnostics(diags, io.out);
            let checked =
                outcome.value.as_ref().map_or(String::new(), |b| format!(" in {}", plural(b.site.pages.len(), "page")));
            let _ = writeln!(io.out, "{}, {}{checked}", plural(errors, "error"), plural(warnings, "warning"));
        }
    }
    if errors > 0 || (strict && warnings > 0) { EXIT_SITE_ERRORS } else { EXIT_OK }
}
