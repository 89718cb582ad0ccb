//! Walks `content/` and reads every Markdown file as normalised text (BOM
//! stripped, LF line endings, Unicode NFC). The only stage that reads content.

use std::collections::{BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::SystemTime;

use crate::diagnostic::Diagnostic;
use crate::read::disk::{self, is_ignored_name};

/// The content folder name, relative to the site root.
pub(crate) const CONTENT_DIR: &str = "content";

/// One Markdown file as read from disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct SourceFile {
    /// Relative to the site root, e.g. `content/briefings/x.hi.md`.
    pub path: PathBuf,
    /// Relative to `content/`, with `/` separators, e.g. `briefings/x.hi.md`.
    pub content_path: String,
    /// NFC text with LF line endings and no BOM; shared with the document parsed from it.
    pub text: Arc<String>,
    /// Hash of `text`, the key of every cache downstream.
    pub hash: u64,
}

/// Reads a regular file of the site as text: one inside the site's folder (a link
/// leading outside is refused, as everywhere), and not a pipe (it would block for
/// ever) or a folder (nothing to read); the error says what it is.
pub(crate) fn read_regular(root: &Path, path: &Path) -> Result<String, Unreadable> {
    let real = site_path(root, path)?;
    let meta = std::fs::metadata(&real)?;
    if !meta.is_file() {
        let what = if meta.is_dir() { "a folder" } else { "not a regular file (a pipe, socket or device)" };
        return Err(std::io::Error::new(std::io::ErrorKind::InvalidInput, format!("it is {what}")).into());
    }
    utf8(std::fs::read(real)?)
}

/// Why a text file of the site could not be read.
#[derive(Debug)]
pub(crate) enum Unreadable {
    Io(std::io::Error),
    /// Not UTF-8 from this line and column on.
    NotUtf8 {
        line: usize,
        col: usize,
    },
}

impl From<std::io::Error> for Unreadable {
    fn from(e: std::io::Error) -> Self {
        Unreadable::Io(e)
    }
}

impl Unreadable {
    /// Whether the file is not there at all (many files of a site are optional).
    pub(crate) fn is_missing(&self) -> bool {
        matches!(self, Unreadable::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }

    /// The problem at its place in `shown` (the file as messages name it); `hint` follows
    /// the message of a file that could not be read at all.
    pub(crate) fn diagnostic(&self, shown: &Path, hint: &str) -> Diagnostic {
        match self {
            Unreadable::Io(e) => Diagnostic::error(shown, 1, 1, format!("cannot read {}: {e}{hint}", shown.display())),
            Unreadable::NotUtf8 { line, col } => Diagnostic::error(shown, *line, *col, "the file is not valid UTF-8"),
        }
    }
}

/// Bytes as text, or where they stop being UTF-8.
fn utf8(bytes: Vec<u8>) -> Result<String, Unreadable> {
    String::from_utf8(bytes).map_err(|e| {
        let (line, col) =
            crate::diagnostic::line_col(&String::from_utf8_lossy(e.as_bytes()), e.utf8_error().valid_up_to());
        Unreadable::NotUtf8 { line, col }
    })
}

/// Where a path of the site really is, or an error saying that it leads outside.
fn site_path(root: &Path, path: &Path) -> std::io::Result<PathBuf> {
    match disk::Boundary::site(root).resolve(path) {
        Ok(real) => Ok(real),
        Err(disk::Refusal::Io(e)) => Err(e),
        Err(disk::Refusal::Hidden(below)) => Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!("it is a symbolic link to a hidden file ({}); hidden files are never read", below.display()),
        )),
        Err(disk::Refusal::Outside(real)) => Err(std::io::Error::new(
            std::io::ErrorKind::PermissionDenied,
            format!(
                "it is a symbolic link that leads outside the site (to {}); only files inside it are read",
                real.display()
            ),
        )),
    }
}

/// Whether a file name ends in `.md` in any case (`.MD` is reported later, not skipped).
pub(crate) fn is_markdown_name(name: &str) -> bool {
    name.len() > 3 && name.is_char_boundary(name.len() - 3) && name[name.len() - 3..].eq_ignore_ascii_case(".md")
}

/// A Markdown file found by walking `content/`: where the walk found it really is (checked
/// to be inside the site), its size and modification time then.
struct Found {
    real: PathBuf,
    len: u64,
    modified: Option<SystemTime>,
}

