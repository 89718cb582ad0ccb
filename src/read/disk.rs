//! The one rule for files on disk: only files inside the site's folder are read.
//! A symbolic link is followed when it leads inside, and is an error at the
//! link's own path when it leads outside. Every walk of a site folder
//! (`content/`, bundles, `static/`, `templates/`, the theme) and every read of a
//! single site file goes through here, so there is one rule, not one per folder.

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::diagnostic::Diagnostic;

/// The folders whose files may be read: the site root, and for a theme its own folder
/// too (a theme under `themes/` may be a link to one kept elsewhere).
#[derive(Debug, Clone)]
pub(crate) struct Boundary {
    /// The site root as given, to name paths in messages.
    root: PathBuf,
    /// Canonical folders; a file is readable when its real path is below one of them.
    inside: Vec<PathBuf>,
}

impl Boundary {
    /// Only the site's own folder.
    pub(crate) fn site(root: &Path) -> Boundary {
        Boundary { root: root.to_path_buf(), inside: vec![canonical_or_same(root)] }
    }

    /// The site's folder and a theme's folder, wherever the theme's link leads.
    pub(crate) fn with_theme(&self, theme_dir: &Path) -> Boundary {
        let mut inside = self.inside.clone();
        inside.push(canonical_or_same(theme_dir));
        Boundary { root: self.root.clone(), inside }
    }

    /// The part of a real path below the boundary's folder that holds it, if one does.
    fn below<'p>(&self, real: &'p Path) -> Option<&'p Path> {
        self.inside.iter().find_map(|folder| real.strip_prefix(folder).ok())
    }

    /// A path as messages show it: relative to the site root when below it.
    fn shown(&self, path: &Path) -> PathBuf {
        let base = &self.inside[0];
        match path.strip_prefix(base).or_else(|_| path.strip_prefix(&self.root)) {
            Ok(rel) if rel.as_os_str().is_empty() => PathBuf::from("."),
            Ok(rel) => rel.to_path_buf(),
            Err(_) => path.to_path_buf(),
        }
    }

    /// Where `path` (below the site root as written) really is, if that is inside;
    /// otherwise the finding at `path`. A path that does not exist is an I/O error.
    pub(crate) fn resolve(&self, path: &Path) -> Result<PathBuf, Refusal> {
        let real = std::fs::canonicalize(path).map_err(Refusal::Io)?;
        let Some(below) = self.below(&real) else { return Err(Refusal::Outside(real)) };
        // A link must not reach what the walks never read by name: `.git` (whose config may
        // hold a deploy token), `.patrika`, an editor's backup.
        if below.components().any(|c| is_ignored_name(&c.as_os_str().to_string_lossy())) {
            let shown = below.to_path_buf();
            return Err(Refusal::Hidden(shown));
        }
        Ok(real)
    }

    /// The finding for a path this boundary refused, at the path as messages show it.
    pub(crate) fn finding(&self, path: &Path, refusal: &Refusal) -> Diagnostic {
        Diagnostic::error(self.shown(path), 1, 1, refusal.describe(self))
    }
}

/// Why a path was not read.
#[derive(Debug)]
pub(crate) enum Refusal {
    /// Its real path is outside every folder of the boundary.
    Outside(PathBuf),
    /// It leads to a hidden file or folder (or an editor's file) inside: the path below the site.
    Hidden(PathBuf),
    /// It cannot be resolved (a link to nothing, a link loop, no permission).
    Io(std::io::Error),
}

impl Refusal {
    fn describe(&self, boundary: &Boundary) -> String {
        match self {
            Refusal::Outside(real) => {
                let theme = if boundary.inside.len() > 1 { " or the theme's folder" } else { "" };
                format!(
                    "is a symbolic link that leads outside the site (to {}): only files inside the site's \
                     folder{theme} are read, so copy the file in instead",
                    real.display()
                )
            }
            Refusal::Hidden(below) => format!(
                "is a symbolic link to a hidden file or folder ({}): hidden files such as .git are never \
                 read or published",
                below.display()
            ),
            Refusal::Io(e) if e.kind() == std::io::ErrorKind::NotFound => "is a symbolic link to nothing".to_string(),
            Refusal::Io(e) => format!("cannot be read: {e}"),
        }
    }
}

