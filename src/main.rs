//! The `patrika` binary: parses the command line and hands over to the library.

use std::io::IsTerminal;
use std::process::ExitCode;

use clap::Parser;

// Rendering thousands of pages makes millions of small allocations; mimalloc
// measured faster than the system allocator on the benchmark (BENCHMARKS.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use patrika::cli::{Cli, Exit, Streams};

fn main() -> ExitCode {
    // mimalloc asks the kernel for transparent huge pages, so that each first touch of its
    // memory zeroes 2 MiB, however little of it is used, and memory it gives back and takes
    // again is zeroed again. Without them a 10,000-pair build peaks a tenth lower and spends
    // half the time in the kernel; a 1,000-pair build peaks a third lower (BENCHMARKS.md).
    #[cfg(target_os = "linux")]
    let _ = rustix::thread::disable_transparent_huge_pages(true);
    let mut cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            // --help and --version are successes; everything else is bad usage.
            return if e.use_stderr() { ExitCode::from(Exit::Usage.code()) } else { ExitCode::SUCCESS };
        }
    };
    // Colour only for a person at a terminal, and never when NO_COLOR is set (no-color.org).
    cli.colour = std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    // The deploy's progress bar draws on stderr; piped, it prints a line per file instead.
    cli.progress_bar = std::io::stderr().is_terminal();
    // Unlocked handles: `serve` prints from its rebuild thread too.
    let mut out = std::io::stdout();
    let mut err = std::io::stderr();
    ExitCode::from(cli.run(&mut Streams { out: &mut out, err: &mut err }))
}
