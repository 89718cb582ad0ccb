//! What each subcommand does, on top of the pipeline. A command takes plain
//! arguments, reports through the [`Streams`] it is given and returns how it
//! ended; it never touches the real stdout and knows nothing of `cli`.

pub mod build;
pub mod check;
pub mod deploy;
pub mod diff;
pub mod init;
pub mod new;
pub mod serve;
pub mod status;
pub mod translate;

use std::fmt;
use std::io::Write;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// Where a command writes its report and its diagnostics.
pub struct Streams<'a> {
    pub out: &'a mut dyn Write,
    pub err: &'a mut dyn Write,
}

/// Output formats of reports.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// Output formats of `status`: its table, JSON, or the translation desk as one HTML file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StatusFormat {
    Text,
    Json,
    Html,
}

/// How a command ended, as the process exit status (README, "Commands").
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Success,
    /// The site has errors (or warnings, with `--strict`).
    SiteErrors,
    /// The command line asked for something that cannot be done.
    Usage,
}

impl Exit {
    /// The process exit status: 0, 1 or 2.
    pub fn code(self) -> u8 {
        match self {
            Exit::Success => 0,
            Exit::SiteErrors => 1,
            Exit::Usage => 2,
        }
    }
}

/// Why a command stopped before its work was done.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the user's site, each at its `path:line:col`.
    Site(Vec<Diagnostic>),
    /// Bad usage, said in words (no file position to point at).
    Usage(String),
    /// Something outside the site's text stopped the work (a file that cannot be written).
    Stopped(String),
}

impl Failure {
    /// The exit status this failure ends the process with.
    pub(crate) fn exit(&self) -> Exit {
        match self {
            Failure::Usage(_) => Exit::Usage,
            Failure::Site(_) | Failure::Stopped(_) => Exit::SiteErrors,
        }
    }
}

impl From<Vec<Diagnostic>> for Failure {
    fn from(diagnostics: Vec<Diagnostic>) -> Self {
        Failure::Site(diagnostics)
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Site(diagnostics) => {
                let lines: Vec<String> = diagnostics.iter().map(Diagnostic::to_string).collect();
                f.write_str(&lines.join("\n"))
            }
            Failure::Usage(message) | Failure::Stopped(message) => write!(f, "error: {message}"),
        }
    }
}

/// What every command returns: how it ended, or why it stopped.
pub type CommandResult = Result<Exit, Failure>;

/// A failure that is not the site's fault, from anything printable.
pub(crate) fn stopped(message: impl fmt::Display) -> Failure {
    Failure::Stopped(message.to_string())
}

/// Refuses to build into an output folder that must not be replaced, saying where
/// the choice came from: `[build] output_dir`, `--output`, or the default.
pub(crate) fn check_output(config: &crate::read::config::Config) -> Result<(), Failure> {
    use crate::read::config::OutputOrigin;
    let Err(message) = crate::publish::check_output_dir(config) else { return Ok(()) };
    Err(match config.output_origin {
        OutputOrigin::Config(_) => {
            Failure::Site(crate::publish::refusal_diagnostic(config, &message).into_iter().collect())
        }
        OutputOrigin::CommandLine => Failure::Usage(format!("--output: {message}")),
        OutputOrigin::Default => Failure::Stopped(message),
    })
}

/// Prints diagnostics one per line and returns (errors, warnings).
pub(crate) fn print_diagnostics(diags: &[Diagnostic], to: &mut dyn Write) -> (usize, usize) {
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

/// What a build made, in the words of every summary line (`build`, `serve`, `build --watch`):
/// "8 pages (hi 4, en 4) as 85 files, 2 images (0 encoded), 8 cards (0 drawn)". Pages are the
/// site's briefings and plain pages; files are everything in the output (lists, feeds, assets,
/// pictures too); `images` and `cards` are each (published, made now rather than kept).
pub(crate) fn made(
    pages_per_language: &[(String, usize)],
    files: usize,
    images: (usize, usize),
    cards: (usize, usize),
) -> String {
    let pages = pages_per_language.iter().map(|(_, n)| n).sum();
    let per_language: Vec<String> = pages_per_language.iter().map(|(lang, n)| format!("{lang} {n}")).collect();
    let images = match images {
        (0, _) => String::new(),
        (n, encoded) => format!(", {} ({encoded} encoded)", plural(n, "image")),
    };
    let cards = match cards {
        (0, _) => String::new(),
        (n, drawn) => format!(", {} ({drawn} drawn)", plural(n, "card")),
    };
    format!("{} ({}) as {}{images}{cards}", plural(pages, "page"), per_language.join(", "), plural(files, "file"))
}

/// "1 error", "2 warnings".
pub(crate) fn plural(n: usize, word: &str) -> String {
    if n == 1 { format!("{n} {word}") } else { format!("{n} {word}s") }
}

/// The site a command works on: `--root` when given, else the nearest folder at or above
/// `start` (a folder, or a file given on the command line) that holds `config.toml`.
/// The current folder comes back as `.`, so messages keep their short relative paths.
pub(crate) fn find_site_root(start: &Path, root: Option<&Path>) -> Result<PathBuf, Failure> {
    use crate::read::config::CONFIG_FILE;
    let has_config = |dir: &Path| dir.join(CONFIG_FILE).symlink_metadata().is_ok();
    // Pointing a command at something that is not a site is bad usage: there is no site to have errors.
    if let Some(root) = root {
        return if has_config(root) {
            Ok(root.to_path_buf())
        } else {
            Err(Failure::Usage(format!(
                "--root {}: no {CONFIG_FILE} there (is this a Patrika site? `patrika init` makes one)",
                root.display()
            )))
        };
    }
    let from = if start.is_file() { start.parent().unwrap_or(Path::new(".")) } else { start };
    let from = if from.as_os_str().is_empty() { Path::new(".") } else { from };
    let absolute = from.canonicalize().map_err(|e| match e.kind() {
        std::io::ErrorKind::NotFound => Failure::Usage(format!("{}: no such file or folder", start.display())),
        _ => Failure::Usage(format!("cannot open {}: {e}", from.display())),
    })?;
    let here = std::env::current_dir().ok().and_then(|d| d.canonicalize().ok());
    for dir in absolute.ancestors() {
        if has_config(dir) {
            return Ok(if Some(dir) == here.as_deref() { PathBuf::from(".") } else { dir.to_path_buf() });
        }
    }
    Err(Failure::Usage(format!(
        "no {CONFIG_FILE} in {} or any folder above it: run this inside a Patrika site, or pass --root",
        absolute.display()
    )))
}
