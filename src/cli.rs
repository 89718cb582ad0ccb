//! The command line (README, "Commands"): one clap struct per subcommand, each with `run`
//! that turns its flags into a command's arguments. The top of the pipeline:
//! nothing imports it.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand};

use crate::commands::{self, CommandResult, Failure};
pub use crate::commands::{Exit, Format, StatusFormat, Streams};
use crate::pipeline::BuildOptions;
use crate::read::config::BaseUrl;

/// Patrika: a static site generator for translated briefings.
#[derive(Debug, Parser)]
#[command(name = "patrika", version, about, long_about = None)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
    /// Whether reports may use ANSI colour: set by `main`, which alone knows whether
    /// stdout is a terminal (and reads `NO_COLOR`); off when run in-process.
    #[arg(skip)]
    pub colour: bool,
    /// Whether a progress bar may be drawn (stderr is a terminal): set by `main`.
    #[arg(skip)]
    pub progress_bar: bool,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the whole site into the output folder.
    Build(BuildCmd),
    /// Build, serve on loopback and rebuild on every change, with live reload.
    Serve(ServeCmd),
    /// Validate the site as build does, plus translation QA (numbers, glossary, structure, untranslated text), without writing.
    Check(CheckCmd),
    /// Show the translation state of every language of every briefing.
    Status(StatusCmd),
    /// Scaffold a translation, or record with --done that one matches its source again.
    Translate(TranslateCmd),
    /// Show what changed in a translation's source since it was translated (from git history).
    Diff(DiffCmd),
    /// Create a new site with the default theme in an empty folder.
    Init(InitCmd),
    /// Scaffold a new briefing dated today, as a draft in its language.
    New(NewCmd),
    /// Upload the built site to [deploy] target (S3 or S3-compatible storage): only what changed.
    Deploy(DeployCmd),
}

/// `patrika build`.
#[derive(Debug, Args)]
pub struct BuildCmd {
    /// Site root (default: the nearest folder with config.toml, from here upwards).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Output folder (default: [build] output_dir, usually public/).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Replace base_url, e.g. for a staging host.
    #[arg(long = "base-url")]
    pub base_url: Option<String>,
    /// Also publish drafts.
    #[arg(long)]
    pub drafts: bool,
    /// Keep rebuilding into the output folder as files change.
    #[arg(long)]
    pub watch: bool,
}

/// `patrika serve`.
#[derive(Debug, Args)]
pub struct ServeCmd {
    /// Site root (default: the nearest folder with config.toml, from here upwards).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Address to listen on, or `localhost` (loopback by default; 0.0.0.0 or :: puts the preview,
    /// drafts and the desk on your network). Requests naming another host are refused.
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Also publish drafts.
    #[arg(long)]
    pub drafts: bool,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
}