/// Lists the Markdown files under `root/content`, sorted, each with what the walk found
/// out about it. Links are followed inside the site and refused (an error at the link,
/// whatever its name) when they lead outside.
fn markdown_files(root: &Path) -> (Vec<(PathBuf, Found)>, Vec<Diagnostic>) {
    let dir = root.join(CONTENT_DIR);
    let walked = disk::walk(&dir, &disk::Boundary::site(root));
    let mut files = Vec::new();
    let mut diags = walked.problems;
    for entry in walked.entries {
        if !is_markdown_name(entry.shown.file_name().map(|n| n.to_string_lossy()).as_deref().unwrap_or("")) {
            continue;
        }
        // Reading a FIFO would block for ever; a folder or dangling link has nothing to read.
        let what = match entry.kind {
            disk::EntryKind::File { real, len, modified } => {
                files.push((entry.shown, Found { real, len, modified }));
                continue;
            }
            disk::EntryKind::Folder { .. } => "a folder",
            disk::EntryKind::NotAFile(what) => what,
            disk::EntryKind::Refused => continue,
        };
        diags.push(Diagnostic::error(entry.shown, 1, 1, format!("is named like a briefing but is {what}")));
    }
    files.sort_by(|a, b| a.0.cmp(&b.0));
    (files, diags)
}

/// Reads one Markdown file (path relative to `root`) into a [`SourceFile`].
/// `boundary` is the site's ([`disk::Boundary::site`] of `root`), made once per read of all files.
pub(crate) fn read(root: &Path, boundary: &disk::Boundary, path: &Path) -> Result<SourceFile, Diagnostic> {
    let real = boundary.resolve(&root.join(path)).map_err(|refusal| boundary.finding(&root.join(path), &refusal))?;
    read_real(path, &real)
}

/// Reads the Markdown file `path` (relative to the site root) from `real`, where it really
/// is: resolved by the site's boundary, or found by walking `content/` under the same rule.
fn read_real(path: &Path, real: &Path) -> Result<SourceFile, Diagnostic> {
    let bytes = std::fs::read(real).map_err(|e| Diagnostic::error(path, 1, 1, format!("cannot read: {e}")))?;
    let raw = utf8(bytes).map_err(|problem| problem.diagnostic(path, ""))?;
    let text = crate::text::normalise_owned(raw);
    Ok(SourceFile {
        path: path.to_path_buf(),
        content_path: content_path_of(path),
        hash: crate::text::hash_of(&text),
        text: Arc::new(text),
    })
}

/// Files as last read, with their modification time and size then.
///
/// In watch mode the watcher says which files changed, so a rebuild re-reads
/// just those and keeps the last listing of `content/`; anything it cannot
/// vouch for (a folder appearing or vanishing) sends the next read back to a
/// full walk, which compares every file's modification time and size.
#[derive(Debug, Clone, Default)]
pub(crate) struct ReadCache {
    entries: HashMap<PathBuf, (Option<SystemTime>, u64, Arc<SourceFile>)>,
    /// The sorted Markdown paths of the last read, while they can be trusted.
    listing: Option<Vec<PathBuf>>,
    /// Files reported changed since the last read.
    changed: BTreeSet<PathBuf>,
}

impl ReadCache {
    /// Notes that a path below the site root changed, so that it is read again.
    pub(crate) fn changed(&mut self, root: &Path, path: &Path) {
        self.entries.remove(path);
        let is_markdown = path.file_name().is_some_and(|n| is_markdown_name(&n.to_string_lossy()));
        let full = root.join(path);
        // A regular file, or one that is gone, is read again (or dropped) alone.
        let gone = std::fs::symlink_metadata(&full).is_err();
        if is_markdown && (full.is_file() || gone) {
            self.changed.insert(path.to_path_buf());
        } else if !full.is_file() {
            // A folder came or went, or something that is not a file took a source's name: walk again,
            // and the walk reports what it finds. A path that is gone and held no source (an editor's
            // short-lived file, such as vim's `4913`) leaves the listing as it was.
            let held_sources = || self.listing.as_ref().is_none_or(|l| l.iter().any(|p| p.starts_with(path)));
            if !gone || held_sources() {
                self.listing = None;
            }
        }
    }

    /// Reads just the files reported changed, when the last read can vouch for everything
    /// else: each is a Markdown file that is still there (new ones join the listing), or one
    /// of the listing that is gone (it leaves it). `None`, with nothing read or forgotten,
    /// when that is not so (a full read follows).
    pub(crate) fn read_reported(&mut self, root: &Path) -> Option<Reported> {
        let listing = self.listing.as_ref()?;
        let known = |p: &PathBuf| listed(root, p) || listing.binary_search(p).is_ok();
        if self.changed.is_empty() || !self.changed.iter().all(known) {
            return None;
        }
        let mut fresh = Vec::with_capacity(self.changed.len());
        let mut gone = Vec::new();
        let boundary = disk::Boundary::site(root);
        for path in &self.changed {
            if !listed(root, path) {
                gone.push(path.clone());
                continue;
            }
            let meta = std::fs::metadata(root.join(path)).ok()?;
            // A file that now leads outside is read by the full read, which reports it.
            let file = Arc::new(read(root, &boundary, path).ok()?);
            fresh.push((path.clone(), (meta.modified().ok(), meta.len(), file)));
        }
        let listing = self.listing.get_or_insert_default();
        let mut new = Vec::new();
        for (path, _) in &fresh {
            if let Err(at) = listing.binary_search(path) {
                listing.insert(at, path.clone());
                new.push(path.clone());
            }
        }
        for path in &gone {
            if let Ok(at) = listing.binary_search(path) {
                listing.remove(at);
            }
            self.entries.remove(path);
        }
        self.changed.clear();
        let files = fresh.iter().map(|(_, (_, _, file))| Arc::clone(file)).collect();
        self.entries.extend(fresh);
        Some(Reported { files, new, gone })
    }
}

