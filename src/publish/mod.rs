//! The one writer: puts a finished site on disk. Writes into a fresh staging
//! folder and swaps it in only when every file is written, so a failed build
//! never destroys the previous good output.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use anyhow::{Context as _, Result, bail};
use rayon::prelude::*;

use crate::diagnostic::Diagnostic;
use crate::read::config::{self, Config};
use crate::render::theme::FileSource;
use crate::render::{Content, OutputTree, PageSink};

fn sibling(dir: &Path, tag: &str) -> PathBuf {
    let name = dir.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_else(|| "public".into());
    dir.with_file_name(format!(".{name}.patrika-{tag}"))
}

/// A new output folder being written beside the old one. The old folder is
/// replaced only by [`Staging::commit`]; dropping an uncommitted staging folder
/// removes it, so a failed build leaves the previous site as it was.
pub(crate) struct Staging {
    dir: PathBuf,
    output_dir: PathBuf,
    committed: bool,
    /// Folders made so far: a page's folder is made once, not asked for again by each file in it.
    folders: Mutex<HashSet<PathBuf, ahash::RandomState>>,
}

impl Staging {
    /// Creates an empty staging folder beside `output_dir`, after putting right what
    /// an interrupted build left behind.
    pub(crate) fn create(output_dir: &Path) -> Result<Staging> {
        let output_dir = &through_link(output_dir);
        recover(output_dir)?;
        let dir = sibling(output_dir, "new");
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        write_bytes(&dir, MARKER, MARKER_TEXT)?;
        Ok(Staging { dir, output_dir: output_dir.to_path_buf(), committed: false, folders: Mutex::default() })
    }

    /// Writes one file into the staging folder.
    pub(crate) fn write(&self, rel: &str, content: &Content) -> Result<()> {
        self.write_bytes(rel, &bytes_of(content)?)
    }

    /// Writes one file with one create: its folder is made only the first time it is needed.
    fn write_bytes(&self, rel: &str, bytes: &[u8]) -> Result<()> {
        let dest = checked_join(&self.dir, rel)?;
        if let Some(parent) = dest.parent() {
            let folders = || self.folders.lock().unwrap_or_else(|e| e.into_inner());
            if !folders().contains(parent) {
                std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
                let mut made = folders();
                for folder in parent.ancestors().take_while(|f| f.starts_with(&self.dir)) {
                    if !made.insert(folder.to_path_buf()) {
                        break;
                    }
                }
            }
        }
        std::fs::write(&dest, bytes).with_context(|| format!("cannot write {}", dest.display()))
    }

    /// Writes the remaining files, then swaps the staging folder in for the output folder.
    pub(crate) fn commit(mut self, rest: &OutputTree) -> Result<()> {
        rest.par_iter().try_for_each(|(rel, content)| self.write(rel, content))?;
        if self.output_dir.exists() && exchange(&self.dir, &self.output_dir).is_ok() {
            // One step: at no moment is there no output folder. The old site is now at `dir`.
            self.committed = true;
            return remove_tree(&self.dir).with_context(|| format!("cannot remove {}", self.dir.display()));
        }
        let old = sibling(&self.output_dir, "old");
        if self.output_dir.exists() {
            std::fs::rename(&self.output_dir, &old)
                .with_context(|| format!("cannot move the previous {} aside", self.output_dir.display()))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.output_dir) {
            // Put the previous site back so that the reader still has one.
            let _ = std::fs::rename(&old, &self.output_dir);
            return Err(e).with_context(|| format!("cannot move the new site into {}", self.output_dir.display()));
        }
        self.committed = true;
        if old.exists() {
            remove_tree(&old).with_context(|| format!("cannot remove {}", old.display()))?;
        }
        Ok(())
    }
}

/// Swaps two folders atomically (Linux `renameat2` with `RENAME_EXCHANGE`).
#[cfg(target_os = "linux")]
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(std::io::Error::from)
}

/// Elsewhere there is no atomic exchange; the caller falls back to two renames.
#[cfg(not(target_os = "linux"))]
fn exchange(_: &Path, _: &Path) -> std::io::Result<()> {
    Err(std::io::Error::from(std::io::ErrorKind::Unsupported))
}