/// `patrika check`.
#[derive(Debug, Args)]
pub struct CheckCmd {
    /// Site root (default: the nearest folder with config.toml, from here upwards).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Fail on warnings too.
    #[arg(long)]
    pub strict: bool,
    /// Check drafts as if they were published.
    #[arg(long)]
    pub drafts: bool,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `patrika status`.
#[derive(Debug, Args)]
pub struct StatusCmd {
    /// Site root (default: the nearest folder with config.toml, from here upwards).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Report format: the table, JSON, or `html` — the translation desk as one self-contained file.
    #[arg(long, value_enum, default_value_t = StatusFormat::Text)]
    pub format: StatusFormat,
}

/// `patrika translate`.
#[derive(Debug, Args)]
pub struct TranslateCmd {
    /// The source file to translate (or, with --done, the translation).
    pub file: PathBuf,
    /// Language of the new translation.
    #[arg(long, required_unless_present = "done", conflicts_with = "done")]
    pub to: Option<String>,
    /// Record that the translation now matches its source (writes source_hash, removes the scaffold's note).
    #[arg(long)]
    pub done: bool,
    /// The translation's own URL slug (written as `slug =` in its front matter), e.g. a Latin
    /// one for an English translation of a Hindi briefing; checked as `new --slug` checks one.
    #[arg(long, conflicts_with = "done")]
    pub slug: Option<String>,
    /// Site root (default: the nearest folder with config.toml, from here upwards).
    #[arg(long)]
    pub root: Option<PathBuf>,
}

/// `patrika diff`.
#[derive(Debug, Args)]
pub struct DiffCmd {
    /// The translation whose source to compare.
    pub file: PathBuf,
    /// Site root (default: the nearest folder above the file with config.toml).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Report format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

/// `patrika init`.
#[derive(Debug, Args)]
pub struct InitCmd {
    /// Folder for the new site (created if missing; must be empty).
    pub dir: PathBuf,
}

/// `patrika new`.
#[derive(Debug, Args)]
pub struct NewCmd {
    /// `<section>` with --title, or `<section>/<slug>`, e.g. `briefings/budget-2026` (a title in any script works too).
    pub path: String,
    /// The briefing's title, in any script; the slug is made from it unless given.
    #[arg(long)]
    pub title: Option<String>,
    /// The URL slug, instead of one made from the title.
    #[arg(long)]
    pub slug: Option<String>,
    /// Language of the new file (default: the site's default language).
    #[arg(long)]
    pub lang: Option<String>,
    /// Make a folder briefing (`<slug>/index.<lang>.md`) that can hold pictures and files.
    #[arg(long)]
    pub bundle: bool,
    /// Site root (default: the nearest folder with config.toml, from here upwards).
    #[arg(long)]
    pub root: Option<PathBuf>,
}

/// `patrika deploy`.
#[derive(Debug, Args)]
pub struct DeployCmd {
    /// Site root (default: the nearest folder with config.toml, from here upwards).
    #[arg(long)]
    pub root: Option<PathBuf>,
    /// Print what would be uploaded and deleted, and change nothing.
    #[arg(long = "dry-run")]
    pub dry_run: bool,
    /// Delete at most this many objects no longer built. Without it, a deploy deletes at
    /// most 256 and at most a quarter of what Patrika has there; one that would delete more
    /// stops before changing anything (a wrong target or an empty build never wipes a bucket).
    #[arg(long = "max-deletes")]
    pub max_deletes: Option<usize>,
}

impl BuildCmd {
    /// Builds the site and prints one summary line (or keeps rebuilding, with `--watch`).
    pub fn run(&self, io: &mut Streams) -> CommandResult {
        let base_url = match &self.base_url {
            Some(url) => Some(BaseUrl::parse(url).map_err(|m| Failure::Usage(format!("--base-url: {m}")))?),
            None => None,
        };
        let options = BuildOptions {
            drafts: self.drafts,
            scheduled: false,
            base_url,
            output_dir: self.output.clone(),
            fingerprint_assets: true,
            search_edits: false,
        };
        if self.watch {
            commands::serve::watch(&here(self.root.as_deref())?, &options, io)
        } else {
            commands::build::run(&here(self.root.as_deref())?, &options, io)
        }
    }
}

impl ServeCmd {
    /// Serves the site with live reload until interrupted.
    pub fn run(&self, io: &mut Streams) -> CommandResult {
        commands::serve::run(&here(self.root.as_deref())?, &self.interface, self.port, self.drafts, self.open, io)
    }
}

impl CheckCmd {
    /// Checks the site and prints every finding.
    pub fn run(&self, io: &mut Streams) -> CommandResult {
        commands::check::run(&here(self.root.as_deref())?, self.drafts, self.strict, self.format, io)
    }
}

impl StatusCmd {
    /// Prints the translation table.
    pub fn run(&self, io: &mut Streams) -> CommandResult {
        commands::status::run(&here(self.root.as_deref())?, self.format, io)
    }
}

impl TranslateCmd {
    /// Scaffolds a translation or records that one is done.
    pub fn run(&self, io: &mut Streams) -> CommandResult {
        let root = commands::find_site_root(&self.file, self.root.as_deref())?;
        match (&self.to, self.done) {
            (_, true) => commands::translate::done(&root, &self.file, io),
            (Some(to), false) => commands::translate::run(&root, &self.file, to, self.slug.as_deref(), io),
            (None, false) => Err(Failure::Usage("give --to <language>, or --done".into())),
        }
    }
}

impl DiffCmd {
    /// Prints the paragraphs of the source that changed since the translation was made.
    pub fn run(&self, colour: bool, io: &mut Streams) -> CommandResult {
        commands::diff::run(self.root.as_deref(), &self.file, self.format, colour, io)
    }
}

impl InitCmd {
    /// Writes a new site.
    pub fn run(&self, io: &mut Streams) -> CommandResult {
        commands::init::run(&self.dir, io)
    }
}

impl DeployCmd {
    /// Uploads the last built output.
    pub fn run(&self, progress_bar: bool, io: &mut Streams) -> CommandResult {
        let request =
            commands::deploy::DeployRequest { dry_run: self.dry_run, max_deletes: self.max_deletes, progress_bar };
        commands::deploy::run(&here(self.root.as_deref())?, request, io)
    }
}

impl NewCmd {
    /// Writes a new briefing scaffold.
    pub fn run(&self, io: &mut Streams) -> CommandResult {
        let request = commands::new::NewBriefing {
            path: &self.path,
            title: self.title.as_deref(),
            slug: self.slug.as_deref(),
            lang: self.lang.as_deref(),
            bundle: self.bundle,
        };
        commands::new::run(&here(self.root.as_deref())?, &request, io)
    }
}

/// The site of a command that names no file: found from the current folder upwards.
fn here(root: Option<&std::path::Path>) -> Result<PathBuf, Failure> {
    commands::find_site_root(std::path::Path::new("."), root)
}

impl Cli {
    /// Runs the chosen subcommand, reports why it stopped if it did, and returns the exit status.
    pub fn run(&self, io: &mut Streams) -> u8 {
        let result = match &self.command {
            Command::Build(c) => c.run(io),
            Command::Serve(c) => c.run(io),
            Command::Check(c) => c.run(io),
            Command::Status(c) => c.run(io),
            Command::Translate(c) => c.run(io),
            Command::Diff(c) => c.run(self.colour, io),
            Command::Init(c) => c.run(io),
            Command::New(c) => c.run(io),
            Command::Deploy(c) => c.run(self.progress_bar, io),
        };
        match result {
            Ok(exit) => exit.code(),
            Err(failure) => {
                let _ = writeln!(io.err, "{failure}");
                failure.exit().code()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