fn canonical_or_same(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// One entry found by [`walk`], named as it was reached (through links, not around them).
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    /// Relative to the walked folder, `/`-separated: `img/chart.png`.
    pub rel: String,
    /// Relative to the site root, as messages name it: `content/briefings/x/img/chart.png`.
    pub shown: PathBuf,
    pub kind: EntryKind,
}

/// What a walked entry is.
#[derive(Debug, Clone)]
pub(crate) enum EntryKind {
    /// A file to read, at its real path (where a link leads, checked to be inside).
    File { real: PathBuf, len: u64, modified: Option<SystemTime> },
    /// A folder (its entries follow), at its real path.
    Folder { real: PathBuf },
    /// Something that has no bytes to read; says what it is.
    NotAFile(&'static str),
    /// A link the rule refuses, or a second way into a folder; its finding is in [`Walked::problems`].
    Refused,
}

/// Everything below a folder, and the links that break the rule.
#[derive(Debug, Default)]
pub(crate) struct Walked {
    /// Sorted by path; hidden and editor files left out.
    pub entries: Vec<Entry>,
    /// Links that lead outside, link loops and folders that cannot be listed.
    pub problems: Vec<Diagnostic>,
}

/// Walks `dir` (a folder below the site root, as joined) in name order, skipping hidden and
/// editor files. Links inside the boundary are followed, files and folders alike; a link to
/// a folder already walked (a loop, or a second way in) is an error, so every walk ends.
pub(crate) fn walk(dir: &Path, boundary: &Boundary) -> Walked {
    let mut walked = Walked::default();
    let top = match boundary.resolve(dir) {
        Ok(real) => real,
        Err(Refusal::Io(e)) if e.kind() == std::io::ErrorKind::NotFound && std::fs::symlink_metadata(dir).is_err() => {
            return walked;
        }
        Err(refusal) => {
            walked.problems.push(boundary.finding(dir, &refusal));
            return walked;
        }
    };
    let mut seen: HashSet<PathBuf> = HashSet::from([top.clone()]);
    // Folders to list: (the folder as reached, its real path, its path relative to `dir`).
    // Real folders first, folders reached through links after them, so that a link to a
    // folder of the walk finds it read already whatever the names sort as.
    let mut folders: Vec<(PathBuf, PathBuf, String)> = vec![(dir.to_path_buf(), top, String::new())];
    let mut linked: std::collections::VecDeque<(PathBuf, PathBuf, String)> = Default::default();
    while let Some((reached, real_dir, rel_dir)) = folders.pop().or_else(|| linked.pop_front()) {
        let mut names: Vec<std::ffi::OsString> = match std::fs::read_dir(&real_dir) {
            Ok(list) => list.flatten().map(|e| e.file_name()).collect(),
            Err(e) => {
                walked.problems.push(boundary.finding(&reached, &Refusal::Io(e)));
                continue;
            }
        };
        names.sort();
        let mut below = Vec::new();
        for name in names {
            let name_text = name.to_string_lossy();
            if is_ignored_name(&name_text) {
                continue;
            }
            let rel = if rel_dir.is_empty() { name_text.into_owned() } else { format!("{rel_dir}/{name_text}") };
            let path = reached.join(&name);
            let shown = boundary.shown(&path);
            let Some((kind, is_link)) = entry_kind(&path, &real_dir.join(&name), boundary, &mut walked.problems) else {
                walked.entries.push(Entry { rel, shown, kind: EntryKind::Refused });
                continue;
            };
            if let EntryKind::Folder { real } = &kind {
                if !seen.insert(real.clone()) {
                    let message = format!(
                        "leads to a folder that is read already ({}): a link to a folder that contains it \
                         would never end, and a second way into one would publish it twice",
                        boundary.shown(real).display()
                    );
                    walked.problems.push(Diagnostic::error(&shown, 1, 1, message));
                    walked.entries.push(Entry { rel, shown, kind: EntryKind::Refused });
                    continue;
                }
                let next = (path, real.clone(), rel.clone());
                if is_link { linked.push_back(next) } else { below.push(next) }
            }
            walked.entries.push(Entry { rel, shown, kind });
        }
        // Reversed onto the stack, so that folders are listed in name order.
        folders.extend(below.into_iter().rev());
    }
    walked.entries.sort_by(|a, b| a.shown.cmp(&b.shown));
    walked
}

/// What one directory entry is, and whether it is a link; `None` (with a finding) for a
/// link the rule refuses. `path` is how it was reached, `at` where it is in its real folder.
fn entry_kind(
    path: &Path,
    at: &Path,
    boundary: &Boundary,
    problems: &mut Vec<Diagnostic>,
) -> Option<(EntryKind, bool)> {
    let own = match std::fs::symlink_metadata(at) {
        Ok(own) => own,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            return Some((EntryKind::NotAFile("gone while it was read"), false));
        }
        // A path longer than the system allows, say: reported, never silently left out.
        Err(e) => {
            problems.push(boundary.finding(path, &Refusal::Io(e)));
            return None;
        }
    };
    let is_link = own.file_type().is_symlink();
    let (real, meta) = if is_link {
        let real = match boundary.resolve(at) {
            Ok(real) => real,
            Err(Refusal::Io(e)) if e.kind() == std::io::ErrorKind::NotFound => {
                return Some((EntryKind::NotAFile("a symbolic link to nothing"), true));
            }
            Err(refusal) => {
                problems.push(boundary.finding(path, &refusal));
                return None;
            }
        };
        let meta = match std::fs::metadata(&real) {
            Ok(meta) => meta,
            Err(e) => {
                problems.push(boundary.finding(path, &Refusal::Io(e)));
                return None;
            }
        };
        (real, meta)
    } else {
        (at.to_path_buf(), own)
    };
    let kind = if meta.is_dir() {
        EntryKind::Folder { real }
    } else if meta.is_file() {
        EntryKind::File { real, len: meta.len(), modified: meta.modified().ok() }
    } else {
        EntryKind::NotAFile("not a regular file (a pipe, socket or device)")
    };
    Some((kind, is_link))
}

