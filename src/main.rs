//! The `patrika` binary: parses the command line and hands over to the library.

use std::process::ExitCode;

use clap::Parser;

// Rendering thousands of pages makes millions of small allocations; mimalloc
// measured faster than the system allocator on the benchmark (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use patrika::cli::{Cli, Exit, Streams};

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // --help and --version are successes; everything else is bad usage.
            return if e.use_stderr() { ExitCode::from(Exit::Usage.code()) } else { ExitCode::SUCCESS };
        }
    };
    // Unlocked handles: `serve` prints from its rebuild thread too.
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    ExitCode::from(cli.run(&mut Streams { out: &mut out, err: &mut err }))
}
