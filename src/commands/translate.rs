//! `patrika translate`: scaffolds a translation beside its source, and records
//! with `--done` that a translation matches its source again, removing the scaffold's
//! note (the work itself is the
//! desk's, shared with its Translate and Done buttons: [`crate::desk::translate`]).

use std::path::{Path, PathBuf};

use crate::commands::new::{given_slug, not_written};
use crate::commands::{CommandResult, Exit, Failure, Streams, stopped};
use crate::desk::files::{ContentFile, read_back, refuse_clashes, replace, write_new};
use crate::desk::translate::{Refusal, done_text, new_translation};
use crate::pipeline::{self, BuildOptions, LoadedSite};
use crate::read::document::SourceDoc;

/// Finds `file` (as given on the command line) relative to the site root.
fn site_relative(root: &Path, file: &Path) -> Option<PathBuf> {
    let candidates = [file.to_path_buf(), root.join(file)];
    let root = root.canonicalize().ok()?;
    candidates
        .iter()
        .filter_map(|c| c.canonicalize().ok())
        .find_map(|c| c.strip_prefix(&root).ok().map(Path::to_path_buf))
}

/// Loads the site as translation commands see it: drafts and pages under embargo too
/// (a story held for release is the one most often translated before it goes out).
pub(crate) fn load(root: &Path) -> Result<LoadedSite, Failure> {
    let outcome = pipeline::load(root, &BuildOptions { drafts: true, scheduled: true, ..BuildOptions::default() });
    outcome.value.ok_or(Failure::Site(outcome.diagnostics))
}

/// The page of the site that `file` (as given on the command line) is.
pub(crate) fn find<'a>(loaded: &'a LoadedSite, root: &Path, file: &Path) -> Result<&'a SourceDoc, Failure> {
    let Some(rel) = site_relative(root, file) else {
        if !file.exists() && !root.join(file).exists() {
            return Err(Failure::Usage(format!("{}: no such file", file.display())));
        }
        return Err(Failure::Usage(format!("{} is not a file of the site at {}", file.display(), root.display())));
    };
    loaded.site.docs.iter().find(|d| d.path == rel).map(|d| &**d).ok_or_else(|| {
        Failure::Usage(format!(
            "{} is not a briefing or page of the site (those are `.md` files in content/)",
            rel.display()
        ))
    })
}

/// Writes the scaffold of a translation of `file` into language `to`, with its own `slug`
/// (checked as `new --slug` checks one) when given.
pub(crate) fn run(root: &Path, file: &Path, to: &str, slug: Option<&str>, io: &mut Streams) -> CommandResult {
    let slug = slug.map(|s| given_slug(s, "--slug")).transpose()?;
    let loaded = load(root)?;
    let source = find(&loaded, root, file)?;
    let config = &loaded.site.config;
    let made =
        new_translation(config, &loaded.site.docs, source, to, slug.as_deref()).map_err(|refusal| match refusal {
            Refusal::Language(m) | Refusal::Exists(m) => Failure::Usage(m),
            Refusal::Source(m) => stopped(m),
        })?;
    let doc = read_back(&made.rel, &made.text, config).map_err(stopped)?;
    // The site is fine as it is: it is the file asked for that cannot be added.
    refuse_clashes(root, config, doc).map_err(Failure::Usage)?;
    write_new(root, &made.rel, &made.text).map_err(not_written)?;
    let _ = writeln!(
        io.out,
        "Created {} (a draft; translate it, then run `patrika translate --done {}`)",
        made.rel, made.rel
    );
    Ok(Exit::Success)
}

/// Records that the translation `file` now matches its source.
pub(crate) fn done(root: &Path, file: &Path, io: &mut Streams) -> CommandResult {
    let loaded = load(root)?;
    let translation = find(&loaded, root, file)?;
    let Some(meta) = &translation.front.translation else {
        return Err(Failure::Usage(format!(
            "{} has no [translation] table: it is an original, not a translation; give a translation's file",
            translation.path.display()
        )));
    };
    let key = translation.set_key();
    let Some(source) = loaded.site.docs.iter().find(|d| d.set_key() == key && d.lang == meta.from) else {
        return Err(stopped(format!(
            "{} is a translation from `{}`, but there is no `{}` version to compare with",
            translation.path.display(),
            meta.from,
            meta.from
        )));
    };
    let rel = translation.path.to_string_lossy().replace('\\', "/");
    let hash = root
        .join(&translation.path)
        .canonicalize()
        .and_then(|real| std::fs::read_to_string(&real).map(|raw| (real, raw)))
        .map_err(|e| e.to_string())
        .and_then(|(real, raw)| done_text(&raw, source).map(|made| (real, made)))
        .and_then(|(real, (text, hash))| replace(&ContentFile { rel: rel.clone(), real }, &text).map(|()| hash))
        .map_err(|e| stopped(format!("{rel}: {e}")))?;
    let _ = writeln!(io.out, "{} now matches {} ({hash})", translation.path.display(), source.path.display());
    Ok(Exit::Success)
}