/// The output folder a link at `output_dir` leads to (the folder its refusals were
/// checked on), so that the site goes there and the link stays; else `output_dir` itself.
fn through_link(output_dir: &Path) -> PathBuf {
    let is_link = std::fs::symlink_metadata(output_dir).is_ok_and(|m| m.file_type().is_symlink());
    match output_dir.canonicalize() {
        Ok(real) if is_link => real,
        _ => output_dir.to_path_buf(),
    }
}

/// Whether `path` itself is a folder, not a link to one.
fn is_real_dir(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.is_dir())
}

/// Puts right what a killed build left beside `output_dir`: the previous site comes
/// back if it was moved aside and never replaced; half-written or replaced sites go.
/// A leftover that is a link (which Patrika never makes: the site's checkout may hold
/// one) is removed as a link, and nothing where it leads is touched.
pub fn recover(output_dir: &Path) -> Result<()> {
    let (new, old) = (sibling(output_dir, "new"), sibling(output_dir, "old"));
    if std::fs::symlink_metadata(output_dir).is_err() && is_real_dir(&old) {
        std::fs::rename(&old, output_dir)
            .with_context(|| format!("cannot restore the previous site from {}", old.display()))?;
    }
    for leftover in [new, old] {
        if std::fs::symlink_metadata(&leftover).is_ok() {
            remove_tree(&leftover).with_context(|| format!("cannot remove the leftover {}", leftover.display()))?;
        }
    }
    Ok(())
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove_tree(&self.dir);
        }
    }
}

impl PageSink for Staging {
    fn fresh(&self, path: &str, bytes: Vec<u8>) -> std::result::Result<Option<Arc<[u8]>>, String> {
        self.write_bytes(path, &bytes).map(|()| None).map_err(|e| format!("{e:#}"))
    }
    fn cached(&self, path: &str, bytes: &Arc<[u8]>) -> std::result::Result<(), String> {
        self.write_bytes(path, bytes).map_err(|e| format!("{e:#}"))
    }
}

/// The file at the root of every output folder Patrika writes: its mark of ownership.
pub(crate) const MARKER: &str = ".patrika-output";

const MARKER_TEXT: &[u8] = b"This folder is written by Patrika. A build replaces all of it.\n";

/// Why the output folder must not be replaced, if it must not: a build replaces the whole folder.
pub(crate) fn check_output_dir(config: &Config) -> Result<(), String> {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let out = canon(&config.output_dir);
    let root = canon(&config.root);
    let inside = ["content", "templates", "themes", "static"]
        .into_iter()
        .find(|dir| out.starts_with(canon(&config.root.join(dir))));
    let why = if root.starts_with(&out) {
        "it is the site root (or contains it)".to_string()
    } else if let Some(dir) = inside {
        format!("it is inside {dir}/, which holds the site's own files")
    } else if out.join(config::CONFIG_FILE).exists() {
        "it holds a config.toml".to_string()
    } else if out.exists() && !out.is_dir() {
        "it is a file, not a folder".to_string()
    } else if out.is_dir() && !out.join(MARKER).is_file() && !is_empty_dir(&out) {
        format!("it is a folder Patrika did not write (it has no {MARKER}); empty it or choose another output folder")
    } else {
        return Ok(());
    };
    Err(format!(
        "refusing to write the site to {}: {why}, and a build replaces the whole folder",
        config.output_dir.display()
    ))
}

fn is_empty_dir(dir: &Path) -> bool {
    std::fs::read_dir(dir).map(|mut entries| entries.next().is_none()).unwrap_or(false)
}

/// The output refusal as a diagnostic at `[build] output_dir`, when config.toml chose the folder.
pub(crate) fn refusal_diagnostic(config: &Config, message: &str) -> Option<Diagnostic> {
    match config.output_origin {
        config::OutputOrigin::Config(at) => Some(Diagnostic::error_pos(config::CONFIG_FILE, at, message)),
        _ => None,
    }
}

/// Removes a folder tree, its top-level entries in parallel (a built site is mostly `hi/` and `en/`).
/// Links are removed as links, never followed: not even `dir` itself, if it is one.
fn remove_tree(dir: &Path) -> std::io::Result<()> {
    if !is_real_dir(dir) {
        return std::fs::remove_file(dir);
    }
    let entries: Vec<PathBuf> = std::fs::read_dir(dir)?.flatten().map(|e| e.path()).collect();
    entries.par_iter().try_for_each(|p| {
        if p.is_dir() && !p.is_symlink() { std::fs::remove_dir_all(p) } else { std::fs::remove_file(p) }
    })?;
    std::fs::remove_dir(dir)
}

