//! Watches the files a site is built from and turns editor noise into a list of
//! classified changes. Knows nothing about building.

use std::path::{Path, PathBuf};
use std::sync::mpsc::{Receiver, Sender, channel};
use std::time::Duration;

use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

use crate::read::disk::is_ignored_name;

/// What kind of input a changed file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    Content,
    Template,
    ThemeTemplate,
    ThemeStrings,
    ThemeAsset,
    Static,
    Config,
    Glossary,
    /// Not a file: the search index made in the background is ready (`pagefind`).
    SearchIndex,
}

/// One changed input, relative to the site root.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Change {
    pub kind: ChangeKind,
    pub path: PathBuf,
}

/// The folders below the site root that are watched recursively.
pub(crate) const WATCHED_DIRS: &[&str] = &["content", "templates", "themes", "static"];

/// Classifies a changed path; `None` for files no build reads (editor swap files,
/// the output folder, anything else in the root).
pub fn classify(root: &Path, output_dir: &Path, path: &Path) -> Option<Change> {
    if path.starts_with(output_dir) {
        return None;
    }
    let rel = path.strip_prefix(root).ok()?;
    if rel.components().any(|c| is_ignored_name(&c.as_os_str().to_string_lossy())) {
        return None;
    }
    let parts: Vec<String> = rel.components().map(|c| c.as_os_str().to_string_lossy().into_owned()).collect();
    let kind = match parts.iter().map(String::as_str).collect::<Vec<_>>().as_slice() {
        ["config.toml"] | ["authors.toml"] => ChangeKind::Config,
        ["glossary.toml"] => ChangeKind::Glossary,
        ["content", ..] => ChangeKind::Content,
        ["templates", ..] => ChangeKind::Template,
        ["themes", _, "templates", ..] => ChangeKind::ThemeTemplate,
        ["themes", _, "i18n", ..] => ChangeKind::ThemeStrings,
        ["themes", _, ..] => ChangeKind::ThemeAsset,
        ["static", ..] => ChangeKind::Static,
        _ => return None,
    };
    Some(Change { kind, path: rel.to_path_buf() })
}

/// Whether a batch of changes touches only stylesheets, which a browser can swap without reloading.
pub(crate) fn only_css(changes: &[Change]) -> bool {
    !changes.is_empty()
        && changes.iter().all(|c| {
            matches!(c.kind, ChangeKind::ThemeAsset | ChangeKind::Static)
                && c.path.extension().is_some_and(|e| e == "css")
        })
}

/// A running watcher: batches of changes arrive on `changes`.
pub(crate) struct SiteWatcher {
    debouncer: Debouncer<notify::RecommendedWatcher, RecommendedCache>,
    root: PathBuf,
    /// Folders watched recursively, with the identity they had when the watch began.
    watched: Vec<(PathBuf, (u64, u64))>,
    pub changes: Receiver<Vec<Change>>,
    /// Reports changes as the watcher does: work finished in the background asks for a rebuild.
    sender: Sender<Vec<Change>>,
}

/// How long the watcher waits for a burst of events (an editor's save, a `git checkout`) to end.
pub(crate) const DEBOUNCE: Duration = Duration::from_millis(15);