/// What [`ReadCache::read_reported`] read: the files reported changed that are there,
/// which of them are new to the listing, and those that are gone.
pub(crate) struct Reported {
    pub files: Vec<Arc<SourceFile>>,
    pub new: Vec<PathBuf>,
    pub gone: Vec<PathBuf>,
}

/// A path below `content/` as content paths are written: `/`-separated, NFC (`briefings/x.hi.md`).
pub(crate) fn content_path_of(path: &Path) -> String {
    let below = path
        .strip_prefix(CONTENT_DIR)
        .unwrap_or(path)
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect::<Vec<_>>()
        .join("/");
    crate::text::normalise(&below)
}

fn listed(root: &Path, path: &Path) -> bool {
    let full = root.join(path);
    full.is_file()
        && path.starts_with(CONTENT_DIR)
        && !path.components().any(|c| is_ignored_name(&c.as_os_str().to_string_lossy()))
}

/// Reads every Markdown file of the site, in parallel, reporting unreadable ones.
/// A file is read again only if it changed: the watcher said so, or (on a full
/// walk) its modification time or size differ from the cache.
pub(crate) fn read_all(root: &Path, cache: &mut ReadCache) -> (Vec<Arc<SourceFile>>, Vec<Diagnostic>) {
    use rayon::prelude::*;
    let changed = std::mem::take(&mut cache.changed);
    // A full walk says where each file really is and its size and time, which a read of all
    // files then need not ask again, file by file (on a 10,000-pair site that asking took
    // longer than the reading).
    let mut found = Vec::new();
    let (paths, mut diags, trusted) = match cache.listing.take() {
        Some(mut listing) => {
            for path in &changed {
                let at = listing.binary_search(path);
                match (at, listed(root, path)) {
                    (Err(i), true) => listing.insert(i, path.clone()),
                    (Ok(i), false) => {
                        listing.remove(i);
                    }
                    _ => {}
                }
            }
            (listing, Vec::new(), true)
        }
        None => {
            let (files, diags) = markdown_files(root);
            let paths;
            (paths, found) = files.into_iter().unzip();
            (paths, diags, false)
        }
    };
    let previous = std::mem::take(&mut cache.entries);
    let boundary = disk::Boundary::site(root);
    type Fresh = (Option<SystemTime>, u64, Arc<SourceFile>);
    let results: Vec<Result<Fresh, Diagnostic>> = paths
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            if trusted
                && !changed.contains(p)
                && let Some((m, l, file)) = previous.get(p)
            {
                return Ok((*m, *l, Arc::clone(file)));
            }
            let walked = found.get(i);
            let (modified, len) = match walked {
                Some(f) => (f.modified, f.len),
                None => {
                    let meta = std::fs::metadata(root.join(p)).ok();
                    (meta.as_ref().and_then(|m| m.modified().ok()), meta.as_ref().map_or(0, |m| m.len()))
                }
            };
            match previous.get(p) {
                Some((m, l, file)) if modified.is_some() && *m == modified && *l == len && !changed.contains(p) => {
                    Ok((modified, len, Arc::clone(file)))
                }
                _ => match walked {
                    Some(f) => read_real(p, &f.real),
                    None => read(root, &boundary, p),
                }
                .map(|file| (modified, len, Arc::new(file))),
            }
        })
        .collect();
    let mut files = Vec::with_capacity(results.len());
    for (path, r) in paths.iter().zip(results) {
        match r {
            Ok((modified, len, file)) => {
                cache.entries.insert(path.clone(), (modified, len, Arc::clone(&file)));
                files.push(file);
            }
            Err(d) => diags.push(d),
        }
    }
    cache.listing = Some(paths);
    (files, diags)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_ignored() {
        for name in [".#a.md", "a.md~", ".a.md.swp", "#a.md#", ".hidden"] {
            assert!(is_ignored_name(name), "{name}");
        }
        assert!(!is_ignored_name("a.hi.md"));
    }
}
