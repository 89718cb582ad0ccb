//! What each subcommand does, on top of the pipeline. Commands report through
//! the streams they are given; only `main` touches the real stdout.

pub mod build;
pub mod check;
pub mod init;
pub mod new;
pub mod serve;
pub mod status;
pub mod translate;

use std::io::Write;

use crate::diagnostic::Diagnostic;

/// Prints diagnostics one per line and returns (errors, warnings).
pub fn print_diagnostics(diags: &[Diagnostic], to: &mut dyn Write) -> (usize, usize) {
    let mut counts = (0, 0);
    for d in diags {
        let _ = writeln!(to, "{d}");
        if d.is_error() {
            counts.0 += 1;
        } else {
            counts.1 += 1;
        }
    }
    counts
}

/// "1 error", "2 warnings".
pub fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}