impl SiteWatcher {
    /// Starts watching the site under `root`, ignoring `output_dir`.
    pub(crate) fn start(root: &Path, output_dir: &Path) -> notify::Result<SiteWatcher> {
        let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
        let output_dir = output_dir.canonicalize().unwrap_or_else(|_| output_dir.to_path_buf());
        let (tx, rx) = channel();
        let sender = tx.clone();
        let (root_c, out_c) = (root.clone(), output_dir.clone());
        let debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
            let Ok(events) = result else { return };
            // Reads (including the debouncer's own scan of folders) change nothing.
            let mut changes: Vec<Change> = events
                .iter()
                .filter(|e| !matches!(e.kind, notify::EventKind::Access(_)))
                .flat_map(|e| e.paths.iter())
                .filter_map(|p| classify(&root_c, &out_c, p).or_else(|| top_level_dir(&root_c, p)))
                .collect();
            changes.sort();
            changes.dedup();
            if !changes.is_empty() {
                let _ = tx.send(changes);
            }
        })?;
        let mut watcher = SiteWatcher { debouncer, root, watched: Vec::new(), changes: rx, sender };
        watcher.debouncer.watch(&watcher.root, RecursiveMode::NonRecursive)?;
        watcher.refresh();
        Ok(watcher)
    }

    /// A way to report changes as if the watcher had seen them.
    pub(crate) fn sender(&self) -> Sender<Vec<Change>> {
        self.sender.clone()
    }

    /// Watches folders that appeared (e.g. `content/` deleted and made again) and forgets vanished ones.
    pub(crate) fn refresh(&mut self) {
        for name in WATCHED_DIRS {
            let dir = self.root.join(name);
            let now = folder_identity(&dir);
            let known = self.watched.iter().position(|(d, _)| d == &dir);
            match (now, known) {
                (Some(id), None) if self.debouncer.watch(&dir, RecursiveMode::Recursive).is_ok() => {
                    self.watched.push((dir, id));
                }
                (None, Some(i)) => {
                    let _ = self.debouncer.unwatch(&dir);
                    self.watched.remove(i);
                }
                // A folder replaced by a new one of the same name needs a new watch;
                // the same folder keeps its watch (re-watching rescans every file in it).
                (Some(id), Some(i)) if self.watched[i].1 != id => {
                    let _ = self.debouncer.unwatch(&dir);
                    let _ = self.debouncer.watch(&dir, RecursiveMode::Recursive);
                    self.watched[i].1 = id;
                }
                _ => {}
            }
        }
    }
}

/// Which folder a path is (device and inode), so a deleted and re-created one is noticed.
fn folder_identity(dir: &Path) -> Option<(u64, u64)> {
    let meta = std::fs::metadata(dir).ok().filter(std::fs::Metadata::is_dir)?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::MetadataExt;
        Some((meta.dev(), meta.ino()))
    }
    #[cfg(not(unix))]
    {
        let _ = meta;
        Some((0, 0))
    }
}

/// A watched folder itself being created or removed counts as a change of its kind.
fn top_level_dir(root: &Path, path: &Path) -> Option<Change> {
    let rel = path.strip_prefix(root).ok()?;
    let name = rel.to_str()?;
    let kind = match name {
        "content" => ChangeKind::Content,
        "templates" => ChangeKind::Template,
        "themes" => ChangeKind::ThemeTemplate,
        "static" => ChangeKind::Static,
        _ => return None,
    };
    Some(Change { kind, path: rel.to_path_buf() })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(path: &str) -> Option<ChangeKind> {
        classify(Path::new("/site"), Path::new("/site/public"), Path::new(path)).map(|c| c.kind)
    }

    #[test]
    fn paths_are_classified_by_what_they_feed() {
        assert_eq!(kind("/site/content/briefings/x.hi.md"), Some(ChangeKind::Content));
        assert_eq!(kind("/site/templates/page.html"), Some(ChangeKind::Template));
        assert_eq!(kind("/site/themes/default/templates/base.html"), Some(ChangeKind::ThemeTemplate));
        assert_eq!(kind("/site/themes/default/i18n/hi.toml"), Some(ChangeKind::ThemeStrings));
        assert_eq!(kind("/site/themes/default/static/style.css"), Some(ChangeKind::ThemeAsset));
        assert_eq!(kind("/site/static/logo.svg"), Some(ChangeKind::Static));
        assert_eq!(kind("/site/config.toml"), Some(ChangeKind::Config));
        assert_eq!(kind("/site/glossary.toml"), Some(ChangeKind::Glossary));
    }

    #[test]
    fn editor_leftovers_output_and_strangers_are_ignored() {
        assert_eq!(kind("/site/content/briefings/.x.hi.md.swp"), None);
        assert_eq!(kind("/site/content/briefings/x.hi.md~"), None);
        assert_eq!(kind("/site/content/.#x.hi.md"), None);
        assert_eq!(kind("/site/content/4913"), Some(ChangeKind::Content), "vim's probe file still triggers a rebuild");
        assert_eq!(kind("/site/public/hi/index.html"), None);
        assert_eq!(kind("/site/README.md"), None);
        assert_eq!(kind("/elsewhere/config.toml"), None);
    }

    #[test]
    fn css_only_batches_are_recognised() {
        let css = Change { kind: ChangeKind::ThemeAsset, path: "themes/default/static/style.css".into() };
        let md = Change { kind: ChangeKind::Content, path: "content/x.md".into() };
        assert!(only_css(std::slice::from_ref(&css)));
        assert!(!only_css(&[css, md]));
        assert!(!only_css(&[]));
    }
}