/// Writes `files` as the new content of `output_dir`, replacing the old one at the end.
pub(crate) fn write_site(output_dir: &Path, files: &OutputTree) -> Result<()> {
    Staging::create(output_dir)?.commit(files)
}

/// `root/rel`, for a `rel` that stays inside `root`.
fn checked_join(root: &Path, rel: &str) -> Result<PathBuf> {
    if rel.starts_with('/') || rel.split('/').any(|part| part == "..") {
        bail!("refusing to write outside the output folder: {rel}");
    }
    Ok(root.join(rel))
}

fn write_bytes(root: &Path, rel: &str, bytes: &[u8]) -> Result<()> {
    let dest = checked_join(root, rel)?;
    if let Some(parent) = dest.parent() {
        std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
    }
    std::fs::write(&dest, bytes).with_context(|| format!("cannot write {}", dest.display()))
}

fn write_one(root: &Path, rel: &str, content: &Content) -> Result<()> {
    write_bytes(root, rel, &bytes_of(content)?)
}

/// The bytes a file of the site is to hold: its own, or read from the file it copies.
fn bytes_of(content: &Content) -> Result<std::borrow::Cow<'_, [u8]>> {
    use std::borrow::Cow;
    Ok(match content {
        Content::Bytes(bytes) => Cow::Borrowed(&bytes[..]),
        Content::Copy(FileSource::Builtin(bytes)) => Cow::Borrowed(bytes),
        Content::Copy(FileSource::Disk(src)) => {
            Cow::Owned(std::fs::read(src).with_context(|| format!("cannot read {}", src.display()))?)
        }
    })
}

/// Brings an existing output folder from `old` to `new` (watch mode): writes only
/// files whose bytes changed and removes files the site no longer has.
pub(crate) fn sync(
    output_dir: &Path,
    old: &HashMap<String, Arc<[u8]>>,
    new: &HashMap<String, Arc<[u8]>>,
) -> Result<usize> {
    let changed: Vec<(&String, &Arc<[u8]>)> =
        // The same bytes (a page a rebuild took from its cache) need no comparing, byte by byte, again.
        new.iter().filter(|(path, bytes)| old.get(*path).is_none_or(|o| !Arc::ptr_eq(o, bytes) && o[..] != bytes[..])).collect();
    changed.par_iter().try_for_each(|(rel, bytes)| write_one(output_dir, rel, &Content::Bytes(Arc::clone(bytes))))?;
    for gone in old.keys().filter(|k| !new.contains_key(*k)) {
        if gone.split('/').any(|p| p == "..") {
            continue;
        }
        let path = output_dir.join(gone);
        if path.is_file() {
            std::fs::remove_file(&path).with_context(|| format!("cannot remove {}", path.display()))?;
        }
        // Folders the site no longer has go too, so the output equals a fresh build's.
        let mut folder = path.parent();
        while let Some(dir) = folder.filter(|d| *d != output_dir && d.starts_with(output_dir)) {
            if std::fs::remove_dir(dir).is_err() {
                break; // not empty: something of the site is still in it
            }
            folder = dir.parent();
        }
    }
    Ok(changed.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_previous_output_whole() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write_site(&out, &vec![("a/index.html".into(), Content::Bytes(b"one".as_slice().into()))]).unwrap();
        write_site(&out, &vec![("b.txt".into(), Content::Bytes(b"two".as_slice().into()))]).unwrap();
        assert!(!out.join("a/index.html").exists());
        assert_eq!(std::fs::read(out.join("b.txt")).unwrap(), b"two");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(leftovers, vec![std::ffi::OsString::from("public")]);
    }

    #[test]
    fn refuses_paths_that_climb_out() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let err = write_site(&out, &vec![("../evil".into(), Content::Bytes(Vec::new().into()))]).unwrap_err();
        assert!(err.to_string().contains("outside the output folder"));
        assert!(!dir.path().join("evil").exists());
    }
}