/// Whether a file name is an editor's temporary, backup or hidden file.
pub(crate) fn is_ignored_name(name: &str) -> bool {
    name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name.ends_with(".swo")
        || name.ends_with(".tmp")
        || name.ends_with(".bak")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn links_inside_are_followed_and_links_outside_refused_at_the_link() {
        use std::os::unix::fs::symlink;
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "SECRET").unwrap();
        let site = tempfile::tempdir().unwrap();
        let root = site.path();
        std::fs::create_dir_all(root.join("static/sub")).unwrap();
        std::fs::create_dir_all(root.join("shared")).unwrap();
        std::fs::write(root.join("shared/logo.png"), "png").unwrap();
        std::fs::write(root.join("static/a.txt"), "a").unwrap();
        symlink(outside.path().join("secret.txt"), root.join("static/env.txt")).unwrap();
        symlink(outside.path(), root.join("static/outer")).unwrap();
        symlink(root.join("shared/logo.png"), root.join("static/logo.png")).unwrap();
        symlink(root.join("shared"), root.join("static/sub/shared")).unwrap();
        symlink(root.join("static"), root.join("static/sub/loop")).unwrap();
        symlink(root.join("nothing"), root.join("static/gone.txt")).unwrap();
        std::fs::create_dir_all(root.join(".git")).unwrap();
        std::fs::write(root.join(".git/config"), "extraheader = AUTHORIZATION: basic c2VjcmV0").unwrap();
        symlink("../.git", root.join("static/git")).unwrap();
        let walked = walk(&root.join("static"), &Boundary::site(root));
        let files: Vec<(&str, String)> = walked
            .entries
            .iter()
            .filter_map(|e| match &e.kind {
                EntryKind::File { real, .. } => Some((e.rel.as_str(), std::fs::read_to_string(real).unwrap())),
                _ => None,
            })
            .collect();
        assert_eq!(files, [("a.txt", "a".into()), ("logo.png", "png".into()), ("sub/shared/logo.png", "png".into())]);
        let gone = walked.entries.iter().find(|e| e.rel == "gone.txt").unwrap();
        assert!(matches!(gone.kind, EntryKind::NotAFile("a symbolic link to nothing")));
        let problems: Vec<String> = walked.problems.iter().map(ToString::to_string).collect();
        let expected = [
            "static/env.txt:1:1: error: is a symbolic link that leads outside the site (to ",
            "static/git:1:1: error: is a symbolic link to a hidden file or folder (.git)",
            "static/outer:1:1: error: is a symbolic link that leads outside the site",
            "static/sub/loop:1:1: error: leads to a folder that is read already (static)",
        ];
        assert_eq!(problems.len(), expected.len(), "{problems:?}");
        for (got, want) in problems.iter().zip(expected) {
            assert!(got.starts_with(want), "{got}");
        }
    }
}
